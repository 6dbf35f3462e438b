/**
 * Makes the index agree with the image folders, in the background, after the gallery has opened: the files
 * are the truth. It decides what to do and hands the work to index workers (IndexWorkerPool), so the main
 * thread keeps answering while it runs:
 *
 * 1. `checking`: the index's integrity (a full `quick_check`, skipped for a new index) and every shard
 *    folder's stamp. Shards whose stamp matches the one recorded at the last clean shutdown are skipped.
 * 2. An empty index (new, or lost): `listing` every changed shard newest first, then `indexing` the files
 *    in batches, newest first, with keys reserved in creation order, so the first page fills within the
 *    first batch and search needs no renumbering afterwards. Otherwise `reconciling` the changed shards
 *    one by one: rows of missing files dropped, files without a row indexed.
 * 3. `ordering`: when keys no longer follow creation order (files found out of order, a clock that went
 *    backwards, an old index), they are renumbered a chunk at a time.
 *
 * Files that are not gallery images are left alone; thumbnails without an image and stale temporary files
 * are removed.
 */
import { readdir } from 'node:fs/promises';
import type { GalleryIndexProgress } from '../../shared/gallery-schemas.ts';
import type { GalleryIndex } from './gallery-index.ts';
import { GalleryLayout } from './gallery-layout.ts';
import { IndexWorkerPool } from './index-worker-pool.ts';
import type { IndexTasks } from './index-worker-tasks.ts';
import { PackedListings, ROWS_PER_TRANSACTION } from './index-worker-tasks.ts';
import { ABSENT_STAMP } from './shard-files.ts';

/** What a reconciliation did. */
export interface ReconcileReport {
  /** Files that had no row and were indexed. */
  readonly indexed: number;
  /** Rows whose file was gone. */
  readonly removed: number;
  /** Image files in the shard folders that carry no (readable) gallery metadata; left in place. */
  readonly ignored: number;
  /** Shard folders looked at; the others had not changed since the last clean shutdown. */
  readonly shardsReconciled: number;
  /** True when the index was empty and was built from the files. */
  readonly rebuilt: boolean;
  /** True when the index failed its integrity check (nothing was written; the gallery sets it aside). */
  readonly damaged: boolean;
  /** True when the gallery closed before the work was done (the next start carries on). */
  readonly interrupted: boolean;
}

export interface IndexReconcilerOptions {
  readonly index: GalleryIndex;
  readonly directory: string;
  /** Shard stamps from the last clean shutdown; `null` when it was not clean (every shard is then reconciled). */
  readonly trustedStamps: ReadonlyMap<string, string> | null;
  /** Run the full integrity check (not needed for an index this start created). */
  readonly checkIntegrity: boolean;
  readonly workers: number;
  readonly workerUrl?: URL;
  readonly onProgress: (progress: GalleryIndexProgress) => void;
}

/** Rows moved per renumbering transaction. */
const RENUMBER_CHUNK = 500;

export class IndexReconciler {
  /** Shard folders known to match the index, with the stamp they had then: what a clean shutdown records. */
  readonly verifiedStamps = new Map<string, string>();
  readonly #options: IndexReconcilerOptions;
  #pool: IndexWorkerPool | null = null;
  #stopping = false;
  #report = { indexed: 0, removed: 0, ignored: 0, shardsReconciled: 0, rebuilt: false, damaged: false, interrupted: false };

  constructor(options: IndexReconcilerOptions) {
    this.#options = options;
  }

  /** Does the work; resolves with what was done (also when stopped part-way: `interrupted`). */
  async run(): Promise<ReconcileReport> {
    const { index, directory, workerUrl } = this.#options;
    const shards = GalleryLayout.allShardNames();
    // A new, empty gallery has nothing to look at: no worker is started, and every shard is known to be absent.
    if (index.isEmpty() && !(await hasShardFolders(new GalleryLayout(directory).imagesDirectory))) {
      for (const shard of shards) this.verifiedStamps.set(shard, ABSENT_STAMP);
      return this.#finish({});
    }
    const pool = new IndexWorkerPool(directory, workerUrl);
    this.#pool = pool;
    try {
      this.#progress('checking', 0, shards.length);
      const integrity = this.#options.checkIntegrity ? pool.run({ kind: 'check' }) : Promise.resolve({ ok: true });
      // Without trusted stamps every shard is looked at: no need to stamp them first.
      const changed = this.#options.trustedStamps ? this.#changedShards((await pool.run({ kind: 'stamps', shards })).stamps) : shards;
      if (!(await integrity).ok) return this.#finish({ damaged: true });
      this.#report.shardsReconciled = changed.length;
      if (index.isEmpty()) await this.#rebuild(pool, changed);
      else await this.#reconcile(pool, changed);
      if (!index.keysInTimeOrder()) await this.#renumber(pool);
      return this.#finish({});
    } catch (error) {
      if (this.#stopping) return this.#finish({ interrupted: true });
      throw error;
    } finally {
      this.#progress('idle', 0, 0);
      await pool.close();
    }
  }

  /** Stops after the tasks now running (each one short); `run` then resolves as `interrupted`. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#pool?.close();
  }

  #changedShards(stamps: ReadonlyArray<[string, string]>): string[] {
    const trusted = this.#options.trustedStamps;
    const changed: string[] = [];
    for (const [shard, stamp] of stamps) {
      if (trusted?.get(shard) === stamp) this.verifiedStamps.set(shard, stamp);
      else changed.push(shard);
    }
    return changed;
  }

  async #rebuild(pool: IndexWorkerPool, shards: readonly string[]): Promise<void> {
    const { index } = this.#options;
    this.#report.rebuilt = true;
    // Bulk work: the only time more than one worker is worth the memory it leaves behind.
    pool.grow(this.#options.workers);
    const workers = pool.size;
    // Each worker lists its share of the shards, newest first; they are read together, newest first.
    const groups = Array.from({ length: Math.max(1, workers) }, (_unused, lane) => shards.filter((_shard, position) => position % workers === lane));
    let listed = 0;
    this.#progress('listing', 0, shards.length);
    const listings = await Promise.all(
      groups.map((group) =>
        pool.run({ kind: 'list', shards: group }).then((listing) => {
          this.#progress('listing', (listed += group.length), shards.length);
          return listing;
        }),
      ),
    );
    const entries = new PackedListings(listings.map((listing) => listing.packed));
    const total = entries.total;
    const base = index.maxKey();
    // Each file gets the key its place in creation order gives it; saves made meanwhile go above them all.
    index.reserveKeysThrough(base + total);
    this.#report.ignored += listings.reduce((sum, listing) => sum + listing.duplicates, 0);
    let taken = 0;
    let done = 0;
    let inOrder = true;
    this.#progress('indexing', 0, total);
    // One lane per worker, each asking for the next batch when its last is in: batches go out newest first,
    // and no more of the listing is turned into rows than the workers are about to read.
    const lane = async (): Promise<void> => {
      for (let batch = entries.take(ROWS_PER_TRANSACTION); batch.length > 0; batch = entries.take(ROWS_PER_TRANSACTION)) {
        const first = taken;
        taken += batch.length;
        const rows = batch.map((entry, offset) => ({ ...entry, key: base + total - (first + offset) }));
        const result = await pool.run({ kind: 'index', rows });
        this.#report.indexed += result.indexed;
        this.#report.ignored += result.ignored;
        inOrder &&= result.inOrder;
        this.#progress('indexing', (done += rows.length), total);
      }
    };
    await allSettled(groups.map(() => lane()));
    await allSettled(groups.map((group) => pool.run({ kind: 'sweep', shards: group }).then(() => undefined)));
    // A shard is known to match when it did not change between its listing and now.
    const { stamps } = await pool.run({ kind: 'stamps', shards });
    const listedStamps = new Map(listings.flatMap((listing) => listing.stamps));
    for (const [shard, stamp] of stamps) if (listedStamps.get(shard) === stamp) this.verifiedStamps.set(shard, stamp);
    // Saves made during the rebuild took keys above the reserved ones; they must fit the order too.
    index.setKeysInTimeOrder(inOrder && index.keysFitFrom(base + total));
  }

  async #reconcile(pool: IndexWorkerPool, shards: readonly string[]): Promise<void> {
    let done = 0;
    this.#progress('reconciling', 0, shards.length);
    await allSettled(
      shards.map((shard) =>
        pool.run({ kind: 'reconcile', shard }).then((result: IndexTasks['reconcile']['result']) => {
          this.#report.indexed += result.indexed;
          this.#report.removed += result.removed;
          this.#report.ignored += result.ignored;
          if (result.stamp !== null) this.verifiedStamps.set(shard, result.stamp);
          this.#progress('reconciling', (done += 1), shards.length);
        }),
      ),
    );
  }

  async #renumber(pool: IndexWorkerPool): Promise<void> {
    let state: IndexTasks['renumber']['result']['state'] | null = null;
    let moved = 0;
    const total = this.#options.index.count();
    this.#progress('ordering', 0, total);
    for (;;) {
      const chunk: IndexTasks['renumber']['result'] = await pool.run({ kind: 'renumber', state, limit: RENUMBER_CHUNK });
      moved += chunk.moved;
      this.#progress('ordering', Math.min(moved, total), total);
      if (chunk.done) return;
      state = chunk.state;
    }
  }

  #finish(flags: Partial<ReconcileReport>): ReconcileReport {
    return { ...this.#report, ...flags };
  }

  #progress(phase: GalleryIndexProgress['phase'], done: number, total: number): void {
    this.#options.onProgress({ phase, done, total });
  }
}

async function hasShardFolders(imagesDirectory: string): Promise<boolean> {
  try {
    return (await readdir(imagesDirectory)).some((name) => GalleryLayout.isShardName(name));
  } catch {
    return false;
  }
}

/** Waits for every task (so the report counts those that finished after another failed), then fails with the first failure. */
async function allSettled(tasks: readonly Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(tasks)).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
