/**
 * Small measuring helpers for the bench: wall-clock timing with `performance.now()`, percentiles, and a
 * seeded random source so that a run's data (prompts, queries) is the same every time.
 */

/** Milliseconds `work` took (wall clock, including any awaited I/O). */
export async function timeMs(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** `work` run `runs` times, one after another; the durations in milliseconds. */
export async function sampleMs(runs: number, work: (run: number) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) samples.push(await timeMs(() => work(run)));
  return samples;
}

/** The `p`-th percentile (0–100) by the nearest-rank method; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Rounds to `digits` significant decimals for the results file (keeps small numbers readable). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** mulberry32: a tiny seeded PRNG (bench data only, never app logic). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reproducible random bytes for gallery ids (the app uses crypto.randomBytes; ids only need to be unique). */
export function seededBytes(seed: number): (size: number) => Uint8Array {
  const random = seededRandom(seed);
  return (size) => Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
}
