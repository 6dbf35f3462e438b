/**
 * Writes a slice of the bench gallery: real gallery PNG files (the app's own metadata embedding, the app's
 * own file layout and ids), in a worker thread so two cores share the work. The files are written plainly
 * (no fsync): this is set-up for the measurements, not one of them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createGalleryId } from '../src/services/gallery/gallery-id.ts';
import type { IndexedImage } from '../src/services/gallery/gallery-index.ts';
import { GalleryLayout } from '../src/services/gallery/gallery-layout.ts';
import { metadataFor } from '../src/services/gallery/image-metadata.ts';
import { embedPngMetadata, pngDimensions } from '../src/services/gallery/png-metadata.ts';

export interface FillSlice {
  readonly directory: string;
  /** Base64 of the PNG every image of the slice uses (its metadata differs). */
  readonly basePng: string;
  readonly prompts: readonly string[];
  /** Creation time of the slice's first image and the step between images, epoch ms. */
  readonly firstCreatedAt: number;
  readonly stepMs: number;
  readonly firstSeed: number;
}

export const BENCH_MODELS = ['IMAGEN_3_5', 'IMAGEN_4', 'IMAGEN_3'] as const;
export const BENCH_ASPECT_RATIOS = ['IMAGE_ASPECT_RATIO_SQUARE', 'IMAGE_ASPECT_RATIO_LANDSCAPE', 'IMAGE_ASPECT_RATIO_PORTRAIT'] as const;

/** Writes the slice's files; returns the rows the index should hold for them. */
export function writeFillSlice(slice: FillSlice): IndexedImage[] {
  const layout = new GalleryLayout(slice.directory);
  const png = Buffer.from(slice.basePng, 'base64');
  const size = pngDimensions(png);
  const madeFolders = new Set<string>();
  const rows: IndexedImage[] = [];
  for (const [index, prompt] of slice.prompts.entries()) {
    const createdAt = slice.firstCreatedAt + index * slice.stepMs;
    const id = createGalleryId(createdAt, randomBytes);
    const model = BENCH_MODELS[index % BENCH_MODELS.length]!;
    const aspectRatio = BENCH_ASPECT_RATIOS[Math.floor(index / 4) % BENCH_ASPECT_RATIOS.length]!;
    const seed = slice.firstSeed + index;
    const input = {
      prompt,
      seed,
      model,
      aspectRatio,
      mediaId: `CAMa${randomBytes(30).toString('base64url')}`,
      workflowId: randomUUID(),
      request: { count: 4, seed: null, model, aspectRatio },
    };
    const metadata = metadataFor(id, createdAt, { ...input, encodedImage: '' });
    const file = layout.imageFile(id, 'png');
    const folder = path.dirname(file);
    if (!madeFolders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      madeFolders.add(folder);
    }
    writeFileSync(file, embedPngMetadata(png, metadata, false));
    const { request: _request, ...fields } = metadata;
    rows.push({ ...fields, favourite: false, ...size, format: 'png' });
  }
  return rows;
}

if (parentPort && workerData) parentPort.postMessage(writeFillSlice(workerData as FillSlice));
