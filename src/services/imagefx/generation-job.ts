/**
 * Jobs of the generation queue and the events that report their progress. All plain data: snapshots and
 * events cross the IPC boundary unchanged, and none holds a picture, a cookie or a token.
 */
import type { ErrorCode } from '../../shared/app-error.ts';
import type { GeneratedImageMetadata } from './generated-image.ts';
import type { GenerateRequest, GenerationSettings } from './generation-settings.ts';
import type { ImageServiceFailure } from './image-service-error.ts';
import { UNUSUAL_ACTIVITY_REASON } from './library-error-classifier.ts';

export type JobStatus = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

/**
 * Why a job waits: the user paused it, or an account-wide block that would fail every following job too
 * (signed out, quota used up, Google's unusual-activity lock). Such blocks pause rather than fail, so
 * `resumeAll()` after the user dealt with it finishes the batch.
 */
export type PauseReason = 'USER' | 'AUTH_REQUIRED' | 'QUOTA_REACHED' | 'UNUSUAL_ACTIVITY';

/** A job as the UI sees it. */
export interface GenerationJob {
  readonly id: string;
  /** Jobs queued together (one batch or prompt file) share this id; `null` for a single job. */
  readonly batchId: string | null;
  readonly request: GenerateRequest;
  readonly status: JobStatus;
  readonly pauseReason: PauseReason | null;
  readonly failure: ImageServiceFailure | null;
  /** What was sent for the last run (seed resolved), once the job has produced a result. */
  readonly settings: GenerationSettings | null;
  /** Images already handed to the sink. */
  readonly images: readonly GeneratedImageMetadata[];
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** Progress of a job; every event carries the job's snapshot after the change. */
export type GenerationJobEvent =
  | { readonly type: 'queued'; readonly job: GenerationJob }
  | { readonly type: 'running'; readonly job: GenerationJob }
  | {
      readonly type: 'retrying';
      readonly job: GenerationJob;
      readonly attempt: number;
      readonly delayMs: number;
      readonly failure: ImageServiceFailure;
    }
  | { readonly type: 'image-received'; readonly job: GenerationJob; readonly image: GeneratedImageMetadata }
  | { readonly type: 'completed'; readonly job: GenerationJob }
  | { readonly type: 'failed'; readonly job: GenerationJob; readonly code: ErrorCode; readonly failure: ImageServiceFailure }
  | { readonly type: 'paused'; readonly job: GenerationJob; readonly reason: PauseReason }
  | { readonly type: 'cancelled'; readonly job: GenerationJob };

/** The pause a failure calls for, or `null` when only this job failed. */
export function pauseReasonFor(failure: ImageServiceFailure): PauseReason | null {
  if (failure.code === 'AUTH_REQUIRED') return 'AUTH_REQUIRED';
  if (failure.code === 'QUOTA_REACHED') return 'QUOTA_REACHED';
  if (failure.reason === UNUSUAL_ACTIVITY_REASON) return 'UNUSUAL_ACTIVITY';
  return null;
}
