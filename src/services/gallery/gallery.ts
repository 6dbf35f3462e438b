/**
 * The offline gallery: every generated image is kept as the PNG or JPEG Google sent, with its metadata
 * embedded (the source of truth), indexed in SQLite for paging and full-text search, with thumbnails made in
 * the background. Works without network and without a signed-in account. The IPC layer calls these methods;
 * the `imagefx-gallery:` protocol reads pictures through `readImage` / `readThumbnail`.
 *
 * Opening never waits for the files: the index is opened (milliseconds at any size) and pages are served at
 * once, while IndexReconciler brings it in line with the folders in worker threads, reporting its progress.
 */
import { availableParallelism } from 'node:os';
import { lstat, mkdir } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../shared/app-error.ts';
import { parseSearchText } from '../../shared/gallery-search-syntax.ts';
import type {
  GalleryCount,
  GalleryCountRequest,
  GalleryExportProgress,
  GalleryExportResult,
  GalleryIndexProgress,
  GalleryItem,
  GalleryPage,
  GalleryPageRequest,
  GallerySearchRequest,
  GallerySelection,
} from '../../shared/gallery-schemas.ts';
import { exportImages } from './gallery-export.ts';
import { GalleryFiles } from './gallery-files.ts';
import type { RandomBytes } from './gallery-id.ts';
import { createGalleryId, isGalleryId } from './gallery-id.ts';
import { galleryImageFile, galleryImageWithFavourite } from './gallery-image-codec.ts';
import type { IndexedImage } from './gallery-index.ts';
import { toGalleryItem } from './gallery-index.ts';
import { indexedImageOf } from './index-rows.ts';
import type { GalleryStartReport } from './gallery-index-keeper.ts';
import { GalleryIndexKeeper } from './gallery-index-keeper.ts';
import { GalleryLayout } from './gallery-layout.ts';
import type { GalleryAssetSource } from './gallery-protocol-handler.ts';
import type { ParsedPageRequest } from './gallery-requests.ts';
import { parseCountRequest, parsePageRequest, parseSearchRequest } from './gallery-requests.ts';
import { selectedImages } from './gallery-selection.ts';
import { GalleryThumbnails } from './gallery-thumbnails.ts';
import type { GeneratedImageInput } from './image-metadata.ts';
import { metadataFor, parseGeneratedImage, type ParsedGeneratedImage } from './image-metadata.ts';
import { DecodeBuffers } from './decode-buffers.ts';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';
import type { OpenedGalleryIndex } from './open-gallery-index.ts';
import { openGalleryIndex } from './open-gallery-index.ts';
import { encodePageCursor } from './page-cursor.ts';
import type { SearchMatch } from './search-expression.ts';
import { textCondition, toSearchMatch } from './search-expression.ts';
import type { ThumbnailMaker } from './thumbnail-maker.ts';
import { makeWebpThumbnail } from './thumbnail-maker.ts';

export interface GalleryOptions {
  /** The gallery folder, normally `<userData>/gallery`. Created when missing. */
  readonly directory: string;
  readonly clock: Clock;
  /** Strong random bytes (`crypto.randomBytes`): image ids and temporary file names. */
  readonly randomBytes: RandomBytes;
  /** Defaults to 320 px WebP via sharp. */
  readonly makeThumbnail?: ThumbnailMaker;
  /** Worker threads for the index's background work; defaults to one per core, at most two. */
  readonly indexWorkers?: number;
  /** Lets other work run between the steps of a long operation (export, bulk delete); defaults to `setImmediate`. */
  readonly yieldToEventLoop?: () => Promise<void>;
}

export type { GalleryStartReport } from './gallery-index-keeper.ts';

/** How an export is stopped and followed. */
export interface GalleryExportOptions {
  /** Stops the export between two images (it then fails with `CANCELLED`). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: GalleryExportProgress) => void;
}

/** Items handled between two yields to the event loop in export and bulk delete. */
const ITEMS_PER_TURN = 50;

export class Gallery implements GalleryAssetSource {
  readonly #options: GalleryOptions;
  readonly #layout: GalleryLayout;
  readonly #files: GalleryFiles;
  readonly #decodeBuffers = new DecodeBuffers();
  readonly #queue = new KeyedSerialQueue();
  readonly #thumbnails: GalleryThumbnails;
  readonly #index: GalleryIndexKeeper;
  #closed = false;
  /** The id made last: the next one of the same millisecond follows it (see createGalleryId). */
  #lastId: string | null = null;

  /** Opens the gallery in `options.directory` and starts reconciling the index with the files in the background. */
  static async open(options: GalleryOptions): Promise<Gallery> {
    const layout = new GalleryLayout(options.directory);
    await mkdir(layout.imagesDirectory, { recursive: true, mode: 0o700 });
    await mkdir(layout.thumbnailsDirectory, { recursive: true, mode: 0o700 });
    return new Gallery(options, layout, await openGalleryIndex(layout, options.clock));
  }

  private constructor(options: GalleryOptions, layout: GalleryLayout, opened: OpenedGalleryIndex) {
    this.#options = options;
    this.#layout = layout;
    this.#files = new GalleryFiles(layout, options.randomBytes);
    this.#index = new GalleryIndexKeeper({
      layout,
      clock: options.clock,
      opened,
      workers: options.indexWorkers ?? Math.min(2, availableParallelism()),
      waitForWrites: () => this.#queue.drain(),
    });
    this.#thumbnails = new GalleryThumbnails({
      layout,
      files: this.#files,
      make: options.makeThumbnail ?? makeWebpThumbnail,
      queue: this.#queue,
      formatOf: (id) => (this.#closed ? null : (this.#index.current.get(id)?.format ?? null)),
    });
  }

  /** What the background work is doing now. */
  indexProgress(): GalleryIndexProgress {
    return this.#index.progress();
  }

  /** Called at every step of the background work (one call per task it hands out); returns the unsubscribe function. */
  onDidChangeIndexProgress(listener: (progress: GalleryIndexProgress) => void): () => void {
    return this.#index.onDidChangeProgress.on(listener);
  }

  /** Called with an image's id once its thumbnail exists (until then `readThumbnail` serves the image). */
  onDidCreateThumbnail(listener: (id: string) => void): () => void {
    return this.#thumbnails.onDidCreate.on(listener);
  }

  /** Settles once every thumbnail scheduled so far has been made (or has failed, to be tried again on request). */
  whenThumbnailsMade(): Promise<void> {
    return this.#thumbnails.idle();
  }

  /** Settles when the background reconciliation after opening is done; rejects when it failed. */
  whenReconciled(): Promise<GalleryStartReport> {
    return this.#index.reconciled;
  }

  /**
   * Saves one image the moment it arrives: the file with its metadata (written atomically and flushed to
   * disk), then its index row. Resolves once both are done; the thumbnail is made afterwards.
   */
  async add(input: GeneratedImageInput): Promise<GalleryItem> {
    await this.#ready();
    // Thumbnails nobody is waiting for hold back while images are being saved (see gallery-thumbnails.ts).
    return this.#thumbnails.duringSave(() => this.#save(input));
  }

  async #save(input: GeneratedImageInput): Promise<GalleryItem> {
    let decodedInto: Buffer | null = null;
    try {
      return await this.#saveDecoded(parseGeneratedImage(input, (size) => (decodedInto = this.#decodeBuffers.take(size))));
    } finally {
      // The file is written (or the save failed): nothing reads the decoded picture any more.
      if (decodedInto) this.#decodeBuffers.release(decodedInto);
    }
  }

  async #saveDecoded({ input: checked, bytes, format }: ParsedGeneratedImage): Promise<GalleryItem> {
    const createdAt = this.#options.clock.now();
    const id = createGalleryId(createdAt, this.#options.randomBytes, this.#lastId);
    this.#lastId = id;
    const metadata = metadataFor(id, createdAt, checked);
    const { file, width, height } = galleryImageFile(format, bytes, metadata);
    const image = indexedImageOf(id, { metadata, favourite: false, width, height }, format);
    // Queued under the new id only so that close() waits for a save in progress.
    return this.#queue.run(id, async () => {
      this.#index.touch(id);
      await this.#files.write(this.#layout.imageFile(id, format), file);
      this.#index.current.insert(image);
      this.#thumbnails.schedule(id);
      return toGalleryItem(image);
    });
  }

  /** In the requested order (newest first by default), filtered; pass `nextCursor` back for the following page. */
  async page(request: GalleryPageRequest): Promise<GalleryPage> {
    await this.#ready();
    return this.#pageOf(parsePageRequest(request), null);
  }

  /**
   * Items whose prompt matches the search as src/shared/gallery-search-syntax.ts reads it (words as prefixes,
   * "phrases", -exclusions, OR, CJK substrings). Text with nothing to look for (`*`, `🦊`) finds nothing.
   */
  async search(request: GallerySearchRequest): Promise<GalleryPage> {
    await this.#ready();
    const parsed = parseSearchRequest(request);
    const match = toSearchMatch(parseSearchText(parsed.query));
    return match === null ? { items: [], nextCursor: null } : this.#pageOf(parsed, match);
  }

  /**
   * How many images match a page or search request's conditions as of `snapshot`, and how many matching
   * ones were saved after it; without a snapshot, a new one is taken (the gallery as it is now).
   */
  async count(request: GalleryCountRequest): Promise<GalleryCount> {
    await this.#ready();
    const { filters, query, through } = parseCountRequest(request);
    const index = this.#index.current;
    const text = textCondition(query);
    const condition = { filters, match: text.match };
    const snapshot = through ?? index.newestPosition();
    if (text.nothing) return { total: 0, newer: 0, snapshot: snapshot ? encodePageCursor(snapshot) : null };
    return {
      total: index.countMatching({ ...condition, through: snapshot }),
      newer: through ? index.countAfter(condition, through) : 0,
      snapshot: snapshot ? encodePageCursor(snapshot) : null,
    };
  }

  /** One item; `NOT_FOUND` when no image has this id. */
  async get(id: string): Promise<GalleryItem> {
    await this.#ready();
    return toGalleryItem(this.#require(id));
  }

  /** Marks or unmarks a favourite, in the file (so a rebuilt index keeps it) and in the index. */
  async setFavourite(id: string, favourite: boolean): Promise<GalleryItem> {
    await this.#ready();
    return this.#queue.run(id, async () => {
      const image = this.#require(id);
      if (image.favourite === favourite) return toGalleryItem(image);
      const file = this.#layout.imageFile(id, image.format);
      const bytes = await this.#files.readRegularFile(file);
      if (!bytes) {
        this.#index.current.remove(id);
        throw new AppError('NOT_FOUND', 'The image file is gone.');
      }
      const updated = galleryImageWithFavourite(image.format, bytes, favourite);
      this.#index.touch(id);
      await this.#files.write(file, updated);
      this.#index.current.setFavourite(id, favourite);
      return toGalleryItem({ ...image, favourite });
    });
  }

  /** Deletes the image file, its thumbnail and its row; `NOT_FOUND` when no image has this id. */
  async delete(id: string): Promise<void> {
    await this.#ready();
    if (!(await this.#deleteOne(id))) throw new AppError('NOT_FOUND', 'No gallery image has this id.');
  }

  /** Deletes several images (ids no longer in the gallery are skipped), yielding between small groups. Returns how many went. */
  async deleteMany(ids: readonly string[]): Promise<number> {
    await this.#ready();
    return (await this.#deleteEach([...new Set(ids)])).length;
  }

  /** Deletes every image of `selection` (images already gone are skipped); returns the ids deleted. */
  async deleteSelection(selection: GallerySelection): Promise<string[]> {
    await this.#ready();
    const images = await this.#selected(selection, 'skip');
    return this.#deleteEach(images.map((image) => image.id));
  }

  /** Marks or unmarks every image of `selection` as a favourite, yielding between small groups; returns the ids that changed. */
  async setFavouriteMany(selection: GallerySelection, favourite: boolean): Promise<string[]> {
    await this.#ready();
    const changed: string[] = [];
    for (const [position, image] of (await this.#selected(selection, 'skip')).entries()) {
      if (position > 0 && position % ITEMS_PER_TURN === 0) await this.#yield();
      if (image.favourite === favourite) continue;
      try {
        await this.setFavourite(image.id, favourite);
        changed.push(image.id);
      } catch (error) {
        // Deleted meanwhile, or its file is gone (its row went with it): nothing to mark.
        if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    return changed;
  }

  /** Copies the images (in their own format) plus `metadata.json` and `metadata.csv` into `destinationDirectory`. */
  async export(ids: readonly string[], destinationDirectory: string, options: GalleryExportOptions = {}): Promise<GalleryExportResult> {
    return this.exportSelection({ kind: 'ids', ids: [...ids] }, destinationDirectory, options);
  }

  /**
   * Exports every image of `selection` (an id not in the gallery is `NOT_FOUND`; a query matching nothing
   * too), reporting progress; stops between two images when `options.signal` aborts.
   */
  async exportSelection(selection: GallerySelection, destinationDirectory: string, options: GalleryExportOptions = {}): Promise<GalleryExportResult> {
    await this.#ready();
    options.onProgress?.({ state: 'preparing', done: 0, total: 0 });
    const images = await this.#selected(selection, 'fail', options.signal);
    if (images.length === 0) throw new AppError('NOT_FOUND', 'No image matches, so nothing was exported.');
    return exportImages(images, destinationDirectory, {
      layout: this.#layout,
      files: this.#files,
      randomBytes: this.#options.randomBytes,
      now: this.#options.clock.now(),
      yieldToEventLoop: () => this.#yield(),
      ...(options.signal ? { signal: options.signal } : {}),
      onCopied: (done, total) => options.onProgress?.({ state: done === total ? 'finishing' : 'copying', done, total }),
    });
  }

  /**
   * Where a known image's file is, for "show in folder": `NOT_FOUND` when no image has this id, `null` when
   * its file is gone or is not a plain file.
   */
  async imageFile(id: string): Promise<string | null> {
    await this.#ready();
    const file = this.#layout.imageFile(id, this.#require(id).format);
    const found = await lstat(file).catch(() => null);
    return found?.isFile() ? file : null;
  }

  /** The PNG or JPEG of a known image, or `null` (unknown or malformed id, missing file, closed gallery). */
  async readImage(id: string): Promise<Uint8Array | null> {
    if (this.#closed || !isGalleryId(id)) return null;
    await this.#index.ready();
    const image = this.#closed ? null : this.#index.current.get(id);
    return image ? this.#files.readRegularFile(this.#layout.imageFile(id, image.format)) : null;
  }

  /**
   * The thumbnail of a known image; when it has none yet, the image itself (and the thumbnail is made soon,
   * before others waiting). A WebP is the thumbnail; anything else is the stand-in.
   */
  async readThumbnail(id: string): Promise<Uint8Array | null> {
    if (this.#closed || !isGalleryId(id)) return null;
    await this.#index.ready();
    if (this.#closed || !this.#index.current.get(id)) return null;
    const stored = await this.#thumbnails.read(id);
    if (stored) return stored;
    this.#thumbnails.schedule(id, true);
    return this.readImage(id);
  }

  /**
   * Stops the background work after its current step, waits for saves in progress, records which shard
   * folders match the index (so the next start skips them), then closes the index. Later calls fail with
   * `INTERNAL`; thumbnails not made yet are made on request next time.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#thumbnails.stop();
    await this.#queue.drain();
    await this.#index.close();
  }

  /** Deletes each image, yielding between small groups; returns the ids that were deleted. */
  async #deleteEach(ids: readonly string[]): Promise<string[]> {
    const deleted: string[] = [];
    for (const [position, id] of ids.entries()) {
      if (position > 0 && position % ITEMS_PER_TURN === 0) await this.#yield();
      if (await this.#deleteOne(id)) deleted.push(id);
    }
    return deleted;
  }

  #selected(selection: GallerySelection, missing: 'fail' | 'skip', signal?: AbortSignal): Promise<IndexedImage[]> {
    return selectedImages(selection, {
      index: () => this.#index.current,
      yieldToEventLoop: () => this.#yield(),
      missing,
      ...(signal ? { signal } : {}),
    });
  }

  /** Deletes one image (file first: if we stop half-way, the next start drops the row of a missing file). */
  #deleteOne(id: string): Promise<boolean> {
    return this.#queue.run(id, async () => {
      const image = this.#index.current.get(id);
      if (!image) return false;
      this.#index.touch(id);
      await this.#files.remove(this.#layout.imageFile(id, image.format));
      await this.#files.remove(this.#layout.thumbnailFile(id));
      this.#index.current.remove(id);
      return true;
    });
  }

  #pageOf(request: ParsedPageRequest, match: SearchMatch | null): GalleryPage {
    const { filters, after, order, offset, through } = request;
    const rows = this.#index.current.query({ filters, after, order, offset, through, match, limit: request.limit + 1 });
    const items = rows.slice(0, request.limit).map(toGalleryItem);
    const last = items.at(-1);
    const nextCursor = rows.length > request.limit && last ? encodePageCursor(last) : null;
    return { items, nextCursor };
  }

  #require(id: string): IndexedImage {
    const image = this.#index.current.get(id);
    if (!image) throw new AppError('NOT_FOUND', 'No gallery image has this id.');
    return image;
  }

  async #ready(): Promise<void> {
    if (this.#closed) throw new AppError('INTERNAL', 'The gallery is closed.');
    await this.#index.ready();
    if (this.#closed) throw new AppError('INTERNAL', 'The gallery is closed.');
  }

  #yield(): Promise<void> {
    return this.#options.yieldToEventLoop?.() ?? nextTurn();
  }
}
