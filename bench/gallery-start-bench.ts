/**
 * Start-up with 100k images, each case in a fresh process (gallery-start-child.ts): the index intact (a
 * normal start after a clean shutdown), and the index lost (the gallery rebuilt from the files, as after a
 * deleted or damaged index file). The first is what every start costs; the second also gives the rebuild's
 * time and the main thread's stalls while it runs.
 *
 * The child and the index worker run bundled by esbuild, as the app ships them (scripts/build.mjs): a start
 * from TypeScript sources would also time Node stripping the types of every module, which the app never
 * does. The bundles go to bench/.work (inside the project, so `node_modules` resolves) and are removed after.
 */
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { GalleryStartReport } from '../src/services/gallery/gallery.ts';
import type { LoopStalls } from './loop-stalls.ts';

const CHILD_SOURCE = fileURLToPath(new URL('./gallery-start-child.ts', import.meta.url));
const WORKER_SOURCE = fileURLToPath(new URL('../src/services/gallery/index-worker.ts', import.meta.url));
const BUNDLES = fileURLToPath(new URL(`./.work/start-bundle-${process.pid}/`, import.meta.url));

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
  await build({
    entryPoints: { 'start-child': CHILD_SOURCE, 'gallery-index-worker': WORKER_SOURCE },
    outdir: BUNDLES,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  try {
    const newestFile = path.join(workDir, 'newest-page.json');
    await writeFile(newestFile, JSON.stringify(newest));
    const afterIndexLoss = await runStart('after-loss', directory, newestFile);
    const intact = await runStart('intact', directory, newestFile);
    return { afterIndexLoss, intact };
  } finally {
    await rm(BUNDLES, { recursive: true, force: true });
  }
}

async function runStart(mode: StartFigures['mode'], directory: string, newestFile: string): Promise<StartFigures> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(BUNDLES, 'start-child.js'), mode, directory, newestFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`start child (${mode}) exited ${code}: ${stderr}`))));
  });
  const figures = JSON.parse(output) as StartFigures & { firstPageMs: number | null };
  if (figures.firstPageMs === null) throw new Error(`the ${mode} start never served the newest page`);
  return figures as StartFigures;
}
