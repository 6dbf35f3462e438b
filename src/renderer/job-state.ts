/**
 * What a job card says about a job, in one place: its status label, one sentence on what is happening or
 * what it waits for (with a countdown while the wait has an end), and the one action a wait asks of the
 * user. Every view that shows a job (the Create page's feed, a queue view) calls {@link describeJob}, so a
 * wait reads the same everywhere.
 */
import type { FailureInfo } from '../shared/failure-info.ts';
import type { GenerationJob, PauseReason } from '../shared/generation-schemas.ts';
import { presentError } from './error-messages.ts';
import { JOB_STATUS_LABELS, plural } from './format.ts';

export interface JobDescription {
  /** The status chip: "Generating", "Retrying", "Waiting", "Paused", "Done"… */
  readonly label: string;
  /** One sentence for the card, or '' when the label says it all. */
  readonly message: string;
  /** Set while `message` counts down to this time (epoch ms): describe the job again every second. */
  readonly countdownUntil: number | null;
  /** What the card offers besides pause/resume/cancel: `sign-in` (as the job's account). */
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

/** The job's state in words at `now` (epoch ms, for countdowns). */
export function describeJob(job: GenerationJob, now: number): JobDescription {
  const wait = job.wait;
  if (wait) {
    const countdownUntil = wait.until !== null && wait.until > now ? wait.until : null;
    const inTime = wait.until === null ? 'shortly' : `in ${formatCountdown(wait.until, now)}`;
    switch (wait.reason) {
      case 'retry':
      case 'rate-limited':
        return { label: 'Retrying', message: `Retrying ${inTime} — ${retryCause(job.failure)}`, countdownUntil, action: null };
      case 'pacing':
        return { label: 'Waiting', message: `Starting ${inTime} — a short pause between generations`, countdownUntil, action: null };
      case 'offline':
        return { label: 'Waiting', message: 'Waiting for the network — it starts by itself once you are back online', countdownUntil: null, action: null };
      case 'google-unreachable':
        return { label: 'Waiting', message: 'Waiting for labs.google — Google is not answering; it starts by itself when it does', countdownUntil: null, action: null };
      case 'sign-in':
        return {
          label: 'Waiting',
          message: job.pauseReason === 'AUTH_REQUIRED' ? 'Waiting for sign-in — the session ended' : 'Waiting for sign-in — this account is not signed in',
          countdownUntil: null,
          action: 'sign-in',
        };
    }
  }
  return { label: JOB_STATUS_LABELS[job.status], message: statusMessage(job), countdownUntil: null, action: null };
}

function statusMessage(job: GenerationJob): string {
  switch (job.status) {
    case 'failed': {
      if (!job.failure) return 'This job failed.';
      const { title, detail } = presentError(job.failure);
      return `${title}. ${detail}`;
    }
    case 'paused':
      return PAUSE_REASONS[job.pauseReason ?? 'USER'];
    case 'completed':
      return job.images.length < job.request.count ? `ImageFX sent ${job.images.length} of ${job.request.count} images.` : `${plural(job.images.length, 'image')} saved to your gallery.`;
    default:
      return '';
  }
}
