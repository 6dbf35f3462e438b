/**
 * Helpers for the gallery tests: small real PNGs (encoded with pngjs, as classic ImageFX's arrive: base64)
 * and JPEGs (encoded with sharp, as Flow's arrive: bytes), deterministic random bytes, generated-image
 * inputs and throw-away gallery folders.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterEach, beforeEach } from 'vitest';
import type { GalleryStartReport } from '../../src/services/gallery/gallery.ts';
import { Gallery } from '../../src/services/gallery/gallery.ts';
import type { RandomBytes } from '../../src/services/gallery/gallery-id.ts';
import { createGalleryId } from '../../src/services/gallery/gallery-id.ts';
import { GalleryLayout } from '../../src/services/gallery/gallery-layout.ts';
import type { GeneratedImageInput } from '../../src/services/gallery/image-metadata.ts';
import { metadataFor } from '../../src/services/gallery/image-metadata.ts';
import { embedPngMetadata } from '../../src/services/gallery/png-metadata.ts';
import type { ThumbnailMaker } from '../../src/services/gallery/thumbnail-maker.ts';
import type { GalleryItem, GalleryPage } from '../../src/shared/gallery-schemas.ts';
import { FakeClock } from './fake-clock.ts';

/** A width × height RGBA PNG filled with a colour derived from `shade`. */
export function makePng(width: number, height: number, shade = 0): Buffer {
  const png = new PNG({ width, height });
  for (let index = 0; index < width * height; index += 1) {
    png.data[index * 4] = (shade * 37 + index) % 256;
    png.data[index * 4 + 1] = (shade * 91) % 256;
    png.data[index * 4 + 2] = (index * 7) % 256;
    png.data[index * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** The JFIF APP0 segment libjpeg writes by default (version 1.1, no density, no thumbnail). */
const JFIF_APP0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

/**
 * A width × height baseline JPEG with the same kind of pattern, starting with a JFIF APP0 segment; `extra`
 * adds Exif or XMP instead, as a camera or Google might.
 */
export async function makeJpeg(width: number, height: number, shade = 0, extra: { exif?: boolean; xmp?: string } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let index = 0; index < width * height; index += 1) {
    pixels[index * 3] = (shade * 37 + index) % 256;
    pixels[index * 3 + 1] = (shade * 91) % 256;
    pixels[index * 3 + 2] = (index * 7) % 256;
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 });
  if (extra.exif) image = image.withExif({ IFD0: { Copyright: 'a camera' } });
  if (extra.xmp !== undefined) image = image.withXmp(extra.xmp);
  const jpeg = await image.toBuffer();
  // sharp leaves out JFIF; most JPEG writers put it first, which is what the gallery must cope with.
  return extra.exif || extra.xmp !== undefined ? jpeg : Buffer.concat([jpeg.subarray(0, 2), JFIF_APP0, jpeg.subarray(2)]);
}

/** Reproducible "random" bytes: SHA-256 of a seed and a counter. */
export function seededRandomBytes(seed: string): RandomBytes {
  let counter = 0;
  return (size) => {
    const out = Buffer.alloc(size);
    for (let filled = 0; filled < size; ) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      filled += block.copy(out, filled);
    }
    return out;
  };
}

const SIZES: Record<string, [number, number]> = {
  IMAGE_ASPECT_RATIO_SQUARE: [32, 32],
  IMAGE_ASPECT_RATIO_LANDSCAPE: [48, 27],
  IMAGE_ASPECT_RATIO_PORTRAIT: [27, 48],
};

/** A generated image as the ImageFX service would hand it over; `overrides` replace any field. */
export function generatedImage(overrides: Partial<GeneratedImageInput> = {}, shade = 0): GeneratedImageInput {
  const aspectRatio = overrides.aspectRatio ?? 'IMAGE_ASPECT_RATIO_SQUARE';
  const [width, height] = SIZES[aspectRatio] ?? [32, 32];
  const model = overrides.model ?? 'IMAGEN_3_5';
  return {
    encodedImage: makePng(width, height, shade).toString('base64'),
    seed: 1000 + shade,
    prompt: `a red fox in the snow number ${shade}`,
    model,
    aspectRatio,
    mediaId: `media-${shade}`,
    workflowId: `workflow-${shade}`,
    request: { count: 4, seed: null, model, aspectRatio },
    ...overrides,
  };
}

/** Like {@link generatedImage}, with a JPEG handed over as bytes (what the Flow backend receives). */
export async function generatedJpeg(overrides: Partial<GeneratedImageInput> = {}, shade = 0): Promise<GeneratedImageInput> {
  const base = generatedImage(overrides, shade);
  const [width, height] = SIZES[base.aspectRatio] ?? [32, 32];
  return { ...base, encodedImage: overrides.encodedImage ?? (await makeJpeg(width, height, shade)) };
}

/** A fresh gallery folder for each test of the file (removed after it), and its layout. */
export function useGalleryFolder(): { readonly path: string; readonly layout: GalleryLayout } {
  let folder: { path: string; remove: () => Promise<void> } | undefined;
  beforeEach(async () => {
    folder = await temporaryFolder();
  });
  afterEach(async () => {
    await folder?.remove();
  });
  return {
    get path() {
      return folder!.path;
    },
    get layout() {
      return new GalleryLayout(folder!.path);
    },
  };
}

/** A fresh temporary folder; call the returned `remove` in `afterEach`. */
export async function temporaryFolder(prefix = 'gallery-test-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { path: folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

/**
 * Opens a gallery in `folder` with a fake clock and seeded random bytes (a different seed per call by
 * default), and waits for its background reconciliation (`report`) unless `background` is set.
 */
export async function openTestGallery(
  folder: string,
  options: {
    clock?: FakeClock;
    seed?: string;
    makeThumbnail?: ThumbnailMaker;
    background?: boolean;
    indexWorkers?: number;
    yieldToEventLoop?: () => Promise<void>;
  } = {},
): Promise<{ gallery: Gallery; clock: FakeClock; report: GalleryStartReport | null }> {
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 0, 1));
  openCount += 1;
  const gallery = await Gallery.open({
    directory: folder,
    clock,
    randomBytes: seededRandomBytes(options.seed ?? `open-${openCount}`),
    ...(options.makeThumbnail ? { makeThumbnail: options.makeThumbnail } : {}),
    ...(options.indexWorkers ? { indexWorkers: options.indexWorkers } : {}),
    ...(options.yieldToEventLoop ? { yieldToEventLoop: options.yieldToEventLoop } : {}),
  });
  return { gallery, clock, report: options.background ? null : await gallery.whenReconciled() };
}
let openCount = 0;

/**
 * Writes `count` gallery PNGs straight into `folder` (the app's own embedding, ids and layout, one minute
 * apart, newest last) without going through `Gallery.add`: a gallery for the start-up code to find. Returns
 * their ids, oldest first.
 */
export function writeGalleryFiles(folder: string, count: number, options: { firstCreatedAt?: number; seed?: string; prompt?: (index: number) => string } = {}): string[] {
  const layout = new GalleryLayout(folder);
  const random = seededRandomBytes(options.seed ?? 'files');
  const png = makePng(8, 8, 1);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const createdAt = (options.firstCreatedAt ?? Date.UTC(2025, 0, 1)) + index * 60_000;
    const id = createGalleryId(createdAt, random);
    const base = generatedImage({ prompt: options.prompt?.(index) ?? `written file ${index} of a harbour` }, index);
    const file = layout.imageFile(id, 'png');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, embedPngMetadata(png, metadataFor(id, createdAt, base), false));
    ids.push(id);
  }
  return ids;
}

/**
 * Waits until the file system's clock has moved past `file`'s modification time, so that a change made now
 * gives its folder a different time. (Linux stamps files with a clock that ticks every few milliseconds; two
 * changes within one tick look like one.)
 */
export async function waitForFileClockPast(file: string, scratchFolder: string): Promise<void> {
  const probe = path.join(scratchFolder, 'file-clock-probe');
  const past = (await stat(file, { bigint: true })).mtimeNs;
  for (;;) {
    await writeFile(probe, '');
    if ((await stat(probe, { bigint: true })).mtimeNs > past) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await rm(probe);
}

/** Every item of the gallery, page by page (newest first). */
export async function allItems(gallery: Gallery, pageSize = 50): Promise<GalleryItem[]> {
  const items: GalleryItem[] = [];
  let cursor: string | null = null;
  do {
    const page: GalleryPage = await gallery.page({ cursor, limit: pageSize });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
