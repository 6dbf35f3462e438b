/**
 * Keeps the gallery's index for the session: starts the background reconciliation at open, reports its
 * progress, replaces an index that fails the integrity check (once: set aside, opened fresh, rebuilt), and
 * at close records which shard folders are known to match it, so the next start skips them. Every other
 * part of the gallery reaches the index through `current`, after `ready()`.
 */
import type { Clock } from '../../core/index.ts';
import type { GalleryIndexProgress } from '../../shared/gallery-schemas.ts';
import type { GalleryIndex } from './gallery-index.ts';
import { GalleryLayout } from './gallery-layout.ts';
import type { ReconcileReport } from './index-reconciler.ts';
import { IndexReconciler } from './index-reconciler.ts';
import { ListenerSet } from './listener-set.ts';
import type { OpenedGalleryIndex } from './open-gallery-index.ts';
import { openGalleryIndex, setAsideIndex } from './open-gallery-index.ts';

/** What the background work after opening found and repaired. */
export interface GalleryStartReport extends ReconcileReport {
  /** Damaged index files that were moved aside (the index was then rebuilt from the images). */
  readonly indexSetAside: readonly string[];
}

export interface GalleryIndexKeeperOptions {
  readonly layout: GalleryLayout;
  readonly clock: Clock;
  readonly opened: OpenedGalleryIndex;
  readonly workers: number;
  /** Settles when no save, favourite or delete is running (before the index is swapped). */
  readonly waitForWrites: () => Promise<void>;
}

const IDLE: GalleryIndexProgress = { phase: 'idle', done: 0, total: 0 };

export class GalleryIndexKeeper {
  /** Called at every step of the background work. */
  readonly onDidChangeProgress = new ListenerSet<GalleryIndexProgress>();
  readonly #options: GalleryIndexKeeperOptions;
  readonly #setAside: string[];
  /** Shard folders this session changed: their stamps are not recorded at shutdown (the next start looks again). */
  readonly #touchedShards = new Set<string>();
  #index: GalleryIndex;
  #ready: Promise<void> = Promise.resolve();
  #reconciler: IndexReconciler | null = null;
  #progress: GalleryIndexProgress = IDLE;
  #closed = false;
  /** The background work's outcome (observed through `reconciled`; never an unhandled rejection). */
  readonly reconciled: Promise<GalleryStartReport>;

  constructor(options: GalleryIndexKeeperOptions) {
    this.#options = options;
    this.#index = options.opened.index;
    this.#setAside = [...options.opened.setAsideFiles];
    this.reconciled = this.#reconcile(options.opened.shutdownStamps, !this.#index.isEmpty());
    this.reconciled.catch(() => undefined);
  }

  /** The index now in use. Call after `ready()`: while a damaged index is being replaced there is none. */
  get current(): GalleryIndex {
    return this.#index;
  }

  /** Settles when the index can be used (at once, unless a damaged one is being replaced). */
  ready(): Promise<void> {
    return this.#ready;
  }

  progress(): GalleryIndexProgress {
    return this.#progress;
  }

  /** Notes that the session changed the shard folder of `id`. */
  touch(id: string): void {
    this.#touchedShards.add(GalleryLayout.shardOf(id));
  }

  /** Stops the background work, records a clean shutdown and closes the index (call once writes are done). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#reconciler?.stop();
    await this.reconciled.catch(() => undefined);
    const stamps = new Map(this.#reconciler?.verifiedStamps ?? []);
    for (const shard of this.#touchedShards) stamps.delete(shard);
    try {
      this.#index.recordCleanShutdown(stamps);
    } finally {
      this.#index.close();
    }
  }

  async #reconcile(stamps: ReadonlyMap<string, string> | null, checkIntegrity: boolean): Promise<GalleryStartReport> {
    const reconciler = new IndexReconciler({
      index: this.#index,
      directory: this.#options.layout.root,
      trustedStamps: stamps,
      checkIntegrity,
      workers: this.#options.workers,
      onProgress: (progress) => {
        this.#progress = progress;
        this.onDidChangeProgress.emit(progress);
      },
    });
    this.#reconciler = reconciler;
    const report = await reconciler.run();
    if (!report.damaged || this.#closed) return { ...report, indexSetAside: [...this.#setAside] };
    await this.#replaceDamagedIndex();
    if (this.#closed) return { ...report, damaged: false, interrupted: true, indexSetAside: [...this.#setAside] };
    return this.#reconcile(null, false);
  }

  async #replaceDamagedIndex(): Promise<void> {
    let release!: () => void;
    this.#ready = new Promise((resolve) => (release = resolve));
    try {
      await this.#options.waitForWrites();
      this.#index.close();
      this.#setAside.push(...(await setAsideIndex(this.#options.layout, this.#options.clock)));
      this.#index = (await openGalleryIndex(this.#options.layout, this.#options.clock)).index;
    } finally {
      release();
    }
  }
}
