/**
 * The file-system side of caption requests. The library's `generateCaptionsFromImage` (3.0.3) only reads
 * from a path, so the bytes are written to a private temporary file for the duration of the call.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/app-error.ts';
import type { CaptionRequest } from '../../shared/generation-schemas.ts';
import { captionImageType, type CaptionImageStager, type StagedCaptionImage } from './caption-input.ts';

export interface FileCaptionImageStagerOptions {
  /** Directory for temporary copies; defaults to the OS temp directory. */
  readonly temporaryDirectory?: string;
}

/** Stages caption images on the local file system. */
export class FileCaptionImageStager implements CaptionImageStager {
  readonly #temporaryDirectory: string;

  constructor(options: FileCaptionImageStagerOptions = {}) {
    this.#temporaryDirectory = options.temporaryDirectory ?? tmpdir();
  }

  async stage(request: CaptionRequest): Promise<StagedCaptionImage> {
    const imageType = captionImageType(request);
    const directory = await mkdtemp(join(this.#temporaryDirectory, 'imagefx-caption-'));
    const path = join(directory, `image.${imageType}`);
    try {
      await writeFile(path, request.bytes, { mode: 0o600 });
    } catch (error) {
      await rm(directory, { recursive: true, force: true });
      throw new AppError('STORAGE_UNAVAILABLE', 'Could not prepare the image for captioning.', { cause: error });
    }
    return { path, imageType, release: () => rm(directory, { recursive: true, force: true }) };
  }
}
