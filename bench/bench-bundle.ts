/**
 * Bench entry points bundled the way scripts/build.mjs bundles the app (esbuild; Node, ESM, packages left to
 * node_modules), together with the gallery's index worker, which the bundled gallery code looks for beside
 * itself (see INDEX_WORKER_URL). A child process timed or measured from TypeScript sources would also pay for
 * Node stripping the types of every module, in it and in each worker, which the app never does. The bundles
 * go to bench/.work (inside the project, so `node_modules` resolves; ignored by git and ESLint).
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WORKER_SOURCE = fileURLToPath(new URL('../src/services/gallery/index-worker.ts', import.meta.url));

export interface BenchBundle {
  /** The bundled file of an entry, by the name it was given. */
  file(name: string): string;
  remove(): Promise<void>;
}

/** Bundles `entries` (name → source file) into a fresh folder; call `remove` when done. */
export async function bundleForBench(label: string, entries: Readonly<Record<string, string>>): Promise<BenchBundle> {
  const directory = fileURLToPath(new URL(`./.work/${label}-${process.pid}/`, import.meta.url));
  await build({
    entryPoints: { ...entries, 'gallery-index-worker': WORKER_SOURCE },
    outdir: directory,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  return {
    file: (name) => `${directory}${name}.js`,
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}
