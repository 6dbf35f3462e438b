/**
 * The file-system side of caption requests. The library's `generateCaptionsFromImage` (3.0.3) only reads
 * from a path, so in-memory bytes are written to a private temporary file for the duration of the call.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/app-error.ts';
import { MAX_CAPTION_IMAGE_BYTES } from '../../shared/generation-types.ts';
import {
  imageTypeForPath,
  validateCaptionBytes,
  type CaptionImageStager,
  type CaptionRequest,
  type StagedCaptionImage,
} from './caption-input.ts';

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
    if ('imagePath' in request) return this.#stageExisting(request.imagePath);
    const imageType = validateCaptionBytes(request.bytes, request.mimeType);
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

  async #stageExisting(imagePath: unknown): Promise<StagedCaptionImage> {
    if (typeof imagePath !== 'string' || imagePath.trim() === '') throw new AppError('INVALID_INPUT', 'No image file was given.');
    const imageType = imageTypeForPath(imagePath);
    const info = await stat(imagePath).catch(() => null);
    if (!info?.isFile()) throw new AppError('INVALID_INPUT', 'The image file could not be found.');
    if (info.size === 0) throw new AppError('INVALID_INPUT', 'The image file is empty.');
    if (info.size > MAX_CAPTION_IMAGE_BYTES) {
      throw new AppError('INVALID_INPUT', `The image is larger than ${MAX_CAPTION_IMAGE_BYTES / (1024 * 1024)} MB.`);
    }
    return { path: imagePath, imageType, release: async () => undefined };
  }
}
