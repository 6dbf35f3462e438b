/**
 * The file-system side of caption requests. The library's `generateCaptionsFromImage` (3.0.3) only reads
 * from a path, so the bytes are written to a private temporary file for the duration of the call.
 */
import { AppError } from '../../shared/app-error.ts';
import type { CaptionRequest } from '../../shared/generation-schemas.ts';
import { captionImageType, type CaptionImageStager, type StagedCaptionImage } from './caption-input.ts';
import { writePrivateTempFile } from './private-temp-file.ts';

export interface FileCaptionImageStagerOptions {
  /** Directory for temporary copies; defaults to the OS temp directory. */
  readonly temporaryDirectory?: string;
}

/** Stages caption images on the local file system. */
export class FileCaptionImageStager implements CaptionImageStager {
  readonly #temporaryDirectory: string | undefined;

  constructor(options: FileCaptionImageStagerOptions = {}) {
    this.#temporaryDirectory = options.temporaryDirectory;
  }

  async stage(request: CaptionRequest): Promise<StagedCaptionImage> {
    const imageType = captionImageType(request);
    try {
      const file = await writePrivateTempFile({
        bytes: request.bytes,
        fileName: `image.${imageType}`,
        prefix: 'imagefx-caption-',
        ...(this.#temporaryDirectory ? { directory: this.#temporaryDirectory } : {}),
      });
      return { path: file.path, imageType, release: () => file.release() };
    } catch (error) {
      throw new AppError('STORAGE_UNAVAILABLE', 'Could not prepare the image for captioning.', { cause: error });
    }
  }
}
