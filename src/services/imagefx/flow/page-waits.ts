/**
 * Waiting on a page, with a deadline on the injected clock for every wait: polling a condition, or
 * awaiting something the page will do. Every wait ends at once when the job is cancelled (CANCELLED) or the
 * page goes away (its window closed or crashed), so nothing hangs on a page that cannot answer.
 */
import type { Clock } from '../../../core/index.ts';
import { cancelledError, ImageServiceError } from '../image-service-error.ts';

/** What every wait on one page shares. */
export interface WaitScope {
  readonly clock: Clock;
  /** Between two looks at the page. */
  readonly intervalMs: number;
  /** The job's cancellation. */
  readonly signal: AbortSignal | undefined;
  /** Aborts when the page goes away. */
  readonly gone: AbortSignal;
}

/** The page closed or crashed under the job. */
export function pageGoneError(): ImageServiceError {
  return new ImageServiceError('SERVICE_ERROR', 'The hidden Flow page closed unexpectedly. Try again.', { reason: 'FLOW_PAGE_CLOSED' });
}

/** Throws CANCELLED or "page gone" when either has happened. */
export function checkScope(scope: WaitScope): void {
  if (scope.signal?.aborted) throw cancelledError();
  if (scope.gone.aborted) throw pageGoneError();
}

async function pause(scope: WaitScope, ms: number): Promise<void> {
  try {
    await scope.clock.sleep(ms, AbortSignal.any([scope.gone, ...(scope.signal ? [scope.signal] : [])]));
  } catch {
    checkScope(scope);
  }
}

/**
 * Looks at the page until `probe` answers non-null, for at most `timeoutMs`; `null` when time runs out. A
 * probe that throws a protocol error (the document was replaced mid-look) counts as "not yet"; one that
 * throws an `ImageServiceError` has reached a verdict (e.g. signed out), which ends the wait.
 */
export async function pollFor<T>(scope: WaitScope, timeoutMs: number, probe: () => Promise<T | null>): Promise<T | null> {
  const deadline = scope.clock.now() + timeoutMs;
  for (;;) {
    checkScope(scope);
    const found = await probe().catch((error: unknown) => {
      if (error instanceof ImageServiceError) throw error;
      return null;
    });
    checkScope(scope);
    if (found !== null) return found;
    const left = deadline - scope.clock.now();
    if (left <= 0) return null;
    await pause(scope, Math.min(scope.intervalMs, left));
  }
}

/** Settles with `work`, or rejects with `onTimeout()` after `timeoutMs` (CANCELLED / page gone first). */
export async function awaitWithin<T>(scope: WaitScope, timeoutMs: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
  checkScope(scope);
  const stop = new AbortController();
  const stopped = AbortSignal.any([stop.signal, scope.gone, ...(scope.signal ? [scope.signal] : [])]);
  const expiry = scope.clock.sleep(timeoutMs, stopped).then(
    () => Promise.reject(onTimeout()),
    () => {
      checkScope(scope);
      return new Promise<never>(() => {}); // stopped because `work` settled: the race is already decided
    },
  );
  try {
    return await Promise.race([work, expiry]);
  } finally {
    stop.abort();
  }
}
