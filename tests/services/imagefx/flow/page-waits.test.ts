/**
 * Waits on the page run on the injected clock: a poll gives up at its deadline, a verdict from the page
 * ends it at once, protocol errors mean "not yet"; an awaited reply times out with the caller's error; and
 * both end at once — CANCELLED, or "page closed" — when the job is cancelled or the page goes away.
 */
import { describe, expect, it } from 'vitest';
import { awaitWithin, pollFor, type WaitScope } from '../../../../src/services/imagefx/flow/page-waits.ts';
import { ImageServiceError } from '../../../../src/services/imagefx/image-service-error.ts';
import { FakeClock } from '../../../support/fake-clock.ts';

function scope(clock: FakeClock) {
  const job = new AbortController();
  const gone = new AbortController();
  const waits: WaitScope = { clock, intervalMs: 100, signal: job.signal, gone: gone.signal };
  return { waits, job, gone };
}

const codeOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => (error instanceof ImageServiceError ? [error.code, error.reason] : error),
  );

describe('pollFor', () => {
  it('looks until the probe answers, treating protocol errors as "not yet"', async () => {
    const clock = new FakeClock();
    const { waits } = scope(clock);
    let looks = 0;
    const found = pollFor(waits, 1000, async () => {
      looks += 1;
      if (looks === 1) throw new Error('No node with given id found');
      return looks === 3 ? 'there' : null;
    });
    await clock.advance(250);
    expect(await found).toBe('there');
    expect(looks).toBe(3);
  });

  it('gives up with null at its deadline, and ends at once on a verdict', async () => {
    const clock = new FakeClock();
    const { waits } = scope(clock);
    const never = pollFor(waits, 1000, async () => null);
    await clock.advance(999);
    await clock.advance(1);
    expect(await never).toBeNull();
    const verdict = pollFor(waits, 1000, async () => {
      throw new ImageServiceError('AUTH_REQUIRED', 'signed out', { reason: 'FLOW_SIGNED_OUT' });
    });
    expect(await codeOf(verdict)).toEqual(['AUTH_REQUIRED', 'FLOW_SIGNED_OUT']);
  });

  it('ends at once when the job is cancelled or the page goes away', async () => {
    const clock = new FakeClock();
    const first = scope(clock);
    const cancelled = codeOf(pollFor(first.waits, 60_000, async () => null));
    first.job.abort();
    expect(await cancelled).toEqual(['CANCELLED', null]);
    const second = scope(clock);
    const lost = codeOf(pollFor(second.waits, 60_000, async () => null));
    second.gone.abort();
    expect(await lost).toEqual(['SERVICE_ERROR', 'FLOW_PAGE_CLOSED']);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('awaitWithin', () => {
  it('settles with the work, leaving no timer behind', async () => {
    const clock = new FakeClock();
    expect(await awaitWithin(scope(clock).waits, 1000, Promise.resolve('reply'), () => new Error('late'))).toBe('reply');
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the caller’s error at the deadline', async () => {
    const clock = new FakeClock();
    const late = codeOf(awaitWithin(scope(clock).waits, 1000, new Promise(() => {}), () => new ImageServiceError('SERVICE_ERROR', 'late', { reason: 'FLOW_NO_REPLY' })));
    await clock.advance(1000);
    expect(await late).toEqual(['SERVICE_ERROR', 'FLOW_NO_REPLY']);
  });

  it('rejects at once on cancellation or a page gone', async () => {
    const clock = new FakeClock();
    const first = scope(clock);
    const cancelled = codeOf(awaitWithin(first.waits, 60_000, new Promise(() => {}), () => new Error('late')));
    first.job.abort();
    expect(await cancelled).toEqual(['CANCELLED', null]);
    const second = scope(clock);
    const lost = codeOf(awaitWithin(second.waits, 60_000, new Promise(() => {}), () => new Error('late')));
    second.gone.abort();
    expect(await lost).toEqual(['SERVICE_ERROR', 'FLOW_PAGE_CLOSED']);
    expect(clock.pendingTimers).toBe(0);
  });
});
