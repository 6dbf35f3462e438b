/**
 * Export: copies the chosen images, each in its own format with its metadata embedded (PNG `.png`, JPEG
 * `.jpg`) and named after its prompt's first words (export-file-name.ts), to a folder the user picked,
 * next to a `metadata.json` and a `metadata.csv` describing them. Files of the same name in that folder
 * are replaced (an export of the same image is the same bytes); nothing else there is touched. Progress is
 * reported as images are copied; a cancelled export stops between two images (the ones copied stay, the
 * metadata files are not written) and fails with `CANCELLED`.
 */
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/app-error.ts';
import type { GalleryExportResult } from '../../shared/gallery-schemas.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { toCsv } from './csv-format.ts';
import { exportFileNames } from './export-file-name.ts';
import type { GalleryFiles } from './gallery-files.ts';
import type { RandomBytes } from './gallery-id.ts';
import type { IndexedImage } from './gallery-index.ts';
import type { GalleryLayout } from './gallery-layout.ts';
import { IMAGE_FORMATS } from './image-format.ts';

export const EXPORT_JSON_FILE = 'metadata.json';
export const EXPORT_CSV_FILE = 'metadata.csv';
export const EXPORT_FORMAT = 'imagefx-desktop/gallery-export';
export const EXPORT_VERSION = 1;

const CSV_HEADER = [
  'file',
  'id',
  'prompt',
  'seed',
  'model',
  'aspect_ratio',
  'media_id',
  'workflow_id',
  'created_at',
  'favourite',
  'width',
  'height',
  'format',
] as const;

export interface ExportContext {
  readonly layout: GalleryLayout;
  readonly files: GalleryFiles;
  readonly randomBytes: RandomBytes;
  readonly now: number;
  /** Lets other work run between images. */
  readonly yieldToEventLoop: () => Promise<void>;
  /** Stops the export between two images. */
  readonly signal?: AbortSignal;
  /** Told how many images are copied so far (at the start, after each group of images, and at the end). */
  readonly onCopied?: (done: number, total: number) => void;
}

/** Images copied between two yields (each copy is a read and an fsync'd write, already asynchronous). */
const IMAGES_PER_TURN = 25;

/** Writes `images` and their metadata into `destination` (created if missing). */
export async function exportImages(
  images: readonly IndexedImage[],
  destination: string,
  context: ExportContext,
): Promise<GalleryExportResult> {
  const directory = await checkedDestination(destination, context.layout);
  const imageFiles = exportFileNames(images.map((image) => ({ id: image.id, prompt: image.prompt, extension: IMAGE_FORMATS[image.format].extension })));
  context.onCopied?.(0, images.length);
  for (const [position, image] of images.entries()) {
    if (position > 0 && position % IMAGES_PER_TURN === 0) {
      context.onCopied?.(position, images.length);
      await context.yieldToEventLoop();
    }
    if (context.signal?.aborted) throw new AppError('CANCELLED', `Export cancelled after ${position} of ${images.length} images.`);
    const bytes = await context.files.readRegularFile(context.layout.imageFile(image.id, image.format));
    if (!bytes) throw new AppError('NOT_FOUND', `The file of image ${image.id} is missing.`);
    await writeFileAtomic(path.join(directory, imageFiles[position]!), bytes, context.randomBytes);
  }
  context.onCopied?.(images.length, images.length);
  const records = images.map((image, position) => ({
    file: imageFiles[position]!,
    id: image.id,
    prompt: image.prompt,
    seed: image.seed,
    model: image.model,
    aspectRatio: image.aspectRatio,
    mediaId: image.mediaId,
    workflowId: image.workflowId,
    createdAt: new Date(image.createdAt).toISOString(),
    favourite: image.favourite,
    width: image.width,
    height: image.height,
    format: image.format,
  }));
  const json = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(context.now).toISOString(),
    images: records,
  };
  await writeFileAtomic(path.join(directory, EXPORT_JSON_FILE), `${JSON.stringify(json, null, 2)}\n`, context.randomBytes);
  const csvRows = records.map((record) => [
    record.file,
    record.id,
    record.prompt,
    record.seed,
    record.model,
    record.aspectRatio,
    record.mediaId,
    record.workflowId,
    record.createdAt,
    record.favourite,
    record.width,
    record.height,
    record.format,
  ]);
  await writeFileAtomic(path.join(directory, EXPORT_CSV_FILE), toCsv(CSV_HEADER, csvRows), context.randomBytes);
  return { directory, imageFiles, metadataJsonFile: EXPORT_JSON_FILE, metadataCsvFile: EXPORT_CSV_FILE };
}

/** An absolute folder outside the gallery (exporting into it would plant files among the images). */
async function checkedDestination(destination: string, layout: GalleryLayout): Promise<string> {
  if (typeof destination !== 'string' || !path.isAbsolute(destination) || destination.includes('\0')) {
    throw new AppError('INVALID_INPUT', 'Export needs an absolute folder path.');
  }
  const resolved = path.resolve(destination);
  if (layout.contains(resolved)) throw new AppError('INVALID_INPUT', 'Cannot export into the gallery folder.');
  await mkdir(resolved, { recursive: true });
  const [realDestination, realRoot] = await Promise.all([realpath(resolved), realpath(layout.root)]);
  if (realDestination === realRoot || realDestination.startsWith(realRoot + path.sep)) {
    throw new AppError('INVALID_INPUT', 'Cannot export into the gallery folder.');
  }
  return resolved;
}
