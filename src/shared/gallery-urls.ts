/**
 * How the renderer addresses gallery pictures, and the gallery's paging limits: plain constants and pure
 * helpers (no zod, no DOM, no Node) that both processes import.
 */

/** The custom scheme the renderer loads gallery pictures from; the app's CSP allows `img-src imagefx-gallery:`. */
export const GALLERY_SCHEME = 'imagefx-gallery';

/** The largest page a caller may ask for. */
export const GALLERY_MAX_PAGE_SIZE = 200;

/** The most images one export, bulk favourite or bulk delete may name by id ("all matching" has no cap). */
export const MAX_EXPORT_IDS = 10_000;

/** The orders the gallery can list in: by creation time, newest or oldest first (ties by id). */
export const GALLERY_SORTS = ['newest', 'oldest'] as const;
export type GallerySort = (typeof GALLERY_SORTS)[number];

/** The largest `offset` a page request may skip (a position in a result set of at most this many images). */
export const MAX_GALLERY_OFFSET = 10_000_000;

/** The URL of the full-size picture of an image, for `<img src>` in the renderer. */
export function galleryImageUrl(id: string): string {
  return `${GALLERY_SCHEME}://image/${encodeURIComponent(id)}`;
}

/** The URL of an image's thumbnail (made on first request when missing). */
export function galleryThumbnailUrl(id: string): string {
  return `${GALLERY_SCHEME}://thumb/${encodeURIComponent(id)}`;
}
