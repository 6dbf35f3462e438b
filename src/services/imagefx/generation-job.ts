/**
 * The pause a job failure calls for. Jobs, their events and failures are the shared shapes in
 * src/shared/generation-schemas.ts; none holds a picture, a cookie or a token.
 */
import type { FailureInfo } from '../../shared/failure-info.ts';
import type { PauseReason } from '../../shared/generation-schemas.ts';
import { UNUSUAL_ACTIVITY_REASON } from './library-error-classifier.ts';

/**
 * The pause a failure calls for, or `null` when only this job failed: an account-wide block (signed out,
 * quota used up, Google's unusual-activity lock) would fail every following job too, so it pauses them.
 */
export function pauseReasonFor(failure: FailureInfo): PauseReason | null {
  if (failure.code === 'AUTH_REQUIRED') return 'AUTH_REQUIRED';
  if (failure.code === 'QUOTA_REACHED') return 'QUOTA_REACHED';
  if (failure.reason === UNUSUAL_ACTIVITY_REASON) return 'UNUSUAL_ACTIVITY';
  return null;
}
