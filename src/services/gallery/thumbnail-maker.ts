/**
 * Thumbnails for the gallery grid, made with sharp (libvips) from PNG or JPEG: turned upright by the JPEG's
 * EXIF orientation, fitted inside 320×320, WebP. Output carries no metadata (sharp drops it unless asked), so
 * a thumbnail never repeats the prompt. sharp (a native library) is loaded with the first thumbnail, not
 * with the app: the window and the first page do not wait for it. libvips gets every core but one, so a
 * thumbnail being made never takes the core the main process answers the window on.
 */
import { availableParallelism } from 'node:os';

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_SIDE = 320;
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';
/** Refuse to decode absurdly large images (decompression bombs); ImageFX images are about 1–2 megapixels. */
const MAX_INPUT_PIXELS = 64 * 1024 * 1024;

/** Makes thumbnails from image bytes. A port so the gallery can be tested with a failing or counting fake. */
export type ThumbnailMaker = (image: Uint8Array) => Promise<Uint8Array>;

/** The real maker: WebP, quality 80, never enlarged. */
export const makeWebpThumbnail: ThumbnailMaker = async (image) => {
  const { default: sharp } = await import('sharp');
  sharp.concurrency(Math.max(1, availableParallelism() - 1));
  return sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
};
