/**
 * How long the main thread's event loop was held up while some work ran: a `perf_hooks.monitorEventLoopDelay`
 * histogram, whose timer should fire every {@link RESOLUTION_MS}; each sample is the time between two firings,
 * so a stall is that time minus the resolution. p99 and max are what a user feels: a window that answers
 * IPC within a frame (16 ms) and never freezes visibly (50 ms).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { round } from './stats.ts';

export const RESOLUTION_MS = 5;

export interface LoopStalls {
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly samples: number;
}

/** Runs `work` with the histogram on; returns its result and the stalls seen meanwhile. */
export async function measureLoopStalls<T>(work: () => Promise<T>): Promise<{ result: T; stalls: LoopStalls }> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let result: T;
  try {
    result = await work();
  } finally {
    histogram.disable();
  }
  const stall = (nanoseconds: number): number => round(Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS), 2);
  return { result, stalls: { p99Ms: stall(histogram.percentile(99)), maxMs: stall(histogram.max), samples: histogram.count } };
}
