/**
 * Resident memory with 100k images, each design in a fresh child process (see rss-child.ts): the gallery
 * opened at start (index already built; its background check done and its worker threads ended) plus a
 * first page and searches, against the JSON array read into memory (which is what every read of it does).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
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
  const gallery = await runChild('gallery', galleryDirectory);
  const jsonArray = await runChild('json-array', jsonArrayUserData);
  return {
    galleryItemsIndexed: indexed,
    galleryRssOverBaselineMb: growth(gallery).rss,
    galleryBaselineRssMb: round(gallery.baseline.rss, 1),
    galleryGrowthMb: growth(gallery),
    jsonArrayRssOverBaselineMb: growth(jsonArray).rss,
    jsonArrayGrowthMb: growth(jsonArray),
  };
}

function runChild(design: string, folder: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', '--expose-gc', CHILD, design, folder], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`rss child (${design}) exited with ${code}: ${stderr.trim()}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildReport);
      } catch (error) {
        reject(new Error(`rss child (${design}) printed no report: ${stdout} ${stderr}`, { cause: error }));
      }
    });
  });
}
