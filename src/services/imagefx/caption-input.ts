/**
 * The image a caption request describes, checked against what its bytes really are, so the library only
 * ever sees a readable image of a type labs.google accepts. The request's shape (size, declared type,
 * count) was parsed at the IPC boundary.
 */
import { AppError } from '../../shared/app-error.ts';
import type { CaptionRequest } from '../../shared/generation-schemas.ts';
import { sniffPictureType, type PictureType } from './image-signature.ts';

/** Image types labs.google captions, by the token the library puts into the data URL. */
export const CAPTION_IMAGE_TYPES = ['png', 'jpeg', 'webp', 'gif'] as const satisfies readonly PictureType[];

const MIME_TYPES: Readonly<Record<CaptionRequest['mimeType'], PictureType>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** The caption image type of `request`; INVALID_INPUT when the bytes are not of the declared type. */
export function captionImageType(request: CaptionRequest): PictureType {
  const type = MIME_TYPES[request.mimeType];
  if (sniffPictureType(request.bytes) !== type) throw new AppError('INVALID_INPUT', `The image is not a ${type.toUpperCase()} file.`);
  return type;
}

/** A file the library can read for a caption request, removed again by `release()`. */
export interface StagedCaptionImage {
  readonly path: string;
  readonly imageType: PictureType;
  release(): Promise<void>;
}

/** Puts a caption request's image where the library can read it (it only accepts a file path). */
export interface CaptionImageStager {
  stage(request: CaptionRequest): Promise<StagedCaptionImage>;
}
