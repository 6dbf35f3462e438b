/**
 * Thumbnails for the gallery grid, made with sharp (libvips): fitted inside 320×320, WebP. Output carries no
 * metadata (sharp drops it unless asked), so a thumbnail never repeats the prompt.
 */
import sharp from 'sharp';

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_SIDE = 320;
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';
/** Refuse to decode absurdly large images (decompression bombs); ImageFX images are about 1–2 megapixels. */
const MAX_INPUT_PIXELS = 64 * 1024 * 1024;

/** Makes thumbnails from PNG bytes. A port so the gallery can be tested with a failing or counting fake. */
export type ThumbnailMaker = (png: Uint8Array) => Promise<Uint8Array>;

/** The real maker: WebP, quality 80, never enlarged. */
export const makeWebpThumbnail: ThumbnailMaker = async (png) =>
  sharp(png, { limitInputPixels: MAX_INPUT_PIXELS })
    .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
