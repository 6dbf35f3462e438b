/**
 * Runs one ImageFX request with the recovery rules every operation shares: fresh credentials from the
 * session layer for each attempt, one session refresh (and one retry) on an auth failure, bounded retries
 * with waits on the injected clock, and cancellation through an `AbortSignal`.
 */
import type { Clock } from '../../core/index.ts';
import { AppError, SessionUnavailableError } from '../../shared/app-error.ts';
import type { FailureInfo } from '../../shared/failure-info.ts';
import { cancelledError, ImageServiceError, toFailureInfo } from './image-service-error.ts';
import { retryDelayMs, type RetryPolicy } from './retry-policy.ts';

/**
 * What the service needs from the session layer (implemented by `SecureSessionManager`). The token calls
 * throw `AuthRequiredError` when only a sign-in helps, and `SessionUnavailableError` when labs.google could
 * not be asked just now (the session is intact: wait and try again).
 */
export interface ImageSessionPort {
  /** The labs.google `Cookie` header; throws `AuthRequiredError` when signed out. */
  getCookieHeader(): string;
  /** A token to use now (renewed first when it is close to lapsing). */
  getToken(): Promise<string>;
  /** Google refused the token in hand: a renewed one (sharing a refresh in flight). */
  renewToken(): Promise<string>;
}

/** Secrets for one attempt. They go to the library and nowhere else. */
export interface LabsCredentials {
  readonly cookieHeader: string;
  readonly accessToken: string;
}

/** Told before each wait, so a UI can say "rate limited, trying again in 30 s". */
export interface RetryNotice {
  /** The attempt about to be made after the wait (2 for the first retry). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly failure: FailureInfo;
}

export interface RecoveryOptions {
  readonly signal?: AbortSignal;
  /** Told before each wait. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Told when the wait is over and attempt number `attempt` starts (so "retrying in…" can go). */
  readonly onAttempt?: (attempt: number) => void;
}

export interface RecoveryContext {
  readonly session: ImageSessionPort;
  readonly clock: Clock;
  readonly random: () => number;
  readonly policy: RetryPolicy;
}

const SESSION_ENDED = 'Your ImageFX session has ended. Sign in again to continue.';

/**
 * Settles with `work`, or rejects with CANCELLED as soon as `signal` aborts. Work that takes no signal (the
 * library's caption call) still runs to its end; its outcome is dropped here (and never reaches a sink).
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function asServiceError(error: unknown): ImageServiceError {
  if (error instanceof ImageServiceError) return error;
  // labs.google could not renew the session just now: as transient as any other failure to reach it.
  if (error instanceof SessionUnavailableError) {
    return new ImageServiceError(error.code, error.message, { reason: 'SESSION_UNAVAILABLE', retryAfterMs: error.retryAfterMs, retryable: true });
  }
  if (error instanceof AppError) return new ImageServiceError(error.code, error.message);
  return new ImageServiceError('SERVICE_ERROR', 'ImageFX failed in an unexpected way.', { reason: 'UNEXPECTED_FAILURE' });
}

/** A failure of the session layer, as the service reports it (`reason` says which sign-in ended). */
function sessionError(error: unknown, signedOutReason: string | null, httpStatus: number | null = null): ImageServiceError {
  // The session layer already tried its refresh (single flight) before giving up.
  if (error instanceof AppError && error.code === 'AUTH_REQUIRED' && !(error instanceof ImageServiceError)) {
    return new ImageServiceError('AUTH_REQUIRED', SESSION_ENDED, { reason: signedOutReason, httpStatus });
  }
  return asServiceError(error);
}

async function readCredentials(session: ImageSessionPort): Promise<LabsCredentials> {
  try {
    const cookieHeader = session.getCookieHeader();
    return { cookieHeader, accessToken: await session.getToken() };
  } catch (error) {
    throw sessionError(error, 'SIGNED_OUT');
  }
}

/**
 * Runs `attempt` until it succeeds or a rule says stop. Throws an {@link ImageServiceError}; `CANCELLED`
 * when `options.signal` aborts, whatever was in progress.
 */
export async function runWithRecovery<T>(
  attempt: (credentials: LabsCredentials, signal: AbortSignal | undefined) => Promise<T>,
  context: RecoveryContext,
  options: RecoveryOptions = {},
): Promise<T> {
  const { signal, onRetry, onAttempt } = options;
  let renewed = false;
  let failures = 0;
  for (;;) {
    let error: ImageServiceError;
    try {
      const credentials = await abortable(readCredentials(context.session), signal);
      return await abortable(attempt(credentials, signal), signal);
    } catch (caught) {
      if (signal?.aborted) throw cancelledError();
      error = asServiceError(caught);
    }
    if (error.code === 'AUTH_REQUIRED' && error.reason !== 'SIGNED_OUT') {
      // Google refused the token: exactly one renewal and one more try, never a loop. A renewal that
      // could not reach labs.google is a transient failure like any other, and does not use up the one.
      if (renewed) throw error;
      try {
        await abortable(context.session.renewToken(), signal);
        renewed = true;
        continue;
      } catch (renewal) {
        if (signal?.aborted) throw cancelledError();
        error = sessionError(renewal, error.reason, error.httpStatus);
      }
    }
    failures += 1;
    const delay = retryDelayMs(error, failures, context.policy, context.random);
    if (delay === null) throw error;
    onRetry?.({ attempt: failures + 1, delayMs: delay, failure: toFailureInfo(error) });
    try {
      await context.clock.sleep(delay, signal);
    } catch {
      throw cancelledError();
    }
    onAttempt?.(failures + 1);
  }
}
