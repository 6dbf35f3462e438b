/**
 * Helpers for the gallery tests: small real PNGs (encoded with pngjs, as Google's would arrive: base64),
 * deterministic random bytes, generated-image inputs and throw-away gallery folders.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { Gallery } from '../../src/services/gallery/gallery.ts';
import type { RandomBytes } from '../../src/services/gallery/gallery-id.ts';
import type { GeneratedImageInput } from '../../src/services/gallery/image-metadata.ts';
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

/** A fresh temporary folder; call the returned `remove` in `afterEach`. */
export async function temporaryFolder(prefix = 'gallery-test-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { path: folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** Opens a gallery in `folder` with a fake clock and seeded random bytes (a different seed per call by default). */
export async function openTestGallery(
  folder: string,
  options: { clock?: FakeClock; seed?: string; makeThumbnail?: ThumbnailMaker } = {},
): Promise<{ gallery: Gallery; clock: FakeClock }> {
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 0, 1));
  openCount += 1;
  const gallery = await Gallery.open({
    directory: folder,
    clock,
    randomBytes: seededRandomBytes(options.seed ?? `open-${openCount}`),
    ...(options.makeThumbnail ? { makeThumbnail: options.makeThumbnail } : {}),
  });
  return { gallery, clock };
}
let openCount = 0;

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
