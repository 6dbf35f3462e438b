/**
 * The offline gallery: every generated image is kept as a PNG with its metadata embedded (the source of
 * truth), indexed in SQLite for paging and full-text search, with thumbnails made on save or on demand.
 * Works without network and without a signed-in account. The IPC layer calls these methods; the
 * `imagefx-gallery:` protocol reads pictures through `readImage` / `readThumbnail`.
 */
import { mkdir } from 'node:fs/promises';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../shared/app-error.ts';
import type { GalleryExportResult, GalleryItem, GalleryPage, GalleryPageRequest, GallerySearchRequest } from '../../shared/gallery-schemas.ts';
import { exportImages } from './gallery-export.ts';
import { GalleryFiles } from './gallery-files.ts';
import type { RandomBytes } from './gallery-id.ts';
import { createGalleryId, isGalleryId } from './gallery-id.ts';
import type { GalleryIndex, IndexedImage } from './gallery-index.ts';
import { toGalleryItem } from './gallery-index.ts';
import { GalleryLayout } from './gallery-layout.ts';
import { GalleryThumbnails } from './gallery-thumbnails.ts';
import type { GalleryAssetSource } from './gallery-protocol-handler.ts';
import type { ParsedPageRequest } from './gallery-requests.ts';
import { parsePageRequest, parseSearchRequest } from './gallery-requests.ts';
import type { GeneratedImageInput } from './image-metadata.ts';
import { metadataFor, parseGeneratedImage } from './image-metadata.ts';
import type { ReconcileReport } from './index-reconciler.ts';
import { reconcileIndex } from './index-reconciler.ts';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';
import { openGalleryIndex } from './open-gallery-index.ts';
import { encodePageCursor } from './page-cursor.ts';
import { embedGalleryMetadata, pngDimensions, withFavouriteFlag } from './png-metadata.ts';
import { toSearchExpression } from './search-expression.ts';
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
}

/** What opening the gallery found and repaired. */
export interface GalleryStartReport extends ReconcileReport {
  /** Damaged index files that were moved aside (the index was then rebuilt from the images). */
  readonly indexSetAside: readonly string[];
}

interface GalleryParts {
  readonly options: GalleryOptions;
  readonly layout: GalleryLayout;
  readonly files: GalleryFiles;
  readonly index: GalleryIndex;
  readonly startReport: GalleryStartReport;
}

export class Gallery implements GalleryAssetSource {
  /** What the last start found (rebuilt index, files indexed, rows dropped, foreign files ignored). */
  readonly startReport: GalleryStartReport;
  readonly #clock: Clock;
  readonly #randomBytes: RandomBytes;
  readonly #layout: GalleryLayout;
  readonly #files: GalleryFiles;
  readonly #index: GalleryIndex;
  readonly #queue = new KeyedSerialQueue();
  readonly #thumbnails: GalleryThumbnails;
  #closed = false;

  /** Opens the gallery in `options.directory`, repairing the index from the files where needed. */
  static async open(options: GalleryOptions): Promise<Gallery> {
    const layout = new GalleryLayout(options.directory);
    await mkdir(layout.imagesDirectory, { recursive: true, mode: 0o700 });
    await mkdir(layout.thumbnailsDirectory, { recursive: true, mode: 0o700 });
    const files = new GalleryFiles(layout, options.randomBytes);
    const { index, setAsideFiles } = await openGalleryIndex(layout, options.clock);
    try {
      const reconciled = await reconcileIndex(layout, files, index);
      return new Gallery({ options, layout, files, index, startReport: { ...reconciled, indexSetAside: setAsideFiles } });
    } catch (error) {
      index.close();
      throw error;
    }
  }

  private constructor(parts: GalleryParts) {
    this.#clock = parts.options.clock;
    this.#randomBytes = parts.options.randomBytes;
    this.#layout = parts.layout;
    this.#files = parts.files;
    this.#index = parts.index;
    const makeThumbnail = parts.options.makeThumbnail ?? makeWebpThumbnail;
    this.#thumbnails = new GalleryThumbnails(parts.layout, parts.files, makeThumbnail, this.#queue);
    this.startReport = parts.startReport;
  }

  /** Saves one image the moment it arrives: PNG with metadata (atomically), index row, thumbnail. */
  async add(input: GeneratedImageInput): Promise<GalleryItem> {
    this.#assertOpen();
    const { input: checked, png } = parseGeneratedImage(input);
    const createdAt = this.#clock.now();
    const id = createGalleryId(createdAt, this.#randomBytes);
    const metadata = metadataFor(id, createdAt, checked);
    let bytes: Uint8Array;
    let size: { width: number; height: number };
    try {
      bytes = embedGalleryMetadata(png, metadata, false);
      size = pngDimensions(bytes);
    } catch (error) {
      throw new AppError('INVALID_INPUT', 'The image is not a readable PNG.', { cause: error });
    }
    const image: IndexedImage = { ...metadata, favourite: false, ...size };
    // Queued under the new id only so that close() waits for a save in progress.
    return this.#queue.run(id, async () => {
      await this.#files.write(this.#layout.imageFile(id), bytes);
      this.#index.insert(image);
      // The file and row are what matter; a thumbnail that fails now is made on first request instead.
      await this.#thumbnails.create(id, bytes);
      return toGalleryItem(image);
    });
  }

  /** Newest first, filtered; pass `nextCursor` back for the following page. */
  async page(request: GalleryPageRequest): Promise<GalleryPage> {
    this.#assertOpen();
    return this.#pageOf(parsePageRequest(request), null);
  }

  /** Items whose prompt has every word typed, each also as a prefix ("lig" finds "lighthouse"); text without words lists all. */
  async search(request: GallerySearchRequest): Promise<GalleryPage> {
    this.#assertOpen();
    const parsed = parseSearchRequest(request);
    return this.#pageOf(parsed, toSearchExpression(parsed.query));
  }

  /** One item; `NOT_FOUND` when no image has this id. */
  async get(id: string): Promise<GalleryItem> {
    this.#assertOpen();
    return toGalleryItem(this.#require(id));
  }

  /** Marks or unmarks a favourite, in the file (so a rebuilt index keeps it) and in the index. */
  async setFavourite(id: string, favourite: boolean): Promise<GalleryItem> {
    this.#assertOpen();
    return this.#queue.run(id, async () => {
      const image = this.#require(id);
      if (image.favourite === favourite) return toGalleryItem(image);
      const file = this.#layout.imageFile(id);
      const bytes = await this.#files.readRegularFile(file);
      if (!bytes) {
        this.#index.remove(id);
        throw new AppError('NOT_FOUND', 'The image file is gone.');
      }
      await this.#files.write(file, withFavouriteFlag(bytes, favourite));
      this.#index.setFavourite(id, favourite);
      return toGalleryItem({ ...image, favourite });
    });
  }

  /** Deletes the image file, its thumbnail and its row. */
  async delete(id: string): Promise<void> {
    this.#assertOpen();
    await this.#queue.run(id, async () => {
      this.#require(id);
      // File first: if we stop half-way, the next start drops the row of a missing file.
      await this.#files.remove(this.#layout.imageFile(id));
      await this.#files.remove(this.#layout.thumbnailFile(id));
      this.#index.remove(id);
    });
  }

  /** Copies the images plus `metadata.json` and `metadata.csv` into `destinationDirectory`. */
  async export(ids: readonly string[], destinationDirectory: string): Promise<GalleryExportResult> {
    this.#assertOpen();
    const images = [...new Set(ids)].map((id) => this.#require(id));
    return exportImages(images, destinationDirectory, {
      layout: this.#layout,
      files: this.#files,
      randomBytes: this.#randomBytes,
      now: this.#clock.now(),
    });
  }

  /** The PNG of a known image, or `null` (unknown or malformed id, missing file, closed gallery). */
  async readImage(id: string): Promise<Uint8Array | null> {
    if (this.#closed || !isGalleryId(id) || !this.#index.get(id)) return null;
    return this.#files.readRegularFile(this.#layout.imageFile(id));
  }

  /** The thumbnail of a known image, made now (once, even under concurrent requests) when missing. */
  async readThumbnail(id: string): Promise<Uint8Array | null> {
    if (this.#closed || !isGalleryId(id) || !this.#index.get(id)) return null;
    return this.#thumbnails.read(id, () => !this.#closed && this.#index.get(id) !== null);
  }

  /** Waits for running operations, then closes the index. Later calls fail with `INTERNAL`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.drain();
    this.#index.close();
  }

  #pageOf(request: ParsedPageRequest, match: string | null): GalleryPage {
    const rows = this.#index.query({ filters: request.filters, after: request.after, limit: request.limit + 1, match });
    const items = rows.slice(0, request.limit).map(toGalleryItem);
    const last = items.at(-1);
    const nextCursor = rows.length > request.limit && last ? encodePageCursor(last) : null;
    return { items, nextCursor };
  }

  #require(id: string): IndexedImage {
    const image = this.#index.get(id);
    if (!image) throw new AppError('NOT_FOUND', 'No gallery image has this id.');
    return image;
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('INTERNAL', 'The gallery is closed.');
  }
}
