/**
 * The entry of an index worker thread (see IndexWorkerPool): opens its own connection to the gallery index
 * and runs the tasks the main thread posts, one at a time. Built by scripts/build.mjs as
 * dist/gallery-index-worker.js beside dist/main.js; run from source (tests, bench) as this file.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { GalleryLayout } from './gallery-layout.ts';
import type { IndexWorkerData, IndexWorkerReply, IndexWorkerRequest } from './index-worker-tasks.ts';
import { IndexWorkerTasks } from './index-worker-tasks.ts';
import { BUSY_TIMEOUT_MS } from './open-gallery-index.ts';
import { ShardFiles } from './shard-files.ts';

const port = parentPort;
if (!port) throw new Error('index-worker.ts runs as a worker thread');
const layout = new GalleryLayout((workerData as IndexWorkerData).directory);
const database = new DatabaseSync(layout.databaseFile);
database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
// Per connection: without it every commit here would fsync, which WAL does not need for a disposable index.
database.exec('PRAGMA synchronous = NORMAL');
const tasks = new IndexWorkerTasks(database, new ShardFiles(layout));

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
