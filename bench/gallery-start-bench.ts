/**
 * Start-up with 100k images, each case in a fresh process (gallery-start-child.ts): the index intact (a
 * normal start after a clean shutdown), and the index lost (the gallery rebuilt from the files, as after a
 * deleted or damaged index file). The first is what every start costs; the second also gives the rebuild's
 * time and the main thread's stalls while it runs.
 *
 * The child and the index worker run bundled, as the app ships them (see bench-bundle.ts).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GalleryStartReport } from '../src/services/gallery/gallery.ts';
import { bundleForBench } from './bench-bundle.ts';
import { runJsonChild } from './json-child.ts';
import type { LoopStalls } from './loop-stalls.ts';

const CHILD_SOURCE = fileURLToPath(new URL('./gallery-start-child.ts', import.meta.url));

export interface StartFigures {
  readonly mode: 'intact' | 'after-loss';
  /** Process start → `Gallery.open` resolved, ms. */
  readonly openedMs: number;
  /** Process start → the page of the 60 newest images returned, ms. */
  readonly firstPageMs: number;
  /** `Gallery.open` resolved → the background work done (after a loss: the whole rebuild), ms. */
  readonly reconcileMs: number;
  readonly report: GalleryStartReport;
  /** Main-thread stalls from process start to the background work done. */
  readonly stalls: LoopStalls;
}

/** Both starts, after an index loss first (the folder has none yet), then intact; `newest` is the expected first page. */
export async function runStarts(directory: string, newest: readonly string[], workDir: string): Promise<{ afterIndexLoss: StartFigures; intact: StartFigures }> {
  const bundle = await bundleForBench('start', { 'start-child': CHILD_SOURCE });
  try {
    const newestFile = path.join(workDir, 'newest-page.json');
    await writeFile(newestFile, JSON.stringify(newest));
    const afterIndexLoss = await runStart(bundle.file('start-child'), 'after-loss', directory, newestFile);
    const intact = await runStart(bundle.file('start-child'), 'intact', directory, newestFile);
    return { afterIndexLoss, intact };
  } finally {
    await bundle.remove();
  }
}

async function runStart(script: string, mode: StartFigures['mode'], directory: string, newestFile: string): Promise<StartFigures> {
  const figures = await runJsonChild<StartFigures & { firstPageMs: number | null }>([script, mode, directory, newestFile], `start child (${mode})`);
  if (figures.firstPageMs === null) throw new Error(`the ${mode} start never served the newest page`);
  return figures as StartFigures;
}
