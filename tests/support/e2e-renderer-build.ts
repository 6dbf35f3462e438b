/**
 * Builds the renderer for the end-to-end tests into a temporary folder: the same esbuild options as
 * scripts/build.mjs (one ESM bundle of src/renderer/main.ts, one stylesheet bundled from
 * src/renderer/styles.css's @imports, and index.html), with one module swapped — src/renderer/gallery-urls.ts → tests/support/e2e-gallery-urls.ts (see that file for
 * why). It does not touch dist/, which other tests and scripts use.
 */
import { build, type Plugin } from 'esbuild';
import { copyFile, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RENDERER = path.join(ROOT, 'src', 'renderer');
const REAL_GALLERY_URLS = path.join(RENDERER, 'gallery-urls.ts');
const E2E_GALLERY_URLS = path.join(ROOT, 'tests', 'support', 'e2e-gallery-urls.ts');

/** Files of src/renderer that scripts/build.mjs copies as they are. */
export const RENDERER_ASSETS = ['index.html'] as const;
/** The stylesheet entry scripts/build.mjs bundles (its @imports inlined). */
const STYLESHEET = 'styles.css';
/** Source folders of src/renderer (bundled, not shipped as files). */
const SOURCE_FOLDERS = ['views', 'styles'];

const swapGalleryUrls: Plugin = {
  name: 'e2e-gallery-urls',
  setup(builder) {
    builder.onResolve({ filter: /gallery-urls\.ts$/ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      return resolved === REAL_GALLERY_URLS ? { path: E2E_GALLERY_URLS } : undefined;
    });
  },
};

/** Builds the renderer; resolves with the folder holding index.html, main.js and styles.css. */
export async function buildE2eRenderer(): Promise<string> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'imagefx-e2e-renderer-'));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/renderer/main.ts'],
    outfile: path.join(outdir, 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'chrome130',
    sourcemap: false,
    logLevel: 'silent',
    metafile: true,
    plugins: [swapGalleryUrls],
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(ROOT, input));
  if (!inputs.includes(E2E_GALLERY_URLS) || inputs.includes(REAL_GALLERY_URLS)) {
    throw new Error('the e2e build did not swap src/renderer/gallery-urls.ts; did the module move?');
  }
  await build({
    absWorkingDir: ROOT,
    entryPoints: [`src/renderer/${STYLESHEET}`],
    outfile: path.join(outdir, STYLESHEET),
    bundle: true,
    target: 'chrome130',
    logLevel: 'silent',
  });
  const known = [...RENDERER_ASSETS, STYLESHEET, ...SOURCE_FOLDERS];
  const unknown = (await readdir(RENDERER)).filter((file) => !file.endsWith('.ts') && !known.includes(file));
  if (unknown.length > 0) throw new Error(`src/renderer has files the e2e build does not handle: ${unknown.join(', ')}`);
  for (const asset of RENDERER_ASSETS) await copyFile(path.join(RENDERER, asset), path.join(outdir, asset));
  return outdir;
}
