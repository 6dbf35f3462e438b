/**
 * The image a caption request describes, checked against what its bytes really are, so the library only
 * ever sees a readable image of a type labs.google accepts. The request's shape (size, declared type,
 * count) was parsed at the IPC boundary.
 */
import { AppError } from '../../shared/app-error.ts';
import type { CaptionRequest } from '../../shared/generation-schemas.ts';

/** Image types labs.google captions, by the token the library puts into the data URL. */
export const CAPTION_IMAGE_TYPES = ['png', 'jpeg', 'webp', 'gif'] as const;
export type CaptionImageType = (typeof CAPTION_IMAGE_TYPES)[number];

const MIME_TYPES: Readonly<Record<CaptionRequest['mimeType'], CaptionImageType>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

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

/** The caption image type of `request`; INVALID_INPUT when the bytes are not of the declared type. */
export function captionImageType(request: CaptionRequest): CaptionImageType {
  const type = MIME_TYPES[request.mimeType];
  if (!hasSignature(request.bytes, type)) throw new AppError('INVALID_INPUT', `The image is not a ${type.toUpperCase()} file.`);
  return type;
}

/** A file the library can read for a caption request, removed again by `release()`. */
export interface StagedCaptionImage {
  readonly path: string;
  readonly imageType: CaptionImageType;
  release(): Promise<void>;
}

/** Puts a caption request's image where the library can read it (it only accepts a file path). */
export interface CaptionImageStager {
  stage(request: CaptionRequest): Promise<StagedCaptionImage>;
}
