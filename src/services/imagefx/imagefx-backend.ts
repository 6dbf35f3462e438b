/**
 * The port between the image service's rules and the code that talks to Google. One implementation wraps
 * the real library; tests of the rules may use another. Every method throws an `ImageServiceError`.
 */
import type { PictureType } from './image-signature.ts';
import type { GeneratedImage } from '../../shared/generation-schemas.ts';
import type { GenerationSettings } from '../../shared/generation-schemas.ts';
import type { LabsCredentials } from './request-recovery.ts';

/** A readable image file for a caption request. */
export interface CaptionImageFile {
  readonly path: string;
  readonly imageType: PictureType;
}

export interface ImageFXBackend {
  /** One runImageFx call, no retries; `signal` abandons it. */
  generate(credentials: LabsCredentials, settings: GenerationSettings, signal?: AbortSignal): Promise<GeneratedImage[]>;
  /** True when Google's image host answers at all: told apart from the computer being offline. Never throws. */
  reachable(signal?: AbortSignal): Promise<boolean>;
  /** One captionImage call, no retries. */
  caption(credentials: LabsCredentials, image: CaptionImageFile, count: number): Promise<string[]>;
}
