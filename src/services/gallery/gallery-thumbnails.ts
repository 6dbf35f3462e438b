/**
 * Thumbnails on disk, made in the background: after a save has been reported (so a job never waits for
 * one), and for images that have none (older images, copies from another machine, a deleted thumbs folder)
 * when they are first asked for. One at a time: sharp decodes and encodes on libuv's thread pool, so the
 * main thread only waits for the file reads and writes. Saves go first: while images are being saved (a
 * generation's four arrive together, a batch's come one job after another) a thumbnail waits until no save
 * has run for {@link SAVES_QUIET_MS}, unless the window is showing its image; a save then never shares the
 * cores and the disk with sharp. Until a thumbnail exists the protocol serves the full image in its place.
 * Thumbnails are disposable: a failure here never loses an image.
 */
import type { GalleryFiles } from './gallery-files.ts';
import type { GalleryLayout } from './gallery-layout.ts';
import type { ImageFormat } from './image-format.ts';
import type { KeyedSerialQueue } from './keyed-serial-queue.ts';
import { ListenerSet } from './listener-set.ts';
import type { ThumbnailMaker } from './thumbnail-maker.ts';

/** How long no save must have run before a thumbnail nobody is waiting for is made. */
export const SAVES_QUIET_MS = 100;

export interface GalleryThumbnailsOptions {
  readonly layout: GalleryLayout;
  readonly files: GalleryFiles;
  readonly make: ThumbnailMaker;
  /** The gallery's per-image queue, so a thumbnail is never made while its image is being deleted. */
  readonly queue: KeyedSerialQueue;
  /** The format of a still existing image, or `null` once it is gone. */
  readonly formatOf: (id: string) => ImageFormat | null;
}

export class GalleryThumbnails {
  /** Fires with an image's id once its thumbnail is on disk. */
  readonly onDidCreate = new ListenerSet<string>();
  readonly #options: GalleryThumbnailsOptions;
  /** Waiting, in order; asked-for ones go first. A Set keeps each id once. */
  readonly #urgent = new Set<string>();
  readonly #waiting = new Set<string>();
  /** Images whose thumbnail could not be made this session: not retried on every request. */
  readonly #failed = new Set<string>();
  #running: Promise<void> | null = null;
  #stopped = false;
  /** Saves in progress, and how many have started so far (to tell whether one started during a pause). */
  #saving = 0;
  #savesStarted = 0;
  /** `#savesStarted` as it was over a whole quiet pause; -1 when the last pause was not quiet. */
  #quietSince = 0;

  constructor(options: GalleryThumbnailsOptions) {
    this.#options = options;
  }

  /** Makes the thumbnail of `id` soon; `urgent` puts it before the others (the window is showing it). */
  schedule(id: string, urgent = false): void {
    if (this.#stopped || this.#failed.has(id)) return;
    if (urgent) {
      this.#waiting.delete(id);
      this.#urgent.add(id);
    } else if (!this.#urgent.has(id)) this.#waiting.add(id);
    this.#running ??= this.#drain();
  }

  /** Runs `save` as a save: thumbnails that can wait do not start until saves have been quiet a while. */
  async duringSave<T>(save: () => Promise<T>): Promise<T> {
    this.#saving += 1;
    this.#savesStarted += 1;
    try {
      return await save();
    } finally {
      this.#saving -= 1;
    }
  }

  /** The stored thumbnail, or `null` when there is none yet. */
  read(id: string): Promise<Uint8Array | null> {
    return this.#options.files.readRegularFile(this.#options.layout.thumbnailFile(id));
  }

  /** Settles once every scheduled thumbnail has been made (or has failed). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Drops the waiting thumbnails (they are made on request next time) and waits for the one being made. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#urgent.clear();
    this.#waiting.clear();
    await this.idle();
  }

  async #drain(): Promise<void> {
    try {
      // A failure only means this thumbnail is asked for again later; the others are still made.
      for (let id = await this.#nextWhenQuiet(); id !== null; id = await this.#nextWhenQuiet()) await this.#make(id).catch(() => undefined);
    } finally {
      this.#running = null;
    }
  }

  /** The next thumbnail to make: an urgent one at once, any other once saves have been quiet for a while. */
  async #nextWhenQuiet(): Promise<string | null> {
    for (;;) {
      if (this.#urgent.size > 0 || this.#waiting.size === 0 || this.#stopped) return this.#next();
      const started = this.#savesStarted;
      if (this.#saving === 0 && this.#quietSince === started) return this.#next();
      await new Promise((resolve) => setTimeout(resolve, SAVES_QUIET_MS));
      // Quiet when no save ran during the whole pause.
      this.#quietSince = this.#saving === 0 && this.#savesStarted === started ? started : -1;
    }
  }

  #next(): string | null {
    for (const set of [this.#urgent, this.#waiting]) {
      const [first] = set;
      if (first !== undefined) {
        set.delete(first);
        return first;
      }
    }
    return null;
  }

  async #make(id: string): Promise<void> {
    const { layout, files, make, queue, formatOf } = this.#options;
    const made = await queue.run(id, async () => {
      const format = formatOf(id);
      if (format === null || (await this.read(id))) return false;
      const image = await files.readRegularFile(layout.imageFile(id, format));
      if (!image) return false;
      try {
        await files.write(layout.thumbnailFile(id), await make(image));
        return true;
      } catch {
        this.#failed.add(id);
        return false;
      }
    });
    if (made) this.onDidCreate.emit(id);
  }
}
