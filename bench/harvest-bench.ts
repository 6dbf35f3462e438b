/**
 * Harvest latency: from the moment labs.google sets the session cookie in the login surface to the moment
 * the session is stored. Needs the PersistentAccountManager (issue 4) and its Chromium login surface.
 */
import type { BenchOptions } from './bench-options.ts';

export interface HarvestFigures {
  readonly latencyMs: number | null;
  /** One round trip to the session endpoint, for the goal "≤ one round trip + 50 ms". */
  readonly roundTripMs: number | null;
  readonly reason: string | null;
}

export async function runHarvestBench(options: BenchOptions): Promise<HarvestFigures> {
  options.log('harvest: not measured (see BENCHMARKS.md)');
  return {
    latencyMs: null,
    roundTripMs: null,
    reason: 'PersistentAccountManager (issue 4) and its Chromium login surface were not in the repository when the bench ran.',
  };
}
