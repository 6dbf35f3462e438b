/**
 * Run in a fresh process by gallery-bench.ts: `node gallery-work-child.ts <gallery folder> <options file>`.
 * Opens the 100k gallery as the app's main process does and measures, in this order, the first page, 200
 * searches, saves on top (gallery-append-bench.ts), an export (gallery-export-bench.ts) and the bytes of one
 * page (gallery-page-bytes.ts). A process of its own, not the bench's: the bench has just filled 100k files
 * and parsed their rows, and its garbage collector would still be cleaning up after that during these
 * figures, which no app process ever does. Prints one JSON line ({@link GalleryWorkFigures}); progress goes
 * to stderr.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { systemClock } from '../src/core/clock.ts';
import { Gallery } from '../src/services/gallery/gallery.ts';
import type { BenchOptions } from './bench-options.ts';
import { PAGE_SIZE } from './bench-options.ts';
import { runGalleryAppendBench, TimedThumbnails, type GalleryAppendFigures } from './gallery-append-bench.ts';
import { runGalleryExportBench, type ExportFigures } from './gallery-export-bench.ts';
import { measurePageBytes, type PageBytes } from './gallery-page-bytes.ts';
import type { LoopStalls } from './loop-stalls.ts';
import { measureLoopStalls } from './loop-stalls.ts';
import { benchQueries } from './prompts.ts';
import { median, percentile, round, sampleMs, timeMs } from './stats.ts';

/** The options the child needs (the bench's, without its log function). */
export type GalleryWorkOptions = Pick<BenchOptions, 'workDir' | 'appendPhotos' | 'photoSide' | 'exportImages' | 'searchQueries' | 'pageRuns'>;

export interface GalleryWorkFigures {
  readonly firstPageMsP50: number;
  readonly firstPageMsP95: number;
  readonly firstPageColdMs: number;
  readonly searchMsP50: number;
  readonly searchMsP95: number;
  readonly searchStalls: LoopStalls;
  readonly slowestSearch: { readonly query: string; readonly ms: number; readonly hits: number };
  readonly append: GalleryAppendFigures;
  readonly export: ExportFigures;
  readonly pageBytes: PageBytes;
}

async function measure(directory: string, options: GalleryWorkOptions): Promise<GalleryWorkFigures> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
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

    const append = await runGalleryAppendBench(opened, thumbnails, directory, { ...options, log });
    const exported = await runGalleryExportBench(opened, options.exportImages, options.workDir, log);
    await opened.whenThumbnailsMade();
    const pageBytes = await measurePageBytes(opened);
    return {
      firstPageMsP50: round(median(pageSamples)),
      firstPageMsP95: round(percentile(pageSamples, 95)),
      firstPageColdMs: round(firstPageColdMs),
      searchMsP50: round(median(searchSamples)),
      searchMsP95: round(percentile(searchSamples, 95)),
      searchStalls: searched.stalls,
      slowestSearch: { query: queries[slowest] ?? '', ms: round(searchSamples[slowest] ?? Number.NaN), hits: hits[slowest] ?? 0 },
      append,
      export: exported,
      pageBytes,
    };
  } finally {
    await opened.close();
  }
}

const [folder, optionsFile] = process.argv.slice(2);
if (!folder || !optionsFile) throw new Error('usage: gallery-work-child.ts <gallery folder> <options file>');
const figures = await measure(folder, JSON.parse(readFileSync(optionsFile, 'utf8')) as GalleryWorkOptions);
process.stdout.write(`${JSON.stringify(figures)}\n`);
