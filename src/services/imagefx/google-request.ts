/**
 * One HTTP request to Google with what a bare `fetch` does not give: a deadline on the injected clock (a
 * hanging Google becomes a `TIMEOUT`, not an endless "Generating"), the caller's cancellation, and the whole
 * answer — status, headers and body, read under the same deadline — so `Retry-After` can be honoured.
 */
import type { Clock } from '../../core/index.ts';
import { cancelledError, ImageServiceError } from './image-service-error.ts';

/** A complete answer. */
export interface GoogleAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export interface GoogleRequestContext {
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Pick<Clock, 'setTimer'>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Sends `init` to `url`; throws `TIMEOUT` past the deadline, `NETWORK` without an answer, `CANCELLED`. */
export async function requestGoogle(url: string, init: RequestInit, context: GoogleRequestContext): Promise<GoogleAnswer> {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = context.clock.setTimer(() => {
    timedOut = true;
    controller.abort();
  }, context.timeoutMs);
  const onAbort = (): void => controller.abort();
  context.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (context.signal?.aborted) throw cancelledError();
    const response = await context.fetch(url, { ...init, signal: controller.signal });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    if (context.signal?.aborted) throw cancelledError();
    if (timedOut) {
      throw new ImageServiceError('TIMEOUT', 'Google did not answer in time.', { reason: 'DEADLINE_EXCEEDED', retryable: true });
    }
    if (error instanceof ImageServiceError) throw error;
    throw new ImageServiceError('NETWORK', 'Could not reach Google. Check the internet connection.', { retryable: true });
  } finally {
    cancelTimer();
    context.signal?.removeEventListener('abort', onAbort);
  }
}
