/**
 * The design the gallery replaces: every image's metadata in one electron-store JSON array. electron-store
 * 12 is `conf` plus Electron-derived defaults (cwd = userData, configName = name, projectVersion = app
 * version, see node_modules/electron-store/index.js); constructed here as `conf` with those options spelled
 * out, it reads and writes the file exactly as electron-store does, without needing Electron.
 *
 * Append is conf's own `appendToArray` (one read + parse, one stringify + atomic write: the cheapest way to
 * add to the array; `get` + `set` would parse twice). Search and first page read the array through `get`,
 * which re-reads and parses the file (electron-store's default: no cache), then filter/sort in JavaScript.
 * Filling 100k items one append at a time would take hours, so each size is pre-filled in one write and
 * the appends on top are timed.
 */
import { readFile, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type { IndexedImage } from '../src/services/gallery/gallery-index.ts';
import type { BenchOptions } from './bench-options.ts';
import { PAGE_SIZE } from './bench-options.ts';
import { benchQueries, promptSource } from './prompts.ts';
import { median, percentile, round, sampleMs } from './stats.ts';

const ARRAY_KEY = 'images';

export interface JsonArrayFigures {
  readonly items: number;
  readonly fileMb: number;
  /** Append p50 (ms) per array size, the full size included. */
  readonly appendMsP50BySize: Readonly<Record<string, number>>;
  readonly appendMsP50: number;
  readonly searchMsP50: number;
  readonly searchMsP95: number;
  readonly firstPageMsP50: number;
  /** The same searches over an array already in memory (the best this design can do, at the cost of RAM). */
  readonly inMemorySearchMsP95: number;
}

/** Opens the store as `new ElectronStore({ name: 'gallery', cwd: userData })` would. */
export function openJsonArrayStore(userData: string): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({ cwd: userData, configName: 'gallery', projectVersion: '0.1.0', watch: false });
}

/** Newest `PAGE_SIZE` items whose prompt contains every word of `query` (case-insensitive). */
export function searchArray(items: readonly IndexedImage[], query: string): IndexedImage[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = items.filter((item) => {
    const prompt = item.prompt.toLowerCase();
    return words.every((word) => prompt.includes(word));
  });
  return matches.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).slice(0, PAGE_SIZE);
}

/** `rowsFile`: the gallery's pre-filled index rows as JSON, oldest first (gallery-bench.ts). */
export async function runJsonArrayBench(options: BenchOptions, rowsFile: string): Promise<JsonArrayFigures> {
  const rows = JSON.parse(await readFile(rowsFile, 'utf8')) as IndexedImage[];
  const userData = path.join(options.workDir, 'json-array');
  await rm(userData, { recursive: true, force: true });
  const store = openJsonArrayStore(userData);
  const nextPrompt = promptSource(77);
  const template = rows[rows.length - 1]!;
  let appended = 0;
  const newItem = (): IndexedImage => ({ ...template, id: `${template.id.slice(0, 20)}${String(appended++).padStart(6, '0')}`, prompt: nextPrompt() });

  const sizes = [...new Set([...options.jsonAppendSizes.filter((size) => size < rows.length), rows.length])];
  const appendMsP50BySize: Record<string, number> = {};
  for (const size of sizes) {
    options.log(`json array: pre-fill ${size} items in one write, then ${options.jsonAppendRuns} appends`);
    store.set(ARRAY_KEY, rows.slice(0, size));
    const samples = await sampleMs(options.jsonAppendRuns, () => store.appendToArray(ARRAY_KEY, newItem()));
    appendMsP50BySize[String(size)] = round(median(samples));
  }

  // Back to exactly the gallery's items for the reads.
  store.set(ARRAY_KEY, rows);
  const fileMb = statSync(store.path).size / 1024 / 1024;
  const read = (): IndexedImage[] => store.get(ARRAY_KEY) as IndexedImage[];
  const queries = benchQueries(options.searchQueries).slice(0, options.jsonSearchQueries);
  options.log(`json array: ${queries.length} searches and ${options.jsonAppendRuns} first pages, each re-reading the file`);
  const searchSamples = await sampleMs(queries.length, (run) => searchArray(read(), queries[run]!));
  // The array is in creation order, so the newest page is its end, reversed.
  const pageSamples = await sampleMs(options.jsonAppendRuns, () => read().slice(-PAGE_SIZE).reverse());
  const inMemory = read();
  const allQueries = benchQueries(options.searchQueries);
  const inMemorySamples = await sampleMs(allQueries.length, (run) => searchArray(inMemory, allQueries[run]!));

  return {
    items: rows.length,
    fileMb: round(fileMb, 1),
    appendMsP50BySize,
    appendMsP50: appendMsP50BySize[String(rows.length)]!,
    searchMsP50: round(median(searchSamples)),
    searchMsP95: round(percentile(searchSamples, 95)),
    firstPageMsP50: round(median(pageSamples)),
    inMemorySearchMsP95: round(percentile(inMemorySamples, 95)),
  };
}
