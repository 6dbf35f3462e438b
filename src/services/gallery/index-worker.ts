/**
 * The entry of an index worker thread (see IndexWorkerPool): opens its own connection to the gallery index
 * and runs the tasks the main thread posts, one at a time. Built by scripts/build.mjs as
 * dist/gallery-index-worker.js beside dist/main.js; run from source (tests, bench) as this file.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { GalleryLayout } from './gallery-layout.ts';
import { WorkerWriteLock } from './index-bulk-writer.ts';
import type { IndexWorkerData, IndexWorkerReply, IndexWorkerRequest } from './index-worker-tasks.ts';
import { IndexWorkerTasks } from './index-worker-tasks.ts';
import { BUSY_TIMEOUT_MS } from './open-gallery-index.ts';
import { ShardFiles } from './shard-files.ts';

const port = parentPort;
if (!port) throw new Error('index-worker.ts runs as a worker thread');
lowerThreadPriority();
const data = workerData as IndexWorkerData;
const layout = new GalleryLayout(data.directory);
const database = new DatabaseSync(layout.databaseFile);
database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
// Per connection: without it every commit here would fsync, which WAL does not need for a disposable index.
database.exec('PRAGMA synchronous = NORMAL');
const tasks = new IndexWorkerTasks(database, new ShardFiles(layout), new WorkerWriteLock(data.writeLock));

port.on('message', (request: IndexWorkerRequest) => {
  let reply: IndexWorkerReply;
  if ('close' in request) {
    tasks.close();
    port.postMessage({ id: request.id, ok: true, result: null } satisfies IndexWorkerReply);
    port.close();
    return;
  }
  try {
    reply = { id: request.id, ok: true, result: tasks.run(request.task) };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

/**
 * On Linux, lets this thread yield the CPU to the main thread (nice 10): with every core busy, the window's
 * IPC calls are still answered within a frame, and the index work simply takes the time left over. Linux
 * gives each thread its own nice value; elsewhere the call is skipped (it would apply to the whole process).
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(threadId) && threadId !== process.pid) setPriority(threadId, 10);
  } catch {
    // Best effort: without it the work is the same, only less polite.
  }
}
