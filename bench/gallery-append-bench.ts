/**
 * What saving costs with 100k images already in the gallery, as the generation queue sees it: `Gallery.add`
 * from the image Google sent (base64 PNG, classic ImageFX) until it resolves, i.e. the file with its
 * metadata written atomically and fsync'd and its index row in: the job is told then. 60 ImageFX-size
 * images back to back, with the main thread's stalls meanwhile; the thumbnails, made afterwards, are timed
 * on their own. Also: Flow's JPEG bytes, a tiny PNG (the fixed cost), each stage alone, the index row
 * alone (what a JSON-array append corresponds to), and the start-up rebuild cost per full-size image.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { systemClock } from '../src/core/clock.ts';
import { writeFileAtomic } from '../src/services/gallery/atomic-file.ts';
import { DecodeBuffers } from '../src/services/gallery/decode-buffers.ts';
import { galleryImageFile } from '../src/services/gallery/gallery-image-codec.ts';
import { createGalleryId } from '../src/services/gallery/gallery-id.ts';
import { GalleryLayout } from '../src/services/gallery/gallery-layout.ts';
import type { GeneratedImageInput } from '../src/services/gallery/image-metadata.ts';
import { metadataFor, parseGeneratedImage } from '../src/services/gallery/image-metadata.ts';
import { openGalleryIndex } from '../src/services/gallery/open-gallery-index.ts';
import type { ThumbnailMaker } from '../src/services/gallery/thumbnail-maker.ts';
import { makeWebpThumbnail } from '../src/services/gallery/thumbnail-maker.ts';
import { Gallery } from '../src/services/gallery/gallery.ts';
import type { BenchOptions } from './bench-options.ts';
import type { LoopStalls } from './loop-stalls.ts';
import { measureLoopStalls } from './loop-stalls.ts';
import { promptSource } from './prompts.ts';
import { median, percentile, round, sampleMs, timeMs } from './stats.ts';
import { syntheticPhotoPng } from './synthetic-photo.ts';

export interface GalleryAppendFigures {
  /** `Gallery.add` of a full-size PNG sent as base64, until it resolves (durable file + row), ms. */
  readonly saveMsP50: number;
  readonly saveMsP95: number;
  readonly savePngBytes: number;
  /** Main-thread stalls during those saves, back to back. */
  readonly saveStalls: LoopStalls;
  /** The same for Flow's JPEG bytes (no base64, one XMP segment inserted). */
  readonly jpegSaveMsP50: number;
  readonly jpegBytes: number;
  /** A 32 px PNG: the fixed cost of a save. */
  readonly smallImageMsP50: number;
  /** Each thumbnail made after its save: the sharp WebP alone, and until the last one was written after the last save. */
  readonly thumbnailMsP50: number;
  readonly thumbnailMsP95: number;
  readonly thumbnailsDoneAfterLastSaveMs: number;
  /** Each stage of a save of a full-size PNG, timed alone (p50, ms). */
  readonly stagesMsP50: {
    readonly base64Decode: number;
    readonly embedAndMeasure: number;
    readonly atomicWrite: number;
  };
  /** Start-up rebuild cost per full-size image. */
  readonly realSizeRebuildMsPerImage: number;
}

const DISTINCT_PHOTOS = 4;
const SMALL_APPENDS = 20;
const JPEG_APPENDS = 20;
const STAGE_RUNS = 10;

/** Records how long each real thumbnail takes; pass `maker` to `Gallery.open`. */
export class TimedThumbnails {
  readonly samples: number[] = [];
  readonly maker: ThumbnailMaker = async (image) => {
    const started = performance.now();
    const thumbnail = await makeWebpThumbnail(image);
    this.samples.push(performance.now() - started);
    return thumbnail;
  };
}

function imageInput(encodedImage: string | Uint8Array, prompt: string, seed: number): GeneratedImageInput {
  return {
    encodedImage,
    seed,
    prompt,
    model: 'IMAGEN_4',
    aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
    mediaId: `CAMa${randomBytes(30).toString('base64url')}`,
    workflowId: crypto.randomUUID(),
    request: { count: 4, seed: null, model: 'IMAGEN_4', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' },
  };
}

/** Saves `options.appendPhotos` full-size images (they become the newest page) and times the parts. */
export async function runGalleryAppendBench(gallery: Gallery, thumbnails: TimedThumbnails, directory: string, options: Pick<BenchOptions, 'appendPhotos' | 'photoSide' | 'workDir' | 'log'>): Promise<GalleryAppendFigures> {
  options.log(`gallery: ${options.appendPhotos} saves of ${options.photoSide}px PNGs back to back, ${JPEG_APPENDS} JPEGs, ${SMALL_APPENDS} tiny PNGs`);
  const photos = await Promise.all(Array.from({ length: DISTINCT_PHOTOS }, (_unused, index) => syntheticPhotoPng(100 + index, options.photoSide)));
  const jpegs = await Promise.all(photos.map((photo) => sharp(photo).jpeg({ quality: 90 }).toBuffer()));
  const nextPrompt = promptSource(99);
  // One base64 text per distinct photo, shared by the inputs: sixty 3.9 MB strings held at once would make
  // the bench's own heap, not the saves, what the garbage collector spends its pauses on.
  const encoded = photos.map((photo) => photo.toString('base64'));
  const inputs = Array.from({ length: options.appendPhotos }, (_unused, run) => imageInput(encoded[run % DISTINCT_PHOTOS]!, nextPrompt(), 5000 + run));
  const addedIds: string[] = [];
  // Small images and JPEGs first, so that the full-size PNGs are the newest and make up the first page.
  const small = (await syntheticPhotoPng(8, 32)).toString('base64');
  const smallSamples = await sampleMs(SMALL_APPENDS, (run) => gallery.add(imageInput(small, nextPrompt(), 9000 + run)));
  const jpegSamples = await sampleMs(JPEG_APPENDS, (run) => gallery.add(imageInput(jpegs[run % DISTINCT_PHOTOS]!, nextPrompt(), 7000 + run)));
  await gallery.whenThumbnailsMade();
  thumbnails.samples.length = 0;

  const saved = await measureLoopStalls(() =>
    sampleMs(inputs.length, async (run) => {
      addedIds.push((await gallery.add(inputs[run]!)).id);
    }),
  );
  const lastSaved = performance.now();
  await gallery.whenThumbnailsMade();
  const thumbnailsDoneAfterLastSaveMs = performance.now() - lastSaved;

  const stages = await timeStages(inputs, options.workDir);
  const realSizeRebuildMsPerImage = await rebuildCostPerImage(directory, addedIds, options.workDir);
  return {
    saveMsP50: round(median(saved.result)),
    saveMsP95: round(percentile(saved.result, 95)),
    savePngBytes: Math.round(photos.reduce((sum, photo) => sum + photo.length, 0) / photos.length),
    saveStalls: saved.stalls,
    jpegSaveMsP50: round(median(jpegSamples)),
    jpegBytes: Math.round(jpegs.reduce((sum, jpeg) => sum + jpeg.length, 0) / jpegs.length),
    smallImageMsP50: round(median(smallSamples)),
    thumbnailMsP50: round(median(thumbnails.samples)),
    thumbnailMsP95: round(percentile(thumbnails.samples, 95)),
    thumbnailsDoneAfterLastSaveMs: round(thumbnailsDoneAfterLastSaveMs, 0),
    stagesMsP50: stages,
    realSizeRebuildMsPerImage,
  };
}

/** The stages of a save, each timed alone on the same inputs, the way `Gallery.add` runs them. */
async function timeStages(inputs: readonly GeneratedImageInput[], workDir: string): Promise<GalleryAppendFigures['stagesMsP50']> {
  const scratch = path.join(workDir, 'append-stages');
  await mkdir(scratch, { recursive: true });
  const stage = { base64Decode: [] as number[], embedAndMeasure: [] as number[], atomicWrite: [] as number[] };
  const buffers = new DecodeBuffers();
  for (let run = 0; run < Math.min(STAGE_RUNS, inputs.length); run += 1) {
    let decodedInto: Buffer | null = null;
    let parsed: ReturnType<typeof parseGeneratedImage> | undefined;
    let file: Buffer[] = [];
    stage.base64Decode.push(await timeMs(() => (parsed = parseGeneratedImage(inputs[run]!, (size) => (decodedInto = buffers.take(size))))));
    stage.embedAndMeasure.push(
      await timeMs(() => {
        const createdAt = systemClock.now();
        file = galleryImageFile(parsed!.format, parsed!.bytes, metadataFor(createGalleryId(createdAt, randomBytes), createdAt, parsed!.input)).file;
      }),
    );
    stage.atomicWrite.push(await timeMs(() => writeFileAtomic(path.join(scratch, `image-${run}.png`), file, randomBytes)));
    if (decodedInto) buffers.release(decodedInto);
  }
  await rm(scratch, { recursive: true, force: true });
  return { base64Decode: round(median(stage.base64Decode)), embedAndMeasure: round(median(stage.embedAndMeasure)), atomicWrite: round(median(stage.atomicWrite)) };
}

/** Copies the full-size images into an empty gallery folder and times its rebuild. */
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
 * The index row alone: `GalleryIndex.insert` (one transaction, WAL, synchronous=NORMAL) into the closed
 * gallery's 100k index, as `Gallery.add` does it; the rows are removed again afterwards.
 */
export async function measureIndexAppend(directory: string, runs: number): Promise<{ readonly msP50: number; readonly msP95: number }> {
  const { index, shutdownStamps } = await openGalleryIndex(new GalleryLayout(directory), systemClock);
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
    // The folders were not touched: the next start may skip them as before.
    index.recordCleanShutdown(shutdownStamps ?? new Map());
    index.close();
  }
}
