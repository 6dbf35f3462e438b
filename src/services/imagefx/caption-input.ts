/**
 * The image a caption request describes: a file the user picked, or bytes already in memory. Checked here
 * so the library only ever sees a readable image of a type labs.google accepts.
 */
import { AppError } from '../../shared/app-error.ts';
import { MAX_CAPTION_IMAGE_BYTES } from '../../shared/generation-types.ts';
import { MAX_IMAGES_PER_REQUEST } from './generation-settings.ts';

/** Image types labs.google captions, by the token the library puts into the data URL. */
export const CAPTION_IMAGE_TYPES = ['png', 'jpeg', 'webp', 'gif'] as const;
export type CaptionImageType = (typeof CAPTION_IMAGE_TYPES)[number];

/** Larger uploads are refused before anything is sent (base64 grows them by a third on the wire). */

/**
 * A caption request. `imagePath` must come from the main process (a file dialog), never straight from the
 * renderer, or a page could make the app upload any file it names.
 */
export type CaptionRequest =
  | { readonly imagePath: string; readonly count: number }
  | { readonly bytes: Uint8Array; readonly mimeType: string; readonly count: number };

const MIME_TYPES: Readonly<Record<string, CaptionImageType>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

const EXTENSIONS: Readonly<Record<string, CaptionImageType>> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', gif: 'gif' };

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

/** Checks the caption count (1…8, as for images). */
export function validateCaptionCount(count: unknown): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_IMAGES_PER_REQUEST) {
    throw invalid(`The number of captions must be a whole number from 1 to ${MAX_IMAGES_PER_REQUEST}.`);
  }
  return count;
}

/** The image type for a file name, from its extension. */
export function imageTypeForPath(path: string): CaptionImageType {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  const type = EXTENSIONS[extension];
  if (!type) throw invalid('Captions work for PNG, JPEG, WebP and GIF files.');
  return type;
}

/** Whether the first bytes are those of `type` (so a mislabelled upload is caught here, not by Google). */
function hasSignature(bytes: Uint8Array, type: CaptionImageType): boolean {
  const starts = (...signature: number[]): boolean => signature.every((byte, index) => bytes[index] === byte);
  switch (type) {
    case 'png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'gif':
      return starts(0x47, 0x49, 0x46, 0x38);
    case 'webp':
      return starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50;
  }
}

/** Checks in-memory image bytes against their declared type and the size limit. */
export function validateCaptionBytes(bytes: unknown, mimeType: unknown): CaptionImageType {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw invalid('The image is empty.');
  const type = typeof mimeType === 'string' ? MIME_TYPES[mimeType.toLowerCase()] : undefined;
  if (!type) throw invalid('Captions work for PNG, JPEG, WebP and GIF images.');
  if (bytes.length > MAX_CAPTION_IMAGE_BYTES) throw invalid(`The image is larger than ${MAX_CAPTION_IMAGE_BYTES / (1024 * 1024)} MB.`);
  if (!hasSignature(bytes, type)) throw invalid(`The image is not a ${type.toUpperCase()} file.`);
  return type;
}

/** A file the library can read for a caption request, removed again by `release()` when temporary. */
export interface StagedCaptionImage {
  readonly path: string;
  readonly imageType: CaptionImageType;
  release(): Promise<void>;
}

/** Puts a caption request's image where the library can read it (it only accepts a file path). */
export interface CaptionImageStager {
  stage(request: CaptionRequest): Promise<StagedCaptionImage>;
}
