/**
 * When to try a failed request again, and after how long. Only failures that can heal on their own are
 * retried (network, 5xx, rate limiting); a safety refusal, a quota block or a bad request never is, since
 * asking again only burns the user's quota (the library's own retry is blind to this, so it is switched off).
 */
import type { ImageServiceError } from './image-service-error.ts';

export interface RetryPolicyOptions {
  /** Attempts per request, the first included. Default 4. */
  readonly maxAttempts?: number;
  /** First backoff step, milliseconds. Default 2 s; doubles per failure. */
  readonly baseDelayMs?: number;
  /** Longest backoff step, milliseconds. Default 60 s. */
  readonly maxDelayMs?: number;
  /**
   * The longest server-requested wait (`Retry-After`, RetryInfo) honoured as asked; a longer one is cut to
   * this, so a job never sits silent for an hour on one header. The wait is reported as it runs. Default
   * 10 minutes.
   */
  readonly maxRetryAfterMs?: number;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/** Fills in the defaults and checks the numbers. */
export function createRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const policy = {
    maxAttempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 2_000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 10 * 60_000,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
  if (!(policy.baseDelayMs > 0 && policy.maxDelayMs >= policy.baseDelayMs)) throw new RangeError('backoff delays are inconsistent');
  return policy;
}

/**
 * The wait before attempt `failures + 1`, or `null` when the request must not be retried. A delay Google
 * asked for (Retry-After, RetryInfo) is honoured exactly up to `maxRetryAfterMs`, and cut to it beyond;
 * otherwise exponential backoff with "equal jitter" (half fixed, half from `random`) so parallel jobs do not
 * retry in lockstep.
 */
export function retryDelayMs(error: ImageServiceError, failures: number, policy: RetryPolicy, random: () => number): number | null {
  if (!error.retryable || failures >= policy.maxAttempts) return null;
  if (error.retryAfterMs !== null) {
    return Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  const jitter = Math.min(1, Math.max(0, random()));
  return Math.round(step / 2 + (step / 2) * jitter);
}
