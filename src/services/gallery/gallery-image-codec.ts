/**
 * The one place that picks the PNG or the JPEG way of embedding, reading and updating a gallery image's
 * metadata, so the rest of the gallery treats both formats alike.
 */
import { AppError } from '../../shared/app-error.ts';
import type { ImageFormat } from './image-format.ts';
import { sniffImageFormat, UnreadableImageError } from './image-format.ts';
import type { EmbeddedImageMetadata, GalleryImageContents } from './image-metadata.ts';
import { embedJpegMetadataParts, jpegDimensions, jpegWithFavourite, readJpegMetadataFromStart } from './jpeg-metadata.ts';
import { embedPngMetadataParts, PNG_END_BYTES, pngDimensions, pngWithFavourite, readPngMetadataFromStart } from './png-metadata.ts';

/** How many of a file's last bytes {@link readImageMetadataFromStart} needs (a PNG's IEND chunk). */
export const IMAGE_END_BYTES = PNG_END_BYTES;

/**
 * The file to save for a picture Google sent, in pieces: its bytes with `metadata` embedded, and its pixel size
 * (embedding leaves the header that gives it as it was). A picture
 * that is not well formed is refused with {@link UnreadableImageError}.
 */
export function galleryImageFile(format: ImageFormat, bytes: Uint8Array, metadata: EmbeddedImageMetadata): { file: Buffer[]; width: number; height: number } {
  try {
    // The file as pieces (views into `bytes` around the metadata): written as they are, never copied whole.
    const file = format === 'png' ? embedPngMetadataParts(bytes, metadata, false) : embedJpegMetadataParts(bytes, metadata, false);
    return { file, ...imageDimensions(format, bytes) };
  } catch (error) {
    throw new UnreadableImageError(`The ${format === 'png' ? 'PNG' : 'JPEG'} Google sent cannot be read.`, { cause: error });
  }
}

/** A saved image's file with its favourite flag set; `INTERNAL` when the file no longer carries our metadata. */
export function galleryImageWithFavourite(format: ImageFormat, bytes: Uint8Array, favourite: boolean): Buffer {
  try {
    return imageWithFavourite(format, bytes, favourite);
  } catch (error) {
    throw new AppError('INTERNAL', 'The image file no longer carries its gallery metadata.', { cause: error });
  }
}

/** Pixel size from the file's header. Throws when the file is not well formed. */
export function imageDimensions(format: ImageFormat, bytes: Uint8Array): { width: number; height: number } {
  return format === 'png' ? pngDimensions(bytes) : jpegDimensions(bytes);
}

/** A copy of a gallery image with its favourite flag set; Google's bytes stay as they are. */
export function imageWithFavourite(format: ImageFormat, bytes: Uint8Array, favourite: boolean): Buffer {
  return format === 'png' ? pngWithFavourite(bytes, favourite) : jpegWithFavourite(bytes, favourite);
}

/** The gallery metadata of a whole file of either format, or `null` (not a gallery image, or its bytes are not `format`). */
export function readImageMetadata(format: ImageFormat, bytes: Uint8Array): GalleryImageContents | null {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const contents = readImageMetadataFromStart(format, buffer, buffer.length, buffer.subarray(Math.max(0, buffer.length - IMAGE_END_BYTES)));
  return contents === 'incomplete' ? null : contents;
}

/**
 * The gallery metadata from a file's first bytes, size and last {@link IMAGE_END_BYTES} bytes; `null` when it
 * is not a gallery image of `format` (the bytes are sniffed: a JPEG named `.png` is not read as a PNG), and
 * `'incomplete'` when the metadata lies beyond `start` (read the whole file).
 */
export function readImageMetadataFromStart(format: ImageFormat, start: Buffer, fileSize: number, end: Buffer): GalleryImageContents | null | 'incomplete' {
  if (start.length >= 8 && sniffImageFormat(start) !== format) return null;
  return format === 'png' ? readPngMetadataFromStart(start, fileSize, end) : readJpegMetadataFromStart(start, fileSize);
}
