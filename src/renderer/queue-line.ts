/**
 * The queue as a line: the running job, then the waiting ones in the order they will run (the queue's own
 * order, which the user can change), then finished ones, newest first. Each waiting job gets its place
 * in line and, once some generations have finished, an estimate of its wait from their durations.
 */
import type { GenerationJob, JobStatus } from '../shared/generation-schemas.ts';
import { isWaiting } from './job-state.ts';

export interface QueueEntry {
  readonly job: GenerationJob;
  /** 1-based place among the waiting jobs; `null` for running and finished ones. */
  readonly position: number | null;
  /** Roughly how long until it starts (queued jobs only, once a duration is known); `null` otherwise. */
  readonly waitMs: number | null;
}

/** How many recent run durations the estimate looks at. */
export const ESTIMATE_WINDOW = 10;

/** The median of the recent durations (robust to one slow retry), or `null` before the first one. */
export function typicalDuration(durations: readonly number[]): number | null {
  const recent = durations.slice(-ESTIMATE_WINDOW).filter((ms) => Number.isFinite(ms) && ms >= 0).sort((a, b) => a - b);
  if (recent.length === 0) return null;
  const middle = Math.floor(recent.length / 2);
  return recent.length % 2 === 1 ? recent[middle]! : (recent[middle - 1]! + recent[middle]!) / 2;
}

/** `jobs` in queue order (as the queue lists them) arranged as a line, with positions and estimates. */
export function queueLine(jobs: Iterable<GenerationJob>, durations: readonly number[]): QueueEntry[] {
  const all = [...jobs];
  const typical = typicalDuration(durations);
  const running = all.filter((job) => job.status === 'running');
  const waiting = all.filter(isWaiting);
  const finished = all
    .filter((job) => job.status !== 'running' && !isWaiting(job))
    .sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt) || jobNumber(b) - jobNumber(a));
  let ahead = running.length;
  const line = waiting.map((job, index): QueueEntry => {
    const waitMs = job.status === 'queued' && typical !== null ? ahead * typical : null;
    if (job.status === 'queued') ahead += 1;
    return { job, position: index + 1, waitMs };
  });
  return [...running.map((job) => ({ job, position: null, waitMs: null })), ...line, ...finished.map((job) => ({ job, position: null, waitMs: null }))];
}

/** How many jobs are in each status. */
export function statusCounts(jobs: Iterable<GenerationJob>): Record<JobStatus, number> {
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const job of jobs) counts[job.status] += 1;
  return counts;
}

/** The run duration of a finished job, or `null` when it did not run to completion. */
export function runDuration(job: GenerationJob): number | null {
  return job.status === 'completed' && job.startedAt !== null && job.finishedAt !== null ? job.finishedAt - job.startedAt : null;
}

function jobNumber(job: GenerationJob): number {
  return Number.parseInt(job.id.replace(/^\D+/, ''), 10) || 0;
}
