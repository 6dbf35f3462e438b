/**
 * The gallery at 100k images, measured through the real `Gallery` (node:sqlite + FTS5 index, image files):
 * fill the folder; start a fresh process on it with no index (an index loss: the first page, the rebuild
 * behind it, the main thread's stalls meanwhile) and again with the index intact (a normal start); then,
 * in a third fresh process (gallery-work-child.ts), the first page and searches, saves on top, an export
 * and the bytes of one page; last, here, the index row alone.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IndexedImage } from '../src/services/gallery/gallery-index.ts';
import { systemClock } from '../src/core/clock.ts';
import type { BenchOptions } from './bench-options.ts';
import { PAGE_SIZE } from './bench-options.ts';
import { bundleForBench } from './bench-bundle.ts';
import { fillGallery } from './gallery-fill.ts';
import { measureIndexAppend } from './gallery-append-bench.ts';
import { runStarts, type StartFigures } from './gallery-start-bench.ts';
import type { GalleryWorkFigures, GalleryWorkOptions } from './gallery-work-child.ts';
import { runJsonChild } from './json-child.ts';
import { round, timeMs } from './stats.ts';
import { syntheticPhotoPng } from './synthetic-photo.ts';

const WORK_CHILD_SOURCE = fileURLToPath(new URL('./gallery-work-child.ts', import.meta.url));

export interface GalleryFigures extends GalleryWorkFigures {
  readonly items: number;
  readonly fillMs: number;
  /** A fresh process on the folder without an index: first page, rebuild, stalls. */
  readonly afterIndexLoss: StartFigures;
  /** A fresh process on the folder with its index (after the clean shutdown of the one above). */
  readonly intact: StartFigures;
  /** `GalleryIndex.insert` alone into the 100k index (what a JSON-array append corresponds to). */
  readonly indexAppend: { readonly msP50: number; readonly msP95: number };
}

export interface GalleryBenchResult {
  readonly figures: GalleryFigures;
  /**
   * A JSON file of the pre-filled images' index rows, oldest first (the JSON array bench holds the same
   * items). A file, not an array: 100k rows in this process's heap would make every garbage collection
   * during the measurements below mark them, which no app process does (the app never holds its rows).
   */
  readonly rowsFile: string;
  readonly directory: string;
}

/** The pre-filled images are at least a day old, so images added now form the first page. */
const DAY_MS = 86_400_000;
const INDEX_APPEND_RUNS = 200;

export async function runGalleryBench(options: BenchOptions): Promise<GalleryBenchResult> {
  const directory = path.join(options.workDir, 'gallery');
  await rm(directory, { recursive: true, force: true });
  const log = options.log;

  log(`gallery: writing ${options.galleryItems} gallery PNG files (${options.fillWorkers} workers)`);
  // Small real PNGs for the bulk: the rebuild reads every file, and 100k full-size images would be ~250 GB.
  const basePng = await syntheticPhotoPng(7, 32);
  let rows: IndexedImage[] = [];
  const fillMs = await timeMs(async () => {
    rows = await fillGallery({ directory, count: options.galleryItems, basePng, newestCreatedAt: systemClock.now() - DAY_MS, workers: options.fillWorkers });
  });
  const newest = rows
    .slice(-PAGE_SIZE)
    .reverse()
    .map((row) => row.id);
  const rowsFile = path.join(options.workDir, 'gallery-rows.json');
  await writeFile(rowsFile, JSON.stringify(rows));
  rows = [];

  log('gallery: fresh processes without the index (first page, rebuild behind it), then with it');
  const { afterIndexLoss, intact } = await runStarts(directory, newest, options.workDir);
  if (afterIndexLoss.report.indexed !== options.galleryItems) {
    throw new Error(`rebuild indexed ${afterIndexLoss.report.indexed} of ${options.galleryItems} files`);
  }

  log('gallery: first page, searches, saves, export in a fresh process, as the app opens it');
  const work = await runGalleryWork(directory, options);
  const indexAppend = await measureIndexAppend(directory, INDEX_APPEND_RUNS);
  return {
    directory,
    rowsFile,
    figures: { items: options.galleryItems, fillMs: round(fillMs, 0), afterIndexLoss, intact, ...work, indexAppend },
  };
}

/** The measurements of gallery-work-child.ts, in a fresh process running the bundled code as the app ships it. */
async function runGalleryWork(directory: string, options: BenchOptions): Promise<GalleryWorkFigures> {
  const { workDir, appendPhotos, photoSide, exportImages, searchQueries, pageRuns } = options;
  const optionsFile = path.join(workDir, 'gallery-work-options.json');
  await writeFile(optionsFile, JSON.stringify({ workDir, appendPhotos, photoSide, exportImages, searchQueries, pageRuns } satisfies GalleryWorkOptions));
  const bundle = await bundleForBench('work', { 'work-child': WORK_CHILD_SOURCE });
  try {
    return await runJsonChild<GalleryWorkFigures>([bundle.file('work-child'), directory, optionsFile], 'gallery work child');
  } finally {
    await bundle.remove();
  }
}
