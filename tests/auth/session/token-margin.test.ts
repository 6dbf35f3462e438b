/**
 * The token the session layer hands out, against the labs.google emulator: the safety margin scales with
 * the token's lifetime (tokens shorter than a minute are usable), a fault of the session endpoint while the
 * token in hand is still valid keeps that token in use, and once it has lapsed the fault is reported as
 * what it is (a web page, a hang, no connection) — never as a session that ended.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthEventStream } from '../../../src/auth/session/auth-events.ts';
import { SecureSessionManager } from '../../../src/auth/session/secure-session-manager.ts';
import { SessionClient } from '../../../src/auth/session/session-client.ts';
import { safetyMarginMs } from '../../../src/auth/session/token-policy.ts';
import { SessionUnavailableError } from '../../../src/shared/app-error.ts';
import { signInOnEmulator } from '../../support/emulator-sign-in.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { MemorySessionStore } from '../../support/imagefx-memory-session-store.ts';
import { withEmulator } from '../../support/network.ts';

const clock = new FakeClock();
const env = withEmulator({ clock });
const SESSION = { host: 'labs.google', path: '/fx/api/auth/session' };
const CLIENT_TIMEOUT_MS = 10_000;
const managers: SecureSessionManager[] = [];
afterEach(() => {
  for (const manager of managers.splice(0)) manager.dispose();
});

async function signedIn(): Promise<{ manager: SecureSessionManager; accessToken: string; expiresAt: number }> {
  const client = new SessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock, timeoutMs: CLIENT_TIMEOUT_MS });
  const manager = new SecureSessionManager({ store: new MemorySessionStore(), client, clock, random: () => 0.5, events: new AuthEventStream() });
  managers.push(manager);
  const { accessToken } = await signInOnEmulator({ emu: env.emu, client, manager, clock, accountId: 'account-1' });
  env.emu.resetLog();
  return { manager, accessToken, expiresAt: manager.getMetadata().accessTokenExpiresAt! };
}

/** Waits (real I/O) until the emulator holds the `count`th session call open, so the deadline can pass. */
async function hangingAt(count: number): Promise<void> {
  await vi.waitFor(() => expect(env.emu.requests.all(SESSION).at(count - 1)?.fault).toBe('hang'), { timeout: 10_000 });
}

/** Settles `promise` as a value or the error it rejected with. */
function outcome<T>(promise: Promise<T>): Promise<T | unknown> {
  return promise.catch((error: unknown) => error);
}

describe('the safety margin scales with the token lifetime', () => {
  it('is a minute for an hour-long token and a quarter of the lifetime for short ones', () => {
    const at = (lifetimeMs: number) => safetyMarginMs({ lastRefreshedAt: 1_000, accessTokenExpiresAt: 1_000 + lifetimeMs }, 60_000);
    expect(at(3_600_000)).toBe(60_000);
    expect(at(240_000)).toBe(60_000);
    expect(at(40_000)).toBe(10_000);
    expect(at(0)).toBe(0);
  });

  it('a 40-second token is used as issued, without asking labs.google again', async () => {
    env.emu.control.setTokenLifetime(40_000);
    const { manager, accessToken } = await signedIn();
    expect(await manager.getToken()).toBe(accessToken);
    await clock.sleepSystem(29_000); // 11 s left: more than its 10 s margin
    expect(await manager.getToken()).toBe(accessToken);
    expect(env.emu.requests.count(SESSION)).toBe(0);
    await clock.sleepSystem(2_000); // 9 s left: inside the margin, so labs.google is asked first
    expect(await manager.getToken()).toBe(accessToken); // (it hands out the same token until that lapses)
    expect(env.emu.requests.count(SESSION)).toBe(1);
    await clock.sleepSystem(9_000);
    const renewed = await manager.getToken();
    expect(renewed).not.toBe(accessToken);
    expect(env.emu.requests.count(SESSION)).toBe(2);
    expect(manager.getMetadata().state).toBe('signed-in');
  });
});

describe('a fault of the session endpoint while the token in hand is still valid', () => {
  const faults = [
    { name: 'an HTML interstitial (200 text/html)', fault: { kind: 'html-page' } },
    { name: 'a 503', fault: { kind: 'server-error', status: 503 } },
    { name: 'a dropped connection', fault: { kind: 'drop-connection' } },
  ] as const;
  for (const { name, fault } of faults) {
    it(`${name}: the current token is used, the session kept`, async () => {
      const { manager, accessToken, expiresAt } = await signedIn();
      await clock.sleepSystem(expiresAt - clock.now() - 59_000); // inside the 60 s margin, 59 s left
      env.emu.control.queueFault(fault, { on: 'session' });
      expect(await manager.getToken()).toBe(accessToken);
      expect(env.emu.requests.count(SESSION)).toBe(1);
      expect(['signed-in', 'offline']).toContain(manager.getMetadata().state);
    });
  }

  it('a hang: after the client deadline the current token is used, the session kept', async () => {
    const { manager, accessToken, expiresAt } = await signedIn();
    await clock.sleepSystem(expiresAt - clock.now() - 59_000);
    env.emu.control.queueFault({ kind: 'hang' }, { on: 'session' });
    const token = manager.getToken();
    await hangingAt(1);
    await clock.advance(CLIENT_TIMEOUT_MS);
    expect(await token).toBe(accessToken);
    expect(manager.getMetadata()).toMatchObject({ state: 'offline', reason: 'timeout' });
  });
});

describe('a fault of the session endpoint once the token has lapsed', () => {
  it('a web page is UNEXPECTED_PAGE, a hang TIMEOUT, no connection NETWORK: transient, never AUTH_REQUIRED', async () => {
    const { manager, expiresAt } = await signedIn();
    await clock.sleepSystem(expiresAt - clock.now() + 1_000);

    env.emu.control.queueFault({ kind: 'html-page' }, { on: 'session' });
    const page = await outcome(manager.getToken());
    expect(page).toBeInstanceOf(SessionUnavailableError);
    expect(page).toMatchObject({ code: 'UNEXPECTED_PAGE' });

    env.emu.control.queueFault({ kind: 'hang' }, { on: 'session' });
    const hanging = outcome(manager.getToken());
    await hangingAt(2);
    await clock.advance(CLIENT_TIMEOUT_MS);
    expect(await hanging).toMatchObject({ code: 'TIMEOUT' });

    env.emu.control.queueFault({ kind: 'drop-connection' }, { on: 'session' });
    expect(await outcome(manager.getToken())).toMatchObject({ code: 'NETWORK' });

    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 20 }, { on: 'session' });
    expect(await outcome(manager.getToken())).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 20_000 });

    // Nothing was lost: once labs.google answers, the session goes on.
    expect(await manager.getToken()).toMatch(/^ya29\./);
    expect(manager.getMetadata().state).toBe('signed-in');
  });

  it('only a definite answer ends the session: the signed-out shape is AUTH_REQUIRED', async () => {
    const { manager, expiresAt } = await signedIn();
    await clock.sleepSystem(expiresAt - clock.now() + 1_000);
    env.emu.control.revokeSessions();
    expect(await outcome(manager.getToken())).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(manager.getMetadata()).toMatchObject({ state: 'reauth-required', reason: 'revoked' });
  });
});

describe('renewToken (Google refused the token in hand)', () => {
  it('returns a renewed token; a transient fault is SessionUnavailableError; a revoked session AUTH_REQUIRED', async () => {
    const { manager } = await signedIn();
    env.emu.control.queueFault({ kind: 'html-page' }, { on: 'session' });
    expect(await outcome(manager.renewToken())).toMatchObject({ code: 'UNEXPECTED_PAGE' });
    expect(await manager.renewToken()).toMatch(/^ya29\./);
    env.emu.control.revokeSessions();
    expect(await outcome(manager.renewToken())).toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});
