/**
 * Time as a port: services never call `Date.now()` or `setTimeout` themselves, so tests can drive time
 * (a fake clock) and simulate sleep, and timers are created in one place that knows their limits.
 */

export interface Clock {
  /** Wall-clock time, epoch milliseconds. Deadlines are kept as wall-clock times (they survive sleep). */
  now(): number;
  /** Resolves after `ms`, or rejects with an `AbortError` when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `callback` after `ms`; returns a function that cancels it. `ms` may exceed the platform limit. */
  setTimer(callback: () => void, ms: number): () => void;
}

/** setTimeout fires at once for delays over 2^31−1 ms; longer waits are chained in steps no larger than this. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** The real clock. Long timers are chained so none exceeds {@link MAX_TIMER_DELAY_MS}. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const cancel = systemClock.setTimer(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        cancel();
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
  setTimer(callback, ms) {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const schedule = (remaining: number): void => {
      const step = Math.min(Math.max(0, remaining), MAX_TIMER_DELAY_MS);
      handle = setTimeout(() => {
        if (remaining > MAX_TIMER_DELAY_MS) schedule(remaining - MAX_TIMER_DELAY_MS);
        else callback();
      }, step);
      handle.unref?.();
    };
    schedule(ms);
    return () => clearTimeout(handle);
  },
};
