// Builds the parts of the app with esbuild:
//   main     → dist/main.js      (ESM, Node; dependencies stay in node_modules). IMAGEFX_DEVELOPMENT_BUILD is
//              defined true for development builds and false for production (NODE_ENV=production), so the
//              production bundle drops demo mode (src/app/demo) entirely: package:smoke checks app.asar for it.
//   gallery index worker → dist/gallery-index-worker.js (ESM, Node: a worker thread main.js starts, see
//                          src/services/gallery/index-worker-pool.ts, which expects it beside main.js)
//   preload  → dist/preload.cjs  (one self-contained CommonJS file: a sandboxed preload cannot require local modules)
//   renderer → dist/renderer/    (index.html, one script, one stylesheet bundled from src/renderer/styles.css's @imports)
//
//   node scripts/build.mjs [--outdir <dir>]   (default: dist/ in the project)
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = values.outdir ? path.resolve(values.outdir) : `${root}dist`;
const production = process.env.NODE_ENV === 'production';

await rm(outdir, { recursive: true, force: true });
await mkdir(`${outdir}/renderer`, { recursive: true });

const common = { bundle: true, sourcemap: production ? false : 'linked', logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: `${outdir}/main.js`,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    define: { IMAGEFX_DEVELOPMENT_BUILD: production ? 'false' : 'true' },
  }),
  build({
    ...common,
    entryPoints: ['src/services/gallery/index-worker.ts'],
    outfile: `${outdir}/gallery-index-worker.js`,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['src/preload.ts'],
    outfile: `${outdir}/preload.cjs`,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['src/renderer/main.ts'],
    outfile: `${outdir}/renderer/main.js`,
    platform: 'browser',
    format: 'esm',
    target: 'chrome130',
  }),
  build({
    ...common,
    entryPoints: ['src/renderer/styles.css'],
    outfile: `${outdir}/renderer/styles.css`,
    target: 'chrome130',
  }),
]);
await cp(`${root}src/renderer/index.html`, `${outdir}/renderer/index.html`);
console.log(`built ${path.relative(root, outdir) || outdir}/main.js, gallery-index-worker.js, preload.cjs, renderer/index.html${production ? ' (production: no demo mode)' : ''}`);
