/**
 * Waiting on a page, with a deadline on the injected clock for every wait: polling a condition, or
 * awaiting something the page will do. Every wait ends at once when the job is cancelled (CANCELLED) or the
 * page goes away (its window closed or crashed), so nothing hangs on a page that cannot answer.
 */
import type { Clock } from '../../../core/index.ts';
import { cancelledError, ImageServiceError } from '../image-service-error.ts';
import type { FlowPagePort } from './flow-page-port.ts';

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

/**
 * `port` with every command also ending when `signal` aborts, so no job waits on a renderer that stopped
 * answering (Electron's `sendCommand` may not settle before the page's first navigation, or ever on a hung
 * page). Events and navigation pass through unchanged.
 */
export function abortablePort(port: FlowPagePort, signal: AbortSignal): FlowPagePort {
  return {
    send(method, params) {
      if (signal.aborted) return Promise.reject(new Error(`${method} not sent: stopped`));
      return new Promise((resolve, reject) => {
        const onAbort = (): void => reject(new Error(`${method} abandoned: stopped`));
        signal.addEventListener('abort', onAbort, { once: true });
        port.send(method, params).then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    on: (event, listener) => port.on(event, listener),
    navigate: (url) => port.navigate(url),
    close: () => port.close(),
  };
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

/** A look at the page that did not come back in time (a busy or hung renderer): "not yet". */
class ProbeTimedOut extends Error {}

/**
 * Looks at the page until `probe` answers non-null, for at most `timeoutMs`; `null` when time runs out. A
 * probe that throws a protocol error (the document was replaced mid-look) or does not answer in time counts
 * as "not yet"; one that throws an `ImageServiceError` has reached a verdict (e.g. signed out), which ends
 * the wait.
 */
export async function pollFor<T>(scope: WaitScope, timeoutMs: number, probe: () => Promise<T | null>): Promise<T | null> {
  const deadline = scope.clock.now() + timeoutMs;
  for (;;) {
    const left = deadline - scope.clock.now();
    let found: T | null = null;
    try {
      found = await awaitWithin(scope, Math.max(left, scope.intervalMs), probe(), () => new ProbeTimedOut());
    } catch (error) {
      if (error instanceof ImageServiceError) throw error;
    }
    if (found !== null) return found;
    if (deadline - scope.clock.now() <= 0) return null;
    await pause(scope, Math.min(scope.intervalMs, deadline - scope.clock.now()));
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
