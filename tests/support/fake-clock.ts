/**
 * A controllable {@link Clock}. `advance(ms)` moves time and fires due timers in order, as a running
 * machine would; `sleep(ms)` models system sleep: the wall clock jumps but pending timers stall (their
 * remaining delay is kept), as they do when a laptop lid closes.
 */
import type { Clock } from '../../src/core/clock.ts';

interface PendingTimer {
  readonly id: number;
  dueAt: number;
  readonly callback: () => void;
}

export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const id = this.#nextId++;
    this.#timers.set(id, { id, dueAt: this.#now + Math.max(0, ms), callback });
    return () => this.#timers.delete(id);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const cancel = this.setTimer(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing each timer at its due time (and letting promises settle between). */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flushMicrotasks();
      const next = [...this.#timers.values()].filter((t) => t.dueAt <= target).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
      if (!next) break;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.dueAt);
      next.callback();
    }
    this.#now = target;
    await flushMicrotasks();
  }

  /** System sleep: the wall clock jumps by `ms`, timers neither fire nor lose their remaining delay. */
  async sleepSystem(ms: number): Promise<void> {
    this.#now += ms;
    for (const timer of this.#timers.values()) timer.dueAt += ms;
    await flushMicrotasks();
  }
}

/** Lets pending promise callbacks (and chains of them) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}
