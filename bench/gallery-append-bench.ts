/**
 * What saving one image costs with 100k already in the gallery: the real `Gallery.add` with ImageFX-size
 * images (base64 decode, metadata embedded, fsync'd atomic PNG write, index row, sharp WebP thumbnail,
 * fsync'd thumbnail write), the same with a tiny PNG (the fixed cost), each stage on its own to show what
 * dominates, the index row alone (what the JSON array's append corresponds to), and the start-up rebuild
 * cost per full-size image.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { systemClock } from '../src/platform/clock.ts';
import { writeFileAtomic } from '../src/services/gallery/atomic-file.ts';
import { createGalleryId } from '../src/services/gallery/gallery-id.ts';
import { GalleryLayout } from '../src/services/gallery/gallery-layout.ts';
import type { GeneratedImageInput } from '../src/services/gallery/image-metadata.ts';
import { metadataFor, parseGeneratedImage } from '../src/services/gallery/image-metadata.ts';
import { openGalleryIndex } from '../src/services/gallery/open-gallery-index.ts';
import { embedPngMetadata, pngDimensions } from '../src/services/gallery/png-metadata.ts';
import { makeWebpThumbnail } from '../src/services/gallery/thumbnail-maker.ts';
import { Gallery } from '../src/services/gallery/gallery.ts';
import type { BenchOptions } from './bench-options.ts';
import { promptSource } from './prompts.ts';
import { median, percentile, round, sampleMs, timeMs } from './stats.ts';
import { syntheticPhotoPng } from './synthetic-photo.ts';

export interface GalleryAppendFigures {
  readonly realImageMsP50: number;
  readonly realImageMsP95: number;
  readonly realImagePngBytes: number;
  readonly smallImageMsP50: number;
  /** Each stage of an add of a full-size image, timed alone (p50, ms). */
  readonly stagesMsP50: {
    readonly decodeAndEmbed: number;
    readonly pngAtomicWrite: number;
    readonly thumbnail: number;
    readonly thumbnailAtomicWrite: number;
  };
  /** Start-up rebuild cost per full-size image (the reconciler reads each whole file). */
  readonly realSizeRebuildMsPerImage: number;
}

const DISTINCT_PHOTOS = 4;
const SMALL_APPENDS = 20;
const STAGE_RUNS = 10;

function imageInput(png: Buffer, prompt: string, seed: number): GeneratedImageInput {
  return {
    encodedImage: png.toString('base64'),
    seed,
    prompt,
    model: 'IMAGEN_4',
    aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
    mediaId: `CAMa${randomBytes(30).toString('base64url')}`,
    workflowId: crypto.randomUUID(),
    request: { count: 4, seed: null, model: 'IMAGEN_4', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' },
  };
}

/** Adds `options.appendPhotos` full-size images (they become the newest page) and times the parts. */
export async function runGalleryAppendBench(gallery: Gallery, directory: string, options: BenchOptions): Promise<GalleryAppendFigures> {
  options.log(`gallery: ${options.appendPhotos} real appends of ${options.photoSide}px images, ${SMALL_APPENDS} of a tiny PNG`);
  const photos = await Promise.all(Array.from({ length: DISTINCT_PHOTOS }, (_unused, index) => syntheticPhotoPng(100 + index, options.photoSide)));
  const nextPrompt = promptSource(99);
  const inputs = Array.from({ length: options.appendPhotos }, (_unused, run) => imageInput(photos[run % DISTINCT_PHOTOS]!, nextPrompt(), 5000 + run));
  const addedIds: string[] = [];
  // Small images first, so that the full-size ones are the newest and make up the first page.
  const small = await syntheticPhotoPng(8, 32);
  const smallSamples = await sampleMs(SMALL_APPENDS, (run) => gallery.add(imageInput(small, nextPrompt(), 9000 + run)));
  const realSamples = await sampleMs(inputs.length, async (run) => {
    addedIds.push((await gallery.add(inputs[run]!)).id);
  });

  const scratch = path.join(options.workDir, 'append-stages');
  await mkdir(scratch, { recursive: true });
  const stage = { decodeAndEmbed: [] as number[], pngAtomicWrite: [] as number[], thumbnail: [] as number[], thumbnailAtomicWrite: [] as number[] };
  for (let run = 0; run < Math.min(STAGE_RUNS, inputs.length); run += 1) {
    let bytes: Uint8Array = new Uint8Array();
    let thumbnail: Uint8Array = new Uint8Array();
    stage.decodeAndEmbed.push(await timeMs(() => {
      const { input, bytes: png } = parseGeneratedImage(inputs[run]!);
      const createdAt = systemClock.now();
      bytes = embedPngMetadata(png, metadataFor(createGalleryId(createdAt, randomBytes), createdAt, input), false);
      pngDimensions(bytes);
    }));
    stage.pngAtomicWrite.push(await timeMs(() => writeFileAtomic(path.join(scratch, `image-${run}.png`), bytes, randomBytes)));
    stage.thumbnail.push(await timeMs(async () => {
      thumbnail = await makeWebpThumbnail(bytes);
    }));
    stage.thumbnailAtomicWrite.push(await timeMs(() => writeFileAtomic(path.join(scratch, `thumb-${run}.webp`), thumbnail, randomBytes)));
  }
  await rm(scratch, { recursive: true, force: true });

  const realSizeRebuildMsPerImage = await rebuildCostPerImage(directory, addedIds, options.workDir);
  return {
    realImageMsP50: round(median(realSamples)),
    realImageMsP95: round(percentile(realSamples, 95)),
    realImagePngBytes: Math.round(photos.reduce((sum, photo) => sum + photo.length, 0) / photos.length),
    smallImageMsP50: round(median(smallSamples)),
    stagesMsP50: {
      decodeAndEmbed: round(median(stage.decodeAndEmbed)),
      pngAtomicWrite: round(median(stage.pngAtomicWrite)),
      thumbnail: round(median(stage.thumbnail)),
      thumbnailAtomicWrite: round(median(stage.thumbnailAtomicWrite)),
    },
    realSizeRebuildMsPerImage,
  };
}

/** Copies the full-size images into an empty gallery folder and times its start-up rebuild. */
async function rebuildCostPerImage(directory: string, ids: readonly string[], workDir: string): Promise<number> {
  const source = new GalleryLayout(directory);
  const target = new GalleryLayout(path.join(workDir, 'gallery-real-size-rebuild'));
  await rm(target.root, { recursive: true, force: true });
  for (const id of ids) {
    await mkdir(path.dirname(target.imageFile(id, 'png')), { recursive: true });
    await copyFile(source.imageFile(id, 'png'), target.imageFile(id, 'png'));
  }
  let indexed = 0;
  const ms = await timeMs(async () => {
    const gallery = await Gallery.open({ directory: target.root, clock: systemClock, randomBytes });
    indexed = (await gallery.whenReconciled()).indexed;
    await gallery.close();
  });
  await rm(target.root, { recursive: true, force: true });
  if (indexed !== ids.length) throw new Error(`real-size rebuild indexed ${indexed} of ${ids.length}`);
  return round(ms / Math.max(1, ids.length));
}

/**
 * The index row alone: `GalleryIndex.insert` (one implicit transaction, WAL, synchronous=NORMAL) into the
 * closed gallery's 100k index, as `Gallery.add` does it; the rows are removed again afterwards.
 */
export async function measureIndexAppend(directory: string, runs: number): Promise<{ readonly msP50: number; readonly msP95: number }> {
  const { index } = await openGalleryIndex(new GalleryLayout(directory), systemClock);
  const nextPrompt = promptSource(123);
  const ids: string[] = [];
  try {
    const samples = await sampleMs(runs, () => {
      const createdAt = systemClock.now();
      const id = createGalleryId(createdAt, randomBytes);
      ids.push(id);
      index.insert({
        id,
        prompt: nextPrompt(),
        seed: 42,
        model: 'IMAGEN_4',
        aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
        mediaId: `CAMa${randomBytes(30).toString('base64url')}`,
        workflowId: crypto.randomUUID(),
        createdAt,
        favourite: false,
        width: 1024,
        height: 1024,
        format: 'png',
      });
    });
    index.transaction(() => ids.forEach((id) => index.remove(id)));
    return { msP50: round(median(samples), 4), msP95: round(percentile(samples, 95), 4) };
  } finally {
    index.close();
  }
}
