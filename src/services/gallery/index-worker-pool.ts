/**
 * A few worker threads (node:worker_threads) that do the index's heavy work off the main thread: reading
 * image files' metadata and writing rows in short transactions on their own connections. `node:sqlite` is
 * synchronous, and the main thread also answers every IPC call and window event, so it only hands out
 * tasks here and keeps serving pages. Workers exist only while there is work; `close` ends them. A worker
 * leaves some memory behind in the process after it ends (about 12 MB for any worker, more for ours), so
 * the pool starts with one and grows only for bulk work (a rebuild).
 */
import { Worker } from 'node:worker_threads';
import { WorkerWriteLock } from './index-bulk-writer.ts';
import type { IndexTask, IndexTaskKind, IndexTasks, IndexWorkerData, IndexWorkerReply, IndexWorkerRequest } from './index-worker-tasks.ts';

/**
 * The worker's module: the TypeScript source when this file runs as source (tests, bench: Node strips the
 * types), else the file scripts/build.mjs writes beside dist/main.js, which is where this code then lives.
 */
export const INDEX_WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./index-worker.ts', import.meta.url)
  : new URL('./gallery-index-worker.js', import.meta.url);

interface Pending {
  readonly request: IndexWorkerRequest;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  current: Pending | null;
}

export class IndexWorkerPool {
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  readonly #workerUrl: URL;
  readonly #workerData: IndexWorkerData;
  /** Called when a slot's current request settles. */
  readonly #idleWaiters = new Map<Slot, Array<() => void>>();
  #nextId = 1;
  #failure: Error | null = null;
  #closing: Promise<void> | null = null;

  /** Starts one worker on the gallery in `directory`. */
  constructor(directory: string, workerUrl: URL = INDEX_WORKER_URL) {
    this.#workerUrl = workerUrl;
    this.#workerData = { directory, writeLock: WorkerWriteLock.buffer() };
    this.grow(1);
  }

  /** How many workers there are. */
  get size(): number {
    return this.#slots.length;
  }

  /** Starts more workers, up to `size` in all. */
  grow(size: number): void {
    if (this.#closing || this.#failure) return;
    while (this.#slots.length < size) this.#slots.push(this.#slot(new Worker(this.#workerUrl, { workerData: this.#workerData })));
    this.#dispatch();
  }

  /** Runs `task` on the next free worker. Rejects when the task throws there or a worker died. */
  run<K extends IndexTaskKind>(task: Extract<IndexTask, { kind: K }>): Promise<IndexTasks[K]['result']> {
    return this.#request({ id: this.#nextId++, task }) as Promise<IndexTasks[K]['result']>;
  }

  /** Lets running tasks finish, drops queued ones (they reject), then has each worker close its connection and exit. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    for (const pending of this.#queue.splice(0)) pending.reject(new Error('The index workers were closed'));
    await Promise.all(
      this.#slots.map(async (slot) => {
        const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
        await new Promise<void>((resolve) => this.#whenIdle(slot, resolve));
        const closed = this.#failure ? Promise.reject(this.#failure) : this.#send(slot, { id: this.#nextId++, close: true });
        // A worker that cannot close cleanly is stopped; its connection's open transaction is rolled back.
        await closed.catch(() => slot.worker.terminate());
        await exited;
      }),
    );
  }

  #request(request: IndexWorkerRequest): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closing) return Promise.reject(new Error('The index workers are closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#dispatch();
    });
  }

  #send(slot: Slot, request: IndexWorkerRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      slot.current = { request, resolve, reject };
      slot.worker.postMessage(request);
    });
  }

  #slot(worker: Worker): Slot {
    const slot: Slot = { worker, current: null };
    worker.on('message', (reply: IndexWorkerReply) => {
      const pending = slot.current;
      if (!pending || pending.request.id !== reply.id) return;
      slot.current = null;
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(reply.message));
      this.#notifyIdle(slot);
      this.#dispatch();
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => {
      if (slot.current && code !== 0) this.#fail(new Error(`An index worker stopped (exit code ${code})`));
    });
    return slot;
  }

  #whenIdle(slot: Slot, callback: () => void): void {
    if (!slot.current) callback();
    else this.#idleWaiters.set(slot, [...(this.#idleWaiters.get(slot) ?? []), callback]);
  }

  #notifyIdle(slot: Slot): void {
    const waiters = this.#idleWaiters.get(slot) ?? [];
    this.#idleWaiters.delete(slot);
    for (const waiter of waiters) waiter();
  }

  #dispatch(): void {
    if (this.#closing) return;
    for (const slot of this.#slots) {
      const next = slot.current ? undefined : this.#queue.shift();
      if (next) void this.#send(slot, next.request).then(next.resolve, next.reject);
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const slot of this.#slots) {
      slot.current?.reject(this.#failure);
      slot.current = null;
      this.#notifyIdle(slot);
    }
    for (const pending of this.#queue.splice(0)) pending.reject(this.#failure);
  }
}
