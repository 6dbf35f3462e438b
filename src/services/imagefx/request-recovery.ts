/**
 * Runs one ImageFX request with the recovery rules every operation shares: fresh credentials from the
 * session layer for each attempt, one session refresh (and one retry) on an auth failure, bounded retries
 * with waits on the injected clock, and cancellation through an `AbortSignal`.
 */
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../shared/app-error.ts';
import type { SessionState } from '../../shared/auth-schemas.ts';
import type { FailureInfo } from '../../shared/failure-info.ts';
import { cancelledError, ImageServiceError, toFailureInfo } from './image-service-error.ts';
import { retryDelayMs, type RetryPolicy } from './retry-policy.ts';

/** What the service needs from the session layer (implemented by `SecureSessionManager`). */
export interface ImageSessionPort {
  /** The labs.google `Cookie` header; throws `AuthRequiredError` when signed out. */
  getCookieHeader(): string;
  /** A token valid for at least the session layer's safety margin; throws `AuthRequiredError`. */
  getToken(): Promise<string>;
  /** Refreshes the session now (sharing a refresh in flight) and returns the resulting state. */
  refresh(): Promise<SessionState>;
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
  readonly onRetry?: (notice: RetryNotice) => void;
}

export interface RecoveryContext {
  readonly session: ImageSessionPort;
  readonly clock: Clock;
  readonly random: () => number;
  readonly policy: RetryPolicy;
}

const SESSION_ENDED = 'Your ImageFX session has ended. Sign in again to continue.';

/**
 * Settles with `work`, or rejects with CANCELLED as soon as `signal` aborts. The library's `fetch` takes no
 * signal, so an abandoned request still runs to its end; its outcome is dropped here (and never reaches a sink).
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
  if (error instanceof AppError) return new ImageServiceError(error.code, error.message);
  return new ImageServiceError('SERVICE_ERROR', 'ImageFX failed in an unexpected way.', { reason: 'UNEXPECTED_FAILURE' });
}

async function readCredentials(session: ImageSessionPort): Promise<LabsCredentials> {
  try {
    const cookieHeader = session.getCookieHeader();
    return { cookieHeader, accessToken: await session.getToken() };
  } catch (error) {
    // The session layer already tried its refresh (single flight) before giving up.
    if (error instanceof AppError && error.code === 'AUTH_REQUIRED') throw new ImageServiceError('AUTH_REQUIRED', SESSION_ENDED, { reason: 'SIGNED_OUT' });
    throw asServiceError(error);
  }
}

/**
 * Runs `attempt` until it succeeds or a rule says stop. Throws an {@link ImageServiceError}; `CANCELLED`
 * when `options.signal` aborts, whatever was in progress.
 */
export async function runWithRecovery<T>(
  attempt: (credentials: LabsCredentials) => Promise<T>,
  context: RecoveryContext,
  options: RecoveryOptions = {},
): Promise<T> {
  const { signal, onRetry } = options;
  let refreshed = false;
  let failures = 0;
  for (;;) {
    try {
      const credentials = await abortable(readCredentials(context.session), signal);
      return await abortable(attempt(credentials), signal);
    } catch (caught) {
      if (signal?.aborted) throw cancelledError();
      const error = asServiceError(caught);
      if (error.code === 'AUTH_REQUIRED' && error.reason !== 'SIGNED_OUT') {
        // Google refused the token: exactly one refresh and one more try, never a loop.
        if (refreshed) throw error;
        refreshed = true;
        const state = await abortable(context.session.refresh(), signal);
        if (state === 'signed-in') continue;
        if (state === 'offline') {
          throw new ImageServiceError('NETWORK', 'Could not reach labs.google to renew the session. Check the internet connection.', { retryable: true });
        }
        throw new ImageServiceError('AUTH_REQUIRED', SESSION_ENDED, { reason: error.reason, httpStatus: error.httpStatus });
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
    }
  }
}
