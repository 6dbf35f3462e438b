// Builds the parts of the app with esbuild:
//   main     → dist/main.js      (ESM, Node; dependencies stay in node_modules)
//   gallery index worker → dist/gallery-index-worker.js (ESM, Node: a worker thread main.js starts, see
//                          src/services/gallery/index-worker-pool.ts, which expects it beside main.js)
//   preload  → dist/preload.cjs  (one self-contained CommonJS file: a sandboxed preload cannot require local modules)
//   renderer → dist/renderer/    (index.html, one script, one stylesheet bundled from src/renderer/styles.css's @imports)
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;
const production = process.env.NODE_ENV === 'production';

await rm(outdir, { recursive: true, force: true });
await mkdir(`${outdir}/renderer`, { recursive: true });

const common = { bundle: true, sourcemap: production ? false : 'linked', logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/main.js',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['src/services/gallery/index-worker.ts'],
    outfile: 'dist/gallery-index-worker.js',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['src/preload.ts'],
    outfile: 'dist/preload.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['src/renderer/main.ts'],
    outfile: 'dist/renderer/main.js',
    platform: 'browser',
    format: 'esm',
    target: 'chrome130',
  }),
  build({
    ...common,
    entryPoints: ['src/renderer/styles.css'],
    outfile: 'dist/renderer/styles.css',
    target: 'chrome130',
  }),
]);
await cp(`${root}src/renderer/index.html`, `${outdir}/renderer/index.html`);
console.log('built dist/main.js, dist/gallery-index-worker.js, dist/preload.cjs, dist/renderer/index.html');
