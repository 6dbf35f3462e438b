/**
 * The keep-alive's schedule on a fake clock: one visit per interval (a little sooner at random), only while
 * there is an account to keep alive, one visit at a time, and a signed-out visit never followed by another
 * until the account is back — no reload loop. (What a visit does on the page: flow-account-check.test.ts;
 * the whole of it in the app: tests/e2e/flow-journey.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { FlowKeepAlive } from '../../../../src/services/imagefx/flow/flow-keep-alive.ts';
import type { FlowAccountCheck } from '../../../../src/shared/flow-account-check.ts';
import { FakeClock } from '../../../support/fake-clock.ts';

const MINUTE = 60_000;

function world(answer: () => FlowAccountCheck | Promise<FlowAccountCheck> = () => ({ kind: 'signed-in', email: 'lin@example.test', name: null })) {
  const clock = new FakeClock(Date.UTC(2026, 11, 1));
  const visits: { accountId: string; at: number }[] = [];
  const state = { target: 'account-lin' as string | null };
  const keepAlive = new FlowKeepAlive({
    clock,
    random: () => 0.5,
    target: () => state.target,
    check: async (accountId) => {
      visits.push({ accountId, at: clock.now() });
      return answer();
    },
    intervalMs: 30 * MINUTE,
    jitter: 0.2,
  });
  return { clock, visits, state, keepAlive };
}

describe('the keep-alive', () => {
  it('visits the active Flow account’s page once per interval, up to a fifth sooner at random', async () => {
    const { clock, visits, keepAlive } = world();
    keepAlive.start();
    expect(keepAlive.nextVisitAt).toBe(clock.now() + 27 * MINUTE);
    await clock.advance(27 * MINUTE - 1);
    expect(visits).toEqual([]);
    await clock.advance(1);
    expect(visits).toHaveLength(1);
    await clock.advance(27 * MINUTE);
    await clock.advance(27 * MINUTE);
    expect(visits.map((visit) => visit.accountId)).toEqual(['account-lin', 'account-lin', 'account-lin']);
    keepAlive.stop();
    await clock.advance(120 * MINUTE);
    expect(visits).toHaveLength(3);
    expect(keepAlive.nextVisitAt).toBeNull();
  });

  it('reloads nothing while no account is to be kept alive, and picks up when one is', async () => {
    const { clock, visits, state, keepAlive } = world();
    state.target = null;
    keepAlive.start();
    await clock.advance(90 * MINUTE);
    expect(visits).toEqual([]);
    expect(await keepAlive.visitNow()).toBeNull();
    state.target = 'account-ada';
    await clock.advance(27 * MINUTE);
    expect(visits.map((visit) => visit.accountId)).toEqual(['account-ada']);
  });

  it('after a visit lands signed out (the account then asks for a sign-in), nothing reloads until it is signed in again', async () => {
    const checks: FlowAccountCheck[] = [{ kind: 'signed-out' }];
    const { clock, visits, state, keepAlive } = world(() => checks.shift() ?? { kind: 'signed-in', email: null, name: null });
    keepAlive.start();
    await clock.advance(27 * MINUTE);
    expect(visits).toHaveLength(1);
    state.target = null; // what the account layer's "sign in again" state makes of it
    await clock.advance(10 * 27 * MINUTE);
    expect(visits).toHaveLength(1);
    state.target = 'account-lin';
    await clock.advance(27 * MINUTE);
    expect(visits).toHaveLength(2);
  });

  it('shares a visit in flight, and keeps its schedule when a visit fails', async () => {
    let release!: (check: FlowAccountCheck) => void;
    let calls = 0;
    const { clock, visits, keepAlive } = world(() => {
      calls += 1;
      if (calls === 2) return Promise.reject(new Error('the page broke'));
      return new Promise((resolve) => (release = resolve));
    });
    const first = keepAlive.visitNow();
    const second = keepAlive.visitNow();
    expect(visits).toHaveLength(1);
    release({ kind: 'not-on-flow' });
    expect(await first).toEqual({ kind: 'not-on-flow' });
    expect(await second).toEqual({ kind: 'not-on-flow' });
    keepAlive.start();
    await clock.advance(27 * MINUTE); // this visit throws
    await clock.advance(27 * MINUTE);
    expect(visits).toHaveLength(3);
    // The third one is still on its way: no next visit is scheduled until it is over.
    expect(keepAlive.nextVisitAt).toBeNull();
  });
});
