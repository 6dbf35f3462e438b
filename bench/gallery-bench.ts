/**
 * The gallery at 100k images, measured through the real `Gallery` (node:sqlite + FTS5 index, image files):
 * fill the folder; start a fresh process on it with no index (an index loss: the first page, the rebuild
 * behind it, the main thread's stalls meanwhile) and again with the index intact (a normal start); then,
 * here, the first page and searches, saves on top (gallery-append-bench.ts), an export, and the bytes of
 * one page (gallery-page-bytes.ts).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import path from 'node:path';
import type { IndexedImage } from '../src/services/gallery/gallery-index.ts';
import { Gallery } from '../src/services/gallery/gallery.ts';
import { systemClock } from '../src/core/clock.ts';
import type { BenchOptions } from './bench-options.ts';
import { PAGE_SIZE } from './bench-options.ts';
import { fillGallery } from './gallery-fill.ts';
import { measureIndexAppend, runGalleryAppendBench, TimedThumbnails, type GalleryAppendFigures } from './gallery-append-bench.ts';
import { runGalleryExportBench, type ExportFigures } from './gallery-export-bench.ts';
import { measurePageBytes, type PageBytes } from './gallery-page-bytes.ts';
import { runStarts, type StartFigures } from './gallery-start-bench.ts';
import type { LoopStalls } from './loop-stalls.ts';
import { measureLoopStalls } from './loop-stalls.ts';
import { benchQueries } from './prompts.ts';
import { median, percentile, round, sampleMs, timeMs } from './stats.ts';
import { syntheticPhotoPng } from './synthetic-photo.ts';

export interface GalleryFigures {
  readonly items: number;
  readonly fillMs: number;
  /** A fresh process on the folder without an index: first page, rebuild, stalls. */
  readonly afterIndexLoss: StartFigures;
  /** A fresh process on the folder with its index (after the clean shutdown of the one above). */
  readonly intact: StartFigures;
  readonly firstPageMsP50: number;
  readonly firstPageMsP95: number;
  readonly firstPageColdMs: number;
  readonly searchMsP50: number;
  readonly searchMsP95: number;
  readonly searchStalls: LoopStalls;
  readonly slowestSearch: { readonly query: string; readonly ms: number; readonly hits: number };
  readonly append: GalleryAppendFigures;
  readonly export: ExportFigures;
  /** `GalleryIndex.insert` alone into the 100k index (what a JSON-array append corresponds to). */
  readonly indexAppend: { readonly msP50: number; readonly msP95: number };
  readonly pageBytes: PageBytes;
}

export interface GalleryBenchResult {
  readonly figures: GalleryFigures;
  /** The index rows of the pre-filled images, oldest first (the JSON array bench holds the same items). */
  readonly rows: readonly IndexedImage[];
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

  log('gallery: fresh processes without the index (first page, rebuild behind it), then with it');
  const { afterIndexLoss, intact } = await runStarts(directory, newest, options.workDir);
  if (afterIndexLoss.report.indexed !== options.galleryItems) {
    throw new Error(`rebuild indexed ${afterIndexLoss.report.indexed} of ${options.galleryItems} files`);
  }

  const thumbnails = new TimedThumbnails();
  const opened = await Gallery.open({ directory, clock: systemClock, randomBytes, makeThumbnail: thumbnails.maker });
  try {
    await opened.whenReconciled();
    log(`gallery: first page ×${options.pageRuns}, search ×${options.searchQueries}`);
    const firstPageColdMs = await timeMs(() => opened.page({ limit: PAGE_SIZE }));
    const pageSamples = await sampleMs(options.pageRuns, () => opened.page({ limit: PAGE_SIZE }));
    const queries = benchQueries(options.searchQueries);
    const hits: number[] = [];
    // Each search arrives on its own, as an IPC call does: between two, the event loop turns (otherwise 200
    // searches awaited back to back would be one long turn, which no window ever asks for).
    const searched = await measureLoopStalls(() =>
      sampleMs(queries.length, async (run) => {
        await nextTurn();
        hits[run] = (await opened.search({ query: queries[run]!, limit: PAGE_SIZE })).items.length;
      }),
    );
    const searchSamples = searched.result;
    const slowest = searchSamples.indexOf(Math.max(...searchSamples));

    const append = await runGalleryAppendBench(opened, thumbnails, directory, options);
    const exported = await runGalleryExportBench(opened, options.exportImages, options.workDir, log);
    await opened.whenThumbnailsMade();
    const pageBytes = await measurePageBytes(opened);
    await opened.close();
    const indexAppend = await measureIndexAppend(directory, INDEX_APPEND_RUNS);
    return {
      directory,
      rows,
      figures: {
        items: options.galleryItems,
        fillMs: round(fillMs, 0),
        afterIndexLoss,
        intact,
        firstPageMsP50: round(median(pageSamples)),
        firstPageMsP95: round(percentile(pageSamples, 95)),
        firstPageColdMs: round(firstPageColdMs),
        searchMsP50: round(median(searchSamples)),
        searchMsP95: round(percentile(searchSamples, 95)),
        searchStalls: searched.stalls,
        slowestSearch: { query: queries[slowest] ?? '', ms: round(searchSamples[slowest] ?? Number.NaN), hits: hits[slowest] ?? 0 },
        append,
        export: exported,
        indexAppend,
        pageBytes,
      },
    };
  } finally {
    await opened.close();
  }
}
