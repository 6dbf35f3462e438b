/**
 * Fills a gallery folder with `count` real gallery PNGs (see gallery-fill-worker.ts), split over worker
 * threads. Filling through `Gallery.add` (fsync'd PNG + sharp thumbnail per image) would take most of the
 * bench's time budget at 100k; instead the files are written directly and the gallery's start-up rebuild —
 * a real code path, and itself measured — indexes them.
 */
import { Worker } from 'node:worker_threads';
import type { IndexedImage } from '../src/services/gallery/gallery-index.ts';
import type { FillSlice } from './gallery-fill-worker.ts';
import { writeFillSlice } from './gallery-fill-worker.ts';
import { benchPrompts } from './prompts.ts';

const WORKER_URL = new URL('./gallery-fill-worker.ts', import.meta.url);
const YEAR_MS = 365 * 24 * 3_600_000;

export interface FillOptions {
  readonly directory: string;
  readonly count: number;
  /** PNG used for every image (metadata differs per image). */
  readonly basePng: Buffer;
  /** The newest pre-filled image is this old, the oldest two years older. */
  readonly newestCreatedAt: number;
  readonly workers: number;
}

/** Writes the files; returns their index rows, oldest first. */
export async function fillGallery(options: FillOptions): Promise<IndexedImage[]> {
  const prompts = benchPrompts(options.count);
  const stepMs = Math.max(1, Math.floor((2 * YEAR_MS) / Math.max(1, options.count)));
  const firstCreatedAt = options.newestCreatedAt - stepMs * options.count;
  const workers = Math.max(1, Math.min(options.workers, options.count));
  const per = Math.ceil(options.count / workers);
  const slices: FillSlice[] = [];
  for (let start = 0; start < options.count; start += per) {
    slices.push({
      directory: options.directory,
      basePng: options.basePng.toString('base64'),
      prompts: prompts.slice(start, start + per),
      firstCreatedAt: firstCreatedAt + start * stepMs,
      stepMs,
      firstSeed: 1000 + start,
    });
  }
  const parts = workers === 1 ? [writeFillSlice(slices[0]!)] : await Promise.all(slices.map(runWorker));
  return parts.flat();
}

function runWorker(slice: FillSlice): Promise<IndexedImage[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: slice });
    worker.once('message', (rows: IndexedImage[]) => resolve(rows));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`gallery fill worker exited with code ${code}`));
    });
  });
}
