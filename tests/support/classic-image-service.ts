/**
 * An `ImageFXService` on the classic backend alone (the real library wire unless a test passes its own),
 * as the app builds it for an account on labs.google: what every classic-path test and the bench use.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/core/clock.ts';
import type { CaptionImageStager } from '../../src/services/imagefx/caption-input.ts';
import { ClassicImageBackend } from '../../src/services/imagefx/classic-image-backend.ts';
import { FileCaptionImageStager } from '../../src/services/imagefx/file-caption-image-stager.ts';
import { fixedBackend } from '../../src/services/imagefx/image-backend.ts';
import type { ImageFXBackend } from '../../src/services/imagefx/imagefx-backend.ts';
import { ImageFXLibraryBackend } from '../../src/services/imagefx/imagefx-library-backend.ts';
import { ImageFXService } from '../../src/services/imagefx/imagefx-service.ts';
import { ReferenceImageStore } from '../../src/services/imagefx/reference-image-store.ts';
import type { ImageSessionPort } from '../../src/services/imagefx/request-recovery.ts';
import type { RetryPolicyOptions } from '../../src/services/imagefx/retry-policy.ts';

export interface ClassicImageServiceOptions {
  readonly session: ImageSessionPort;
  readonly clock: Clock;
  readonly random: () => number;
  readonly retry?: RetryPolicyOptions;
  readonly captionImages?: CaptionImageStager;
  readonly wire?: ImageFXBackend;
}

export function classicImageService(options: ClassicImageServiceOptions): ImageFXService {
  const backend = new ClassicImageBackend({
    session: options.session,
    wire: options.wire ?? new ImageFXLibraryBackend({ clock: options.clock }),
    captionImages: options.captionImages ?? new FileCaptionImageStager(),
    clock: options.clock,
    random: options.random,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return new ImageFXService({ backends: fixedBackend(backend), references: new ReferenceImageStore({ randomBytes }), random: options.random });
}

/** A picture's bytes, whichever form the backend handed it over in (base64 text or bytes). */
export function pictureBytes(image: { readonly encodedImage: string | Uint8Array }): Buffer {
  return typeof image.encodedImage === 'string' ? Buffer.from(image.encodedImage, 'base64') : Buffer.from(image.encodedImage);
}
