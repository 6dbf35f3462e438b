/**
 * How a job's state reads, in one place: its status chip and colour, one sentence on what is happening or
 * what it waits for (with a countdown while the wait has an end), and the one action a wait asks of the
 * user. The job card on the Create page and the row in the Queue both draw a job through
 * {@link describeJob}, so a state is worded (and coloured) the same everywhere. A job that finished without
 * every picture is not a green "Done", and one Google answered with no picture at all says so.
 */
import type { FailureInfo } from '../shared/failure-info.ts';
import type { GenerationJob, JobStatus, PauseReason } from '../shared/generation-schemas.ts';
import { presentError } from './error-messages.ts';
import { plural } from './format.ts';

/** The colour family of a state: the stylesheet's `status-<tone>`. */
export type JobTone = 'running' | 'waiting' | 'paused' | 'done' | 'warning' | 'failed' | 'cancelled';

export interface JobDescription {
  /** A word or two for the status chip ("Generating", "Retrying", "Waiting", "Done", "No images"). */
  readonly label: string;
  readonly tone: JobTone;
  /** A sentence saying why or what happened; `''` when the label says it all. */
  readonly detail: string;
  /** Set while `detail` counts down to this time (epoch ms): describe the job again every second. */
  readonly countdownUntil: number | null;
  /** What the job offers besides pause/resume/cancel: `sign-in` (as the job's account). */
  readonly action: 'sign-in' | null;
}

const PAUSE_REASONS: Readonly<Record<PauseReason, string>> = {
  USER: 'Paused by you',
  AUTH_REQUIRED: 'Waiting for sign-in: the session ended',
  QUOTA_REACHED: 'Waiting: the daily limit is reached',
  UNUSUAL_ACTIVITY: 'Waiting: Google paused this account',
};

/** "12 s", "2 min": how long until `until`, never less than a second. */
export function formatCountdown(until: number, now: number): string {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** Why a retry is needed, in a few words ("Google is busy"). */
function retryCause(failure: FailureInfo | null): string {
  switch (failure?.code) {
    case 'RATE_LIMITED':
      return 'Google asked us to slow down';
    case 'NETWORK':
      return 'the connection dropped';
    case 'TIMEOUT':
      return 'Google did not answer in time';
    case 'UNEXPECTED_PAGE':
      return 'Google sent a web page instead of images';
    default:
      return 'Google is busy';
  }
}

function described(label: string, tone: JobTone, detail = '', countdownUntil: number | null = null, action: 'sign-in' | null = null): JobDescription {
  return { label, tone, detail, countdownUntil, action };
}

/** The job's state in words at `now` (epoch ms, for countdowns). */
export function describeJob(job: GenerationJob, now: number): JobDescription {
  const wait = job.wait;
  if (wait) {
    const countdownUntil = wait.until !== null && wait.until > now ? wait.until : null;
    const inTime = wait.until === null ? 'shortly' : `in ${formatCountdown(wait.until, now)}`;
    switch (wait.reason) {
      case 'retry':
      case 'rate-limited':
        return described('Retrying', 'running', `Retrying ${inTime} — ${retryCause(job.failure)}`, countdownUntil);
      case 'pacing':
        return described('Waiting', 'waiting', `Starting ${inTime} — a short pause between generations`, countdownUntil);
      case 'offline':
        return described('Waiting', 'waiting', 'Waiting for the network — it starts by itself once you are back online');
      case 'google-unreachable':
        return described('Waiting', 'waiting', 'Waiting for Google — it is not answering; this starts by itself when it does');
      case 'sign-in':
        return described(
          'Waiting',
          'paused',
          job.pauseReason === 'AUTH_REQUIRED' ? 'Waiting for sign-in — the session ended' : 'Waiting for sign-in — this account is not signed in',
          null,
          'sign-in',
        );
    }
  }
  switch (job.status) {
    case 'queued':
      return described('Waiting', 'waiting');
    case 'running':
      return described('Generating', 'running');
    case 'paused':
      return described('Paused', 'paused', PAUSE_REASONS[job.pauseReason ?? 'USER']);
    case 'completed': {
      const wanted = job.request.count;
      const got = job.images.length;
      if (got >= wanted) return described('Done', 'done', `${plural(got, 'image')} saved to your gallery.`);
      return described(got === 0 ? 'No images' : 'Incomplete', 'warning', `Google sent ${got} of ${wanted} images.`);
    }
    case 'failed': {
      if (!job.failure) return described('Failed', 'failed', 'This job failed.');
      if (job.failure.code === 'SERVICE_ERROR' && job.failure.reason === 'EMPTY_RESPONSE') {
        // Google answered, with zero pictures: the user needs the count, not "ImageFX had a problem".
        return described('No images', 'failed', `Google sent 0 of ${job.request.count} images, so nothing was saved. Retry it from the Queue.`);
      }
      const { title, detail } = presentError(job.failure);
      return described('Failed', 'failed', `${title}. ${detail}`);
    }
    case 'cancelled':
      return described('Cancelled', 'cancelled');
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
