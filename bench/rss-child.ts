/**
 * Run as a child process by memory-bench.ts: `node --expose-gc rss-child.ts <gallery|json-array> <folder>`.
 * Loads the modules first and records the resident set size (the baseline: a process that has the code but
 * no data), then opens the 100k-image gallery (or reads the 100k-item JSON array) the way the main process
 * would at start, serves a first page and a few searches, and records the RSS again. Prints one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { systemClock } from '../src/core/clock.ts';
import type { IndexedImage } from '../src/services/gallery/gallery-index.ts';
import { Gallery } from '../src/services/gallery/gallery.ts';
import { PAGE_SIZE } from './bench-options.ts';
import { openJsonArrayStore, searchArray } from './json-array-bench.ts';
import { benchQueries } from './prompts.ts';

const MIB = 1024 * 1024;

/** Memory after two full collections, in MiB: resident set, V8 heap reserved and in use, memory outside the heap. */
function settledMemory(): { rss: number; heapTotal: number; heapUsed: number; external: number } {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  collect();
  collect();
  const usage = process.memoryUsage();
  return { rss: usage.rss / MIB, heapTotal: usage.heapTotal / MIB, heapUsed: usage.heapUsed / MIB, external: usage.external / MIB };
}

async function main(): Promise<void> {
  const [design, folder] = process.argv.slice(2);
  if ((design !== 'gallery' && design !== 'json-array') || !folder) throw new Error('usage: rss-child.ts <gallery|json-array> <folder>');
  const baseline = settledMemory();
  const queries = benchQueries(20);
  let items: number | null = null;
  // Kept referenced until the measurement: what the running app would hold.
  let held: unknown;
  if (design === 'gallery') {
    const gallery = await Gallery.open({ directory: folder, clock: systemClock, randomBytes });
    await gallery.page({ limit: PAGE_SIZE });
    for (const query of queries) await gallery.search({ query, limit: PAGE_SIZE });
    // Measured once the start-up work is over and its worker threads have ended: what the app then holds.
    await gallery.whenReconciled();
    held = gallery;
  } else {
    const all = openJsonArrayStore(folder).get('images') as IndexedImage[];
    for (const query of queries) searchArray(all, query);
    items = all.length;
    held = all;
  }
  const loaded = settledMemory();
  process.stdout.write(`${JSON.stringify({ design, items, baseline, loaded, held: held !== undefined })}\n`);
}

await main();
