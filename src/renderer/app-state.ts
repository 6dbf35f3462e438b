/**
 * What the window knows, in one place: the auth snapshot, the generation queue (in the queue's order),
 * recent run durations (for estimates), the latest pictures, whether the network is reachable, gallery
 * changes, the gallery index's background work and the export in progress. Views subscribe to the parts they draw; the state is fed by the bridge's events and by the
 * answers to the views' own calls — after a reload, by asking the queue and the gallery again.
 */
import type { AuthSnapshot } from '../shared/auth-schemas.ts';
import type { GalleryItem } from '../shared/gallery-schemas.ts';
import type { AppEvent } from '../shared/ipc-contract.ts';
import type { GalleryChange, GalleryExportProgress, GalleryIndexProgress } from '../shared/gallery-schemas.ts';
import type { GenerationJob, PauseReason, QueueSnapshot } from '../shared/generation-schemas.ts';
import { runDuration } from './queue-line.ts';

type Topic = 'auth' | 'jobs' | 'results' | 'online' | 'gallery' | 'gallery-index' | 'gallery-export';
type Listener = () => void;

/** The most results kept on the Create page; older ones stay in the gallery. */
export const MAX_SESSION_RESULTS = 200;
/** The most run durations kept for estimates. */
const MAX_DURATIONS = 50;

export class AppState {
  auth: AuthSnapshot | null = null;
  /** Jobs by id, in the queue's order (new jobs join at the end). */
  readonly jobs = new Map<string, GenerationJob>();
  holdReason: PauseReason | null = null;
  /** How long recent generations took, oldest first, milliseconds. */
  readonly durations: number[] = [];
  /** The latest saved pictures (the gallery's newest, then each one as it arrives), newest first. */
  results: GalleryItem[] = [];
  online: boolean;
  /** The last gallery change (for views that patch their lists). */
  lastGalleryChange: GalleryChange | null = null;
  /** What the gallery index's background work is doing (`idle` when nothing runs). */
  indexProgress: GalleryIndexProgress = { phase: 'idle', done: 0, total: 0 };
  /** The export in progress, or how the last one ended; `null` before any. */
  exportProgress: GalleryExportProgress | null = null;
  readonly #listeners = new Map<Topic, Set<Listener>>();
  readonly #timed = new Set<string>();
  #indexEvents = false;
  #exportEvents = false;

  constructor(online: boolean) {
    this.online = online;
  }

  /** Calls `listener` whenever `topic` changes; returns the unsubscribe function. */
  subscribe(topic: Topic, listener: Listener): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  setAuth(snapshot: AuthSnapshot): void {
    this.auth = snapshot;
    this.#notify('auth');
  }

  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.#notify('online');
  }

  setQueue(snapshot: Pick<QueueSnapshot, 'jobs' | 'holdReason'>): void {
    this.jobs.clear();
    for (const job of snapshot.jobs) {
      this.jobs.set(job.id, job);
      this.#time(job);
    }
    this.holdReason = snapshot.holdReason;
    this.#notify('jobs');
  }

  upsertJob(job: GenerationJob): void {
    this.jobs.set(job.id, job);
    this.#time(job);
    this.#notify('jobs');
  }

  /** Adds pictures the gallery already holds (its newest page), so the feed shows them after a reload. */
  addSavedResults(items: readonly GalleryItem[]): void {
    const known = new Set(this.results.map((item) => item.id));
    const merged = [...this.results, ...items.filter((item) => !known.has(item.id))];
    this.results = merged.sort((a, b) => b.createdAt - a.createdAt).slice(0, MAX_SESSION_RESULTS);
    this.#notify('results');
  }

  /** Remembers how long a finished job's run took (once per run). */
  #time(job: GenerationJob): void {
    const duration = runDuration(job);
    const key = `${job.id}@${job.startedAt}`;
    if (duration === null || this.#timed.has(key)) return;
    this.#timed.add(key);
    this.durations.push(duration);
    if (this.durations.length > MAX_DURATIONS) this.durations.splice(0, this.durations.length - MAX_DURATIONS);
  }

  setIndexProgress(progress: GalleryIndexProgress): void {
    this.#indexEvents = true;
    this.indexProgress = progress;
    this.#notify('gallery-index');
  }

  setExportProgress(progress: GalleryExportProgress | null): void {
    this.#exportEvents = true;
    this.exportProgress = progress;
    this.#notify('gallery-export');
  }

  /**
   * The index's and the export's state as asked for at start: taken only while no event about them has
   * arrived, since an event sent after the answer was made may arrive before it.
   */
  seedGalleryWork(indexing: GalleryIndexProgress, exporting: GalleryExportProgress | null): void {
    if (!this.#indexEvents) this.setIndexProgress(indexing);
    if (!this.#exportEvents) this.setExportProgress(exporting);
  }

  /** Applies one event from the main process. */
  apply(event: AppEvent): void {
    if (event.type === 'auth') this.setAuth(event.snapshot);
    else if (event.type === 'job') this.upsertJob(event.event.job);
    else if (event.type === 'gallery-index') this.setIndexProgress(event.progress);
    else if (event.type === 'gallery-export') this.setExportProgress(event.progress);
    else this.#applyGalleryChange(event.change);
  }

  #applyGalleryChange(change: GalleryChange): void {
    if (change.type === 'added') {
      if (!this.results.some((item) => item.id === change.item.id)) {
        this.results = [change.item, ...this.results].slice(0, MAX_SESSION_RESULTS);
      }
    } else if (change.type === 'updated') {
      this.results = this.results.map((item) => (item.id === change.item.id ? change.item : item));
    } else if (change.type === 'favourite-many') {
      const ids = new Set(change.ids);
      this.results = this.results.map((item) => (ids.has(item.id) ? { ...item, favourite: change.favourite } : item));
    } else {
      const ids = new Set(change.type === 'deleted' ? [change.id] : change.ids);
      this.results = this.results.filter((item) => !ids.has(item.id));
    }
    this.lastGalleryChange = change;
    this.#notify('results');
    this.#notify('gallery');
  }

  #notify(topic: Topic): void {
    for (const listener of this.#listeners.get(topic) ?? []) listener();
  }
}
