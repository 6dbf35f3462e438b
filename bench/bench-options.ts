/**
 * What one bench run does and how big it is. `npm run bench` uses {@link FULL_BENCH}; the smoke test
 * (tests/bench) runs the same code on tiny sizes to check that the harness works and writes every key.
 */

export interface BenchOptions {
  /** Scratch folder for galleries, stores and vaults (emptied first). */
  readonly workDir: string;
  /** Images in the gallery (and the JSON array) for the "100k" figures. */
  readonly galleryItems: number;
  /** Worker threads that write the pre-filled gallery files. */
  readonly fillWorkers: number;
  /** Real-size images added through `Gallery.add` on top of the filled gallery (at least one page). */
  readonly appendPhotos: number;
  /** Side of those images in pixels (ImageFX returns 1024×1024). */
  readonly photoSide: number;
  /** Images exported at once (the newest ones) while the main thread's stalls are measured. */
  readonly exportImages: number;
  /** Searches timed for the p95. */
  readonly searchQueries: number;
  /** First-page requests timed. */
  readonly pageRuns: number;
  /** Smaller JSON-array sizes whose append cost is also measured (the full size always is). */
  readonly jsonAppendSizes: readonly number[];
  /** Appends timed per JSON-array size. */
  readonly jsonAppendRuns: number;
  /** Searches timed on the JSON array (each re-reads the whole file, so fewer). */
  readonly jsonSearchQueries: number;
  /** Session restores timed per design. */
  readonly restoreRuns: number;
  /** Generations timed per path (service, library). */
  readonly generationRuns: number;
  /** Interactive sign-ins in Chromium timed for the harvest latency. */
  readonly harvestRuns: number;
  /** SIGKILLs in the vault soak run inside the bench. */
  readonly soakKills: number;
  /** Images in the gallery the renderer bench scrolls in Chromium. */
  readonly rendererItems: number;
  /** How long it scrolls, ms. */
  readonly rendererScrollMs: number;
  /** Run only these sections (`--only renderer`); all when absent. */
  readonly only?: readonly BenchSection[];
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** The parts of the bench, in the order they run. */
export const BENCH_SECTIONS = ['gallery', 'jsonArray', 'memory', 'sessionRestore', 'refreshStorm', 'generation', 'harvest', 'soak', 'renderer'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** Sections that can run on their own (`--only`): they need nothing another section builds. */
export const STANDALONE_SECTIONS: readonly BenchSection[] = ['renderer'];

/** The figures BENCHMARKS.md reports. */
export const FULL_BENCH: Omit<BenchOptions, 'workDir' | 'log'> = {
  galleryItems: 100_000,
  fillWorkers: 2,
  appendPhotos: 60,
  photoSide: 1024,
  exportImages: 1_000,
  searchQueries: 200,
  pageRuns: 200,
  jsonAppendSizes: [1_000, 10_000],
  jsonAppendRuns: 5,
  jsonSearchQueries: 20,
  restoreRuns: 500,
  generationRuns: 30,
  harvestRuns: 15,
  soakKills: 100,
  rendererItems: 100_000,
  rendererScrollMs: 12_000,
};

/** The page size the gallery grid asks for. */
export const PAGE_SIZE = 60;

/** Tiny sizes: checks that every section runs and every key is written (tests/bench), in seconds. */
export const SMOKE_BENCH: Omit<BenchOptions, 'workDir' | 'log'> = {
  galleryItems: 300,
  fillWorkers: 2,
  appendPhotos: 6,
  photoSide: 64,
  exportImages: 40,
  searchQueries: 8,
  pageRuns: 5,
  jsonAppendSizes: [100],
  jsonAppendRuns: 2,
  jsonSearchQueries: 3,
  restoreRuns: 10,
  generationRuns: 2,
  harvestRuns: 1,
  soakKills: 3,
  rendererItems: 2_000,
  rendererScrollMs: 1_500,
};

export const BENCH_PRESETS = { full: FULL_BENCH, smoke: SMOKE_BENCH } as const;
