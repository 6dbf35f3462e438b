/**
 * Plain value types of the offline gallery, shared by the main process (which owns the files and the index)
 * and the renderer (which shows them). No `electron`, no `node:*`, no DOM: only data and pure helpers.
 */

/** The custom scheme the renderer loads gallery pictures from; the app's CSP allows `img-src imagefx-gallery:`. */
export const GALLERY_SCHEME = 'imagefx-gallery';

/** One saved image as the UI sees it. Everything here is also embedded in the image file itself. */
export interface GalleryItem {
  /** Opaque, URL-safe id (26 characters, Crockford base32, time-ordered). */
  readonly id: string;
  readonly prompt: string;
  readonly seed: number;
  readonly model: string;
  readonly aspectRatio: string;
  /** Google's `mediaGenerationId` for the image ("" when Google sent none). */
  readonly mediaId: string;
  /** When the image arrived, epoch milliseconds. */
  readonly createdAt: number;
  readonly favourite: boolean;
  readonly width: number;
  readonly height: number;
}

/** Narrows a page or a search. Every field is optional; they combine with AND. */
export interface GalleryFilters {
  readonly model?: string;
  readonly aspectRatio?: string;
  /** Inclusive lower bound on `createdAt`, epoch milliseconds. */
  readonly createdFrom?: number;
  /** Exclusive upper bound on `createdAt`, epoch milliseconds. */
  readonly createdBefore?: number;
  readonly favouritesOnly?: boolean;
}

/** Newest first. `cursor` is the `nextCursor` of the previous page; omit it for the first page. */
export interface GalleryPageRequest {
  readonly cursor?: string | null;
  /** 1 to {@link GALLERY_MAX_PAGE_SIZE}. */
  readonly limit: number;
  readonly filters?: GalleryFilters;
}

/** A page of items whose prompt contains every word of `query`, each also matching as a prefix ("lig" → "lighthouse"). */
export interface GallerySearchRequest extends GalleryPageRequest {
  readonly query: string;
}

export interface GalleryPage {
  readonly items: readonly GalleryItem[];
  /** Pass back to get the next page; `null` when this page is the last. */
  readonly nextCursor: string | null;
}

/** What "generate again with these settings" needs. */
export interface GenerationSettings {
  readonly prompt: string;
  readonly seed: number;
  readonly model: string;
  readonly aspectRatio: string;
}

/** What an export wrote. File names are relative to `directory`. */
export interface GalleryExportResult {
  readonly directory: string;
  readonly imageFiles: readonly string[];
  readonly metadataJsonFile: string;
  readonly metadataCsvFile: string;
}

/**
 * What the gallery's index is doing in the background, for a progress indicator. Pages and searches work
 * throughout; while a rebuild runs they show what has been indexed so far. `done` and `total` count shard
 * folders (`checking`, `reconciling`), image files (`indexing`) or index rows (`ordering`); `listing` has no
 * count (`total` 0). `idle`: nothing is running.
 */
export interface GalleryIndexProgress {
  readonly phase: 'idle' | 'checking' | 'listing' | 'indexing' | 'reconciling' | 'ordering';
  readonly done: number;
  readonly total: number;
}

/** The largest page a caller may ask for. */
export const GALLERY_MAX_PAGE_SIZE = 200;

/** The URL of the full-size PNG of an image, for `<img src>` in the renderer. */
export function galleryImageUrl(id: string): string {
  return `${GALLERY_SCHEME}://image/${encodeURIComponent(id)}`;
}

/** The URL of an image's thumbnail (made on first request when missing). */
export function galleryThumbnailUrl(id: string): string {
  return `${GALLERY_SCHEME}://thumb/${encodeURIComponent(id)}`;
}
