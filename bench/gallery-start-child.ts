/**
 * Run in a fresh process by gallery-start-bench.ts:
 * `node gallery-start-child.ts <intact|after-loss> <gallery folder> <file with the newest page's ids>`.
 * Times what a user waits for at start, from process start (`performance.now()` counts from it) through
 * loading the gallery's code and opening it as the composition root does (Electron-free) to the first page
 * of the 60 newest images. After an index loss it goes on asking for that page every 100 ms, as a window
 * would, while the rebuild runs, and reports the rebuild's time and the main thread's stalls meanwhile.
 * Prints one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { systemClock } from '../src/core/clock.ts';
import { Gallery } from '../src/services/gallery/gallery.ts';
import type { GalleryPage } from '../src/shared/gallery-schemas.ts';
import { PAGE_SIZE } from './bench-options.ts';
import { measureLoopStalls } from './loop-stalls.ts';
import { round } from './stats.ts';

const [mode, folder, newestFile] = process.argv.slice(2);
if ((mode !== 'intact' && mode !== 'after-loss') || !folder || !newestFile) {
  throw new Error('usage: gallery-start-child.ts <intact|after-loss> <folder> <newest ids file>');
}
const newest = JSON.parse(readFileSync(newestFile, 'utf8')) as string[];
const isNewestPage = (page: GalleryPage): boolean => page.items.length === newest.length && page.items.every((item, position) => item.id === newest[position]);

const { result, stalls } = await measureLoopStalls(async () => {
  const gallery = await Gallery.open({ directory: folder, clock: systemClock, randomBytes });
  const openedMs = performance.now();
  let firstPageMs: number | null = null;
  const check = async (): Promise<void> => {
    if (firstPageMs === null && isNewestPage(await gallery.page({ limit: PAGE_SIZE }))) firstPageMs = performance.now();
  };
  await check();
  // The window asks again as the rebuild goes (every batch it reports) and on its own every 100 ms.
  gallery.onDidChangeIndexProgress(() => void check());
  const asking = setInterval(() => void check(), 100);
  const report = await gallery.whenReconciled();
  const reconciledMs = performance.now();
  clearInterval(asking);
  await check();
  await gallery.close();
  return { openedMs, firstPageMs, reconciledMs, report };
});
process.stdout.write(
  `${JSON.stringify({
    mode,
    openedMs: round(result.openedMs),
    firstPageMs: result.firstPageMs === null ? null : round(result.firstPageMs),
    reconcileMs: round(result.reconciledMs - result.openedMs),
    report: result.report,
    stalls,
  })}\n`,
);
