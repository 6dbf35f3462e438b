/**
 * Resident memory with 100k images, each design in a fresh child process (see rss-child.ts): the gallery
 * opened at start (index already built; its background check done and its worker threads ended) plus a
 * first page and searches, against the JSON array read into memory (which is what every read of it does).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { bundleForBench } from './bench-bundle.ts';
import { runJsonChild } from './json-child.ts';
import { round } from './stats.ts';

const CHILD = fileURLToPath(new URL('./rss-child.ts', import.meta.url));

/** MiB over the baseline process: resident set, V8 heap reserved, V8 heap in use, memory outside the V8 heap. */
export interface MemoryGrowth {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
}

export interface MemoryFigures {
  readonly galleryItemsIndexed: number;
  readonly galleryRssOverBaselineMb: number;
  readonly galleryBaselineRssMb: number;
  readonly galleryGrowthMb: MemoryGrowth;
  readonly jsonArrayRssOverBaselineMb: number;
  readonly jsonArrayGrowthMb: MemoryGrowth;
}

type MemorySnapshot = MemoryGrowth;

interface ChildReport {
  readonly baseline: MemorySnapshot;
  readonly loaded: MemorySnapshot;
  readonly items: number | null;
}

function growth(report: ChildReport): MemoryGrowth {
  const { baseline, loaded } = report;
  return {
    rss: round(loaded.rss - baseline.rss, 1),
    heapTotal: round(loaded.heapTotal - baseline.heapTotal, 1),
    heapUsed: round(loaded.heapUsed - baseline.heapUsed, 1),
    external: round(loaded.external - baseline.external, 1),
  };
}

export async function runMemoryBench(galleryDirectory: string, jsonArrayUserData: string, log: (line: string) => void): Promise<MemoryFigures> {
  log('memory: RSS over baseline in child processes (gallery, JSON array)');
  const database = new DatabaseSync(path.join(galleryDirectory, 'index.sqlite'), { readOnly: true });
  const indexed = Number(database.prepare('SELECT count(*) AS n FROM images').get()?.['n']);
  database.close();
  // Bundled, as the app runs: the gallery's index worker leaves memory behind, and more from TypeScript sources.
  const bundle = await bundleForBench('rss', { 'rss-child': CHILD });
  let gallery: ChildReport;
  let jsonArray: ChildReport;
  try {
    gallery = await runChild(bundle.file('rss-child'), 'gallery', galleryDirectory);
    jsonArray = await runChild(bundle.file('rss-child'), 'json-array', jsonArrayUserData);
  } finally {
    await bundle.remove();
  }
  return {
    galleryItemsIndexed: indexed,
    galleryRssOverBaselineMb: growth(gallery).rss,
    galleryBaselineRssMb: round(gallery.baseline.rss, 1),
    galleryGrowthMb: growth(gallery),
    jsonArrayRssOverBaselineMb: growth(jsonArray).rss,
    jsonArrayGrowthMb: growth(jsonArray),
  };
}

function runChild(script: string, design: string, folder: string): Promise<ChildReport> {
  return runJsonChild<ChildReport>(['--no-warnings', '--expose-gc', script, design, folder], `rss child (${design})`);
}
