#!/usr/bin/env node
/**
 * `npm run bench [-- --items N --soak-kills N --out FILE --work-dir DIR --preset full|smoke]` runs
 * bench/run-bench.ts (every figure of BENCHMARKS.md, each measured in the same run as its alternative),
 * prints the table and writes bench/results.json; `npm run bench -- --print FILE` prints an earlier
 * run's table; `npm run bench -- --only renderer` runs one standalone section and writes its figures
 * into the results file, keeping the others (bench/bench-merge.ts). Needs Node 24 (the devDependency `npm run` puts first on PATH): it imports TypeScript via
 * type stripping. Scratch data (a 100k-file gallery, ~0.5 GB) goes to a fresh folder in the OS temp
 * directory, or `--work-dir`, and is removed at the end; not inside the checkout, where tsc and ESLint
 * would walk its 100k files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`The bench needs Node 24 (found ${process.version}); run it with \`npm run bench\`, which uses the node devDependency (npm ci installs it).`);
  process.exit(2);
}

const { BENCH_PRESETS, STANDALONE_SECTIONS } = await import('../bench/bench-options.ts');
const { mergeSectionRun } = await import('../bench/bench-merge.ts');
const { runBench } = await import('../bench/run-bench.ts');
const { formatTable } = await import('../bench/bench-results.ts');

const { values } = parseArgs({
  options: {
    items: { type: 'string' },
    'soak-kills': { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('../bench/results.json', import.meta.url)) },
    'work-dir': { type: 'string' },
    // `smoke`: tiny sizes, to check the harness (tests/bench); its figures mean nothing.
    preset: { type: 'string', default: 'full' },
    // Prints the table of an earlier run's results file instead of running.
    print: { type: 'string' },
    // Runs only these standalone sections (comma-separated) and merges their figures into --out.
    only: { type: 'string' },
  },
});
const whole = (name, value, fallback) => {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    console.error(`--${name} must be a positive whole number, got ${value}`);
    process.exit(2);
  }
  return number;
};

if (values.print !== undefined) {
  console.log(formatTable(JSON.parse(readFileSync(values.print, 'utf8'))));
  process.exit(0);
}

const preset = BENCH_PRESETS[values.preset];
if (!preset) {
  console.error(`--preset must be one of ${Object.keys(BENCH_PRESETS).join(', ')}, got ${values.preset}`);
  process.exit(2);
}

const only = values.only === undefined ? undefined : values.only.split(',').map((name) => name.trim()).filter(Boolean);
for (const name of only ?? []) {
  if (!STANDALONE_SECTIONS.includes(name)) {
    console.error(`--only takes sections that run on their own (${STANDALONE_SECTIONS.join(', ')}), got ${name}`);
    process.exit(2);
  }
}

const started = Date.now();
const workDir = values['work-dir'] === undefined ? mkdtempSync(path.join(os.tmpdir(), 'imagefx-bench-')) : path.resolve(values['work-dir']);
const results = await runBench({
  ...preset,
  galleryItems: whole('items', values.items, preset.galleryItems),
  soakKills: whole('soak-kills', values['soak-kills'], preset.soakKills),
  ...(only ? { only } : {}),
  workDir,
  log: (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`),
});
if (values['work-dir'] === undefined) rmSync(workDir, { recursive: true, force: true });
const previous = only && existsSync(values.out) ? JSON.parse(readFileSync(values.out, 'utf8')) : null;
const written = only ? mergeSectionRun(previous, results, only) : results;
writeFileSync(values.out, `${JSON.stringify(written, null, 2)}\n`);
console.log(`\n${formatTable(written)}\n\nwritten to ${values.out}${only ? ` (only ${only.join(', ')} measured in this run)` : ''}`);
for (const [section, error] of Object.entries(results.errors)) console.error(`\nsection ${section} failed:\n${error}`);
process.exit(Object.keys(results.errors).length === 0 ? 0 : 1);
