/**
 * What kind of picture a file holds, told by its first bytes, never by its name or by what the sender
 * claimed: a PNG signature or a JPEG start-of-image marker. Everything else is refused with one error of
 * its own, so a job that received something unusable from Google says so instead of failing vaguely.
 */
import { AppError } from '../../shared/app-error.ts';

/** The picture formats the gallery keeps. ImageFX sends PNG; Flow sends JPEG. */
export type ImageFormat = 'png' | 'jpeg';

/** The file extension and content type of each format; files on disk carry the extension of their bytes. */
export const IMAGE_FORMATS: Readonly<Record<ImageFormat, { readonly extension: string; readonly contentType: string }>> = {
  png: { extension: '.png', contentType: 'image/png' },
  jpeg: { extension: '.jpg', contentType: 'image/jpeg' },
};

/** The full eight-byte PNG signature (a PNG can be recognised from it alone). */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** SOI (FF D8) followed by the first byte of any marker (FF). */
const JPEG_START = [0xff, 0xd8, 0xff];

/** The format of `bytes` by their magic numbers, or `null` for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_START)) return 'jpeg';
  return null;
}

/** True for a WebP file (`RIFF····WEBP`), the thumbnails' format. */
export function isWebp(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && bytes.length >= 12 && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50]);
}

/** The reason carried by {@link UnreadableImageError}, for callers that branch on it. */
export const UNREADABLE_IMAGE_REASON = 'UNREADABLE_IMAGE';

/**
 * The bytes handed to the gallery are not a PNG or JPEG it can read (wrong kind of file, damaged structure).
 * `SERVICE_ERROR`, because those bytes came from Google, not from the user; `reason` says which failure.
 */
export class UnreadableImageError extends AppError {
  readonly reason = UNREADABLE_IMAGE_REASON;

  constructor(message: string, options?: { cause?: unknown }) {
    super('SERVICE_ERROR', message, options);
    this.name = 'UnreadableImageError';
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}
