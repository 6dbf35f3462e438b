/**
 * The work an index worker does, one task per message: each is synchronous (the worker thread has nothing
 * else to do) and keeps every write transaction short (a few hundred rows), so the main process's own writes
 * wait at most one batch for the lock. The main process decides what to do and in which order
 * (IndexReconciler); the tasks only do it.
 */
import type { DatabaseSync } from 'node:sqlite';
import { GalleryIndex } from './gallery-index.ts';
import type { ImageFormat } from './image-format.ts';
import type { BulkRow, RenumberState } from './index-bulk-writer.ts';
import type { WorkerWriteLock } from './index-bulk-writer.ts';
import { IndexBulkWriter } from './index-bulk-writer.ts';
import type { ShardFiles } from './shard-files.ts';

/** Each task's arguments and result, by kind. */
export interface IndexTasks {
  /** `PRAGMA quick_check` on the whole index (too slow for the main thread at 100k images). */
  check: { args: object; result: { ok: boolean } };
  /** The current stamp of each shard folder. */
  stamps: { args: { shards: readonly string[] }; result: { stamps: Array<[string, string]> } };
  /**
   * Every image file of the shards, newest first, packed as {@link PACKED_ENTRY_LENGTH}-character entries (the
   * id, then `p` or `j`): one string crosses to the main thread far faster than 100k small arrays, and the
   * sort happens here rather than there. Each shard's stamp is taken before it is listed.
   */
  list: { args: { shards: readonly string[] }; result: { stamps: Array<[string, string]>; packed: string; duplicates: number } };
  /** Removes the shards' thumbnails whose image is gone (kept apart from `list` so a rebuild's first page comes sooner). */
  sweep: { args: { shards: readonly string[] }; result: object };
  /** Reads the files and inserts their rows with the keys a rebuild reserved for them. */
  index: { args: { rows: ReadonlyArray<{ id: string; format: ImageFormat; key: number }> }; result: { indexed: number; ignored: number; inOrder: boolean } };
  /**
   * Makes one shard agree with its folder: rows of missing files go (with their thumbnails), files without a
   * row are read and indexed, orphan thumbnails go. `stamp` is the folder's stamp when nothing else changed it
   * meanwhile (then the shard is known to match the index as of that stamp), else `null`.
   */
  reconcile: {
    args: { shard: string };
    result: { stamp: string | null; indexed: number; removed: number; ignored: number; inOrder: boolean };
  };
  /** One chunk of putting keys back in creation order; `state: null` starts a renumbering. */
  renumber: { args: { state: RenumberState | null; limit: number }; result: { state: RenumberState; moved: number; done: boolean } };
}

export type IndexTaskKind = keyof IndexTasks;
export type IndexTask = { [K in IndexTaskKind]: { readonly kind: K } & IndexTasks[K]['args'] }[IndexTaskKind];

/** One entry of a packed listing: a 26-character id and a format letter. */
export const PACKED_ENTRY_LENGTH = 27;

/**
 * Reads several packed listings (each newest first) as one, newest first: what a rebuild indexes in order
 * while the workers listed the shards in parallel.
 */
export class PackedListings {
  readonly total: number;
  readonly #packed: readonly string[];
  readonly #positions: number[];

  constructor(packed: readonly string[]) {
    this.#packed = packed;
    this.#positions = packed.map(() => 0);
    this.total = packed.reduce((sum, listing) => sum + listing.length / PACKED_ENTRY_LENGTH, 0);
  }

  /** Up to `count` more entries, newest first. */
  take(count: number): Array<{ id: string; format: ImageFormat }> {
    const taken: Array<{ id: string; format: ImageFormat }> = [];
    while (taken.length < count) {
      let best = -1;
      let bestId = '';
      for (const [listing, packed] of this.#packed.entries()) {
        const start = this.#positions[listing]! * PACKED_ENTRY_LENGTH;
        if (start >= packed.length) continue;
        const id = packed.slice(start, start + 26);
        if (best < 0 || id > bestId) [best, bestId] = [listing, id];
      }
      if (best < 0) break;
      const start = this.#positions[best]! * PACKED_ENTRY_LENGTH;
      taken.push({ id: bestId, format: this.#packed[best]![start + 26] === 'j' ? 'jpeg' : 'png' });
      this.#positions[best]! += 1;
    }
    return taken;
  }
}

/** Rows per write transaction: about 10–30 ms of work each, with their full-text entries. */
export const ROWS_PER_TRANSACTION = 256;

export class IndexWorkerTasks {
  readonly #database: DatabaseSync;
  readonly #index: GalleryIndex;
  readonly #writer: IndexBulkWriter;
  readonly #files: ShardFiles;

  constructor(database: DatabaseSync, files: ShardFiles, lock: WorkerWriteLock | null) {
    this.#database = database;
    this.#index = new GalleryIndex(database);
    this.#writer = new IndexBulkWriter(database, lock);
    this.#files = files;
  }

  run(task: IndexTask): IndexTasks[IndexTaskKind]['result'] {
    switch (task.kind) {
      case 'check':
        return this.#check();
      case 'stamps':
        return { stamps: task.shards.map((shard) => [shard, this.#files.stamp(shard)]) };
      case 'list':
        return this.#list(task.shards);
      case 'sweep':
        for (const shard of task.shards) this.#files.removeOrphanThumbnails(shard, this.#files.listImages(shard).images);
        return {};
      case 'index':
        return this.#indexRows(task.rows);
      case 'reconcile':
        return this.#reconcile(task.shard);
      case 'renumber': {
        return this.#writer.renumberChunk(task.state ?? this.#writer.startRenumbering(), task.limit);
      }
    }
  }

  close(): void {
    this.#index.close();
  }

  #check(): { ok: boolean } {
    try {
      const rows = this.#database.prepare('PRAGMA quick_check').all();
      return { ok: rows.length === 1 && rows[0]?.['quick_check'] === 'ok' };
    } catch {
      return { ok: false };
    }
  }

  #list(shards: readonly string[]): IndexTasks['list']['result'] {
    const stamps: Array<[string, string]> = [];
    const entries: string[] = [];
    let duplicates = 0;
    for (const shard of shards) {
      // The stamp comes first: a file added while we list changes the folder after it, so it cannot go unnoticed.
      stamps.push([shard, this.#files.stamp(shard)]);
      const listing = this.#files.listImages(shard);
      duplicates += listing.duplicates;
      for (const [id, format] of listing.images) entries.push(`${id}${format === 'png' ? 'p' : 'j'}`);
    }
    // Ids start with their creation time, so descending ids are newest first.
    entries.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    return { stamps, packed: entries.join(''), duplicates };
  }

  #indexRows(rows: IndexTasks['index']['args']['rows']): IndexTasks['index']['result'] {
    const found: BulkRow[] = [];
    for (const { id, format, key } of rows) {
      const image = this.#files.readRow(id, format);
      if (image) found.push({ image, key });
    }
    const { inserted, inOrder } = this.#insert(found);
    return { indexed: inserted, ignored: rows.length - found.length, inOrder };
  }

  #reconcile(shard: string): IndexTasks['reconcile']['result'] {
    // Stamped before listing, and again at the end: equal stamps mean the folder did not change in between
    // (a stale temporary file removed here counts as a change; the shard is then simply looked at next time).
    const stamp = this.#files.stamp(shard);
    const { images, duplicates } = this.#files.listImages(shard);
    const indexed = this.#index.idsInShard(shard);
    const gone = [...indexed].filter(([id, format]) => images.get(id) !== format).map(([id]) => id);
    for (const id of gone) this.#files.removeThumbnail(id);
    const removed = gone.length > 0 ? this.#writer.removeIds(gone) : 0;
    const found: BulkRow[] = [];
    let ignored = duplicates;
    for (const [id, format] of images) {
      if (indexed.get(id) === format) continue;
      const image = this.#files.readRow(id, format);
      if (image) found.push({ image, key: null });
      else ignored += 1;
    }
    const { inserted, inOrder } = this.#insert(found);
    this.#files.removeOrphanThumbnails(shard, images);
    return { stamp: stamp === this.#files.stamp(shard) ? stamp : null, indexed: inserted, removed, ignored, inOrder };
  }

  #insert(rows: readonly BulkRow[]): { inserted: number; inOrder: boolean } {
    let inserted = 0;
    let inOrder = true;
    for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
      const batch = this.#writer.insertBatch(rows.slice(start, start + ROWS_PER_TRANSACTION));
      inserted += batch.inserted;
      inOrder &&= batch.inOrder;
    }
    return { inserted, inOrder };
  }
}

/** What the main thread posts to an index worker: a task, or the request to close its connection and exit. */
export type IndexWorkerRequest = { readonly id: number; readonly task: IndexTask } | { readonly id: number; readonly close: true };

/** A worker's answer to one request. */
export type IndexWorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: IndexTasks[IndexTaskKind]['result'] | null }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** Passed to each worker as `workerData`. */
export interface IndexWorkerData {
  /** The gallery folder (the index file and the image folders are found from it, as GalleryLayout says). */
  readonly directory: string;
  /** The workers' shared write lock (see WorkerWriteLock). */
  readonly writeLock: SharedArrayBuffer;
}
