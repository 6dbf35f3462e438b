import { describe, expect, it } from 'vitest';
import { RefreshScheduler, type RefreshAttemptResult } from '../../../src/auth/session/refresh-scheduler.ts';
import { MAX_TIMER_DELAY_MS } from '../../../src/core/clock.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A scheduler whose refresh callback counts calls and answers from a script (default: +1 h token). */
function setup(script: (call: number, clock: FakeClock) => RefreshAttemptResult = (_, clock) => ({ kind: 'refreshed', expiresAt: clock.now() + HOUR })) {
  const clock = new FakeClock();
  const delays: number[] = [];
  const recordingClock = {
    now: () => clock.now(),
    sleep: (ms: number, signal?: AbortSignal) => clock.sleep(ms, signal),
    setTimer: (callback: () => void, ms: number) => {
      delays.push(ms);
      return clock.setTimer(callback, ms);
    },
  };
  const calls: number[] = [];
  const scheduler = new RefreshScheduler({
    clock: recordingClock,
    random: () => 0.5,
    refresh: async () => {
      calls.push(clock.now());
      return script(calls.length, clock);
    },
  });
  return { clock, scheduler, calls, delays };
}

describe('RefreshScheduler', () => {
  it('schedules no early refresh for an expiry 60 days away, and refreshes once near the deadline', async () => {
    const { clock, scheduler, calls, delays } = setup();
    scheduler.start(clock.now() + 60 * DAY);
    await clock.advance(59 * DAY);
    expect(calls).toHaveLength(0);
    await clock.advance(DAY - 4 * MINUTE);
    expect(calls).toHaveLength(1);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });

  it('refreshes at expiry minus margin and jitter, as a wall-clock deadline', async () => {
    const { clock, scheduler } = setup();
    const expiresAt = clock.now() + 2 * HOUR;
    scheduler.start(expiresAt);
    // margin 5 min + jitter 60 s × random 0.5
    expect(scheduler.nextRefreshAt).toBe(expiresAt - 5 * MINUTE - 30_000);
  });

  it('after a system sleep past the deadline, resume refreshes exactly once', async () => {
    const { clock, scheduler, calls } = setup();
    scheduler.start(clock.now() + HOUR);
    await clock.advance(10 * MINUTE);
    await clock.sleepSystem(3 * HOUR);
    expect(calls).toHaveLength(0);
    scheduler.check('resume');
    scheduler.check('unlock-screen');
    await flushMicrotasks();
    expect(calls).toHaveLength(1);
    // The timers that stalled during sleep fire later and must not refresh again.
    await clock.advance(30 * MINUTE);
    expect(calls).toHaveLength(1);
  });

  it('shares one refresh among concurrent callers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const clock = new FakeClock();
    let count = 0;
    const scheduler = new RefreshScheduler({
      clock,
      random: () => 0,
      refresh: async () => {
        count += 1;
        await gate;
        return { kind: 'refreshed', expiresAt: clock.now() + HOUR };
      },
    });
    scheduler.start(clock.now() + HOUR);
    const results = Array.from({ length: 100 }, () => scheduler.refreshNow());
    release();
    const settled = await Promise.all(results);
    expect(count).toBe(1);
    expect(new Set(settled).size).toBe(1);
  });

  it('backs off exponentially on transient failures, capped, and honours Retry-After', async () => {
    const { clock, scheduler, calls } = setup(() => ({ kind: 'retry', retryAfterMs: null }));
    scheduler.start(null);
    await clock.advance(0);
    const gaps: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const before = calls.length;
      const startedAt = clock.now();
      while (calls.length === before) await clock.advance(1_000);
      gaps.push(clock.now() - startedAt);
    }
    // 5 s, 10 s, 20 s, … (random 0.5 → ×1.0), capped at 15 minutes.
    expect(gaps.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(Math.max(...gaps)).toBe(15 * MINUTE);

    const retryAfter = setup(() => ({ kind: 'retry', retryAfterMs: 7 * MINUTE }));
    retryAfter.scheduler.start(null);
    await retryAfter.clock.advance(0);
    expect(retryAfter.scheduler.nextRefreshAt).toBe(retryAfter.clock.now() + 7 * MINUTE);
  });

  it('retries at once when the network comes back during a backoff', async () => {
    const { clock, scheduler, calls } = setup((call, c) => (call === 1 ? { kind: 'retry', retryAfterMs: null } : { kind: 'refreshed', expiresAt: c.now() + HOUR }));
    scheduler.start(null);
    await clock.advance(0);
    expect(calls).toHaveLength(1);
    scheduler.check('online');
    await flushMicrotasks();
    expect(calls).toHaveLength(2);
  });

  it('does not loop on a token that arrives almost expired', async () => {
    const { clock, scheduler, calls } = setup((_, c) => ({ kind: 'refreshed', expiresAt: c.now() + 1_000 }));
    scheduler.start(null);
    await clock.advance(60_000);
    // At most one attempt per backoff base (5 s) — not thousands.
    expect(calls.length).toBeLessThanOrEqual(13);
    expect(calls.length).toBeGreaterThan(1);
  });

  it('stops on a "stop" result and on stop()', async () => {
    const { clock, scheduler, calls } = setup(() => ({ kind: 'stop' }));
    scheduler.start(null);
    await clock.advance(DAY);
    expect(calls).toHaveLength(1);
    expect(scheduler.nextRefreshAt).toBeNull();

    const other = setup();
    other.scheduler.start(other.clock.now() + HOUR);
    other.scheduler.stop();
    await other.clock.advance(DAY);
    expect(other.calls).toHaveLength(0);
    expect(other.clock.pendingTimers).toBe(0);
  });
});
