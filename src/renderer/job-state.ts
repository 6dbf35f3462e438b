/**
 * How a job's state reads, in one place: the job card on the Create page and the row in the Queue both
 * draw a job through {@link describeJob}, so a state is worded (and coloured) the same everywhere. A job
 * that finished without every picture is not a green "Done".
 */
import type { GenerationJob, JobStatus, PauseReason } from '../shared/generation-schemas.ts';
import { presentError } from './error-messages.ts';

/** The colour family of a state: the stylesheet's `status-<tone>`. */
export type JobTone = 'running' | 'waiting' | 'paused' | 'done' | 'warning' | 'failed' | 'cancelled';

export interface JobDescription {
  /** A word or two for the status chip ("Waiting", "Done", "No images"). */
  readonly label: string;
  readonly tone: JobTone;
  /** A sentence saying why or what happened; `''` when the label says it all. */
  readonly detail: string;
}

const PAUSE_REASONS: Readonly<Record<PauseReason, string>> = {
  USER: 'Paused by you',
  AUTH_REQUIRED: 'Waiting for you to sign in again',
  QUOTA_REACHED: 'Waiting: the daily limit is reached',
  UNUSUAL_ACTIVITY: 'Waiting: Google paused this account',
};

/** The status chip, tone and sentence of a job. */
export function describeJob(job: GenerationJob): JobDescription {
  switch (job.status) {
    case 'queued':
      return { label: 'Waiting', tone: 'waiting', detail: '' };
    case 'running':
      return { label: 'Generating', tone: 'running', detail: job.failure ? `Retrying: ${presentError(job.failure).title}` : '' };
    case 'paused':
      return { label: 'Paused', tone: 'paused', detail: PAUSE_REASONS[job.pauseReason ?? 'USER'] };
    case 'completed': {
      const wanted = job.request.count;
      const got = job.images.length;
      if (got >= wanted) return { label: 'Done', tone: 'done', detail: '' };
      return { label: got === 0 ? 'No images' : 'Incomplete', tone: 'warning', detail: `Google sent ${got} of ${wanted} images.` };
    }
    case 'failed': {
      if (!job.failure) return { label: 'Failed', tone: 'failed', detail: 'This job failed.' };
      const { title, detail } = presentError(job.failure);
      return { label: 'Failed', tone: 'failed', detail: `${title}. ${detail}` };
    }
    case 'cancelled':
      return { label: 'Cancelled', tone: 'cancelled', detail: '' };
  }
}

/** Running or waiting its turn (paused jobs wait too). */
export function isActive(job: Pick<GenerationJob, 'status'>): boolean {
  return job.status === 'running' || isWaiting(job);
}

/** In line and not running yet: queued, or paused. */
export function isWaiting(job: Pick<GenerationJob, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'paused';
}

/** Statuses a job can be retried from. */
export const RETRYABLE: readonly JobStatus[] = ['failed', 'cancelled'];
