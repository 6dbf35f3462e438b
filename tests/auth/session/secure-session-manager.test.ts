/**
 * The session manager against the labs.google emulator: every outcome class of the session endpoint leads
 * to the stated state, transient faults never clear the session, refreshes are shared and survive sleep.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthEventStream, type AuthEvent } from '../../../src/auth/session/auth-events.ts';
import { SecureSessionManager } from '../../../src/auth/session/secure-session-manager.ts';
import type { SilentReauthenticator } from '../../../src/auth/session/session-manager-ports.ts';
import { SessionClient } from '../../../src/auth/session/session-client.ts';
import { SESSION_COOKIE_NAME, type SessionCookie, type SessionRecord } from '../../../src/auth/session/session-record.ts';
import { DEFAULT_ACCOUNT, type Emulator } from '../../support/emulator/index.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';
import { MemorySessionStore } from '../../support/imagefx-memory-session-store.ts';
import { withEmulator } from '../../support/network.ts';

const HOUR = 3_600_000;
const clock = new FakeClock();
const env = withEmulator({ clock });
const ACCOUNT = 'account-a';
const managers: SecureSessionManager[] = [];
afterEach(() => {
  for (const manager of managers.splice(0)) manager.dispose();
});

function sessionCookie(value: string): SessionCookie {
  return { name: SESSION_COOKIE_NAME, value, domain: 'labs.google', path: '/', secure: true, httpOnly: true, sameSite: 'lax', expiresAt: null };
}

interface Harness {
  readonly manager: SecureSessionManager;
  readonly store: MemorySessionStore;
  readonly events: AuthEvent[];
  readonly secrets: string[];
}

/** Signs the default account in on the emulator and stores the session in a fresh manager. */
async function signedIn(emu: Emulator, reauthenticator?: SilentReauthenticator): Promise<Harness> {
  const store = new MemorySessionStore();
  const stream = new AuthEventStream();
  const events: AuthEvent[] = [];
  stream.onDidEmit((event) => events.push(event));
  const client = new SessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock, timeoutMs: 10_000 });
  const manager = new SecureSessionManager({ store, client, clock, random: () => 0.5, events: stream, ...(reauthenticator ? { reauthenticator } : {}) });
  const issued = emu.control.createSession(DEFAULT_ACCOUNT.email);
  const now = clock.now();
  const record: SessionRecord = {
    account: { email: DEFAULT_ACCOUNT.email, name: DEFAULT_ACCOUNT.name, avatarUrl: '' },
    cookies: [sessionCookie(issued.sessionToken)],
    accessToken: issued.accessToken,
    accessTokenExpiresAt: Date.parse(issued.expires),
    createdAt: now,
    lastRefreshedAt: now,
  };
  await manager.storeSession(ACCOUNT, record);
  managers.push(manager);
  emu.resetLog();
  return { manager, store, events, secrets: [issued.sessionToken, issued.accessToken] };
}

function sessionFetches(emu: Emulator): number {
  return emu.requests.count({ host: 'labs.google', path: '/fx/api/auth/session' });
}

function expectNoSecrets(harness: Harness): void {
  const visible = JSON.stringify([harness.events, harness.manager.getMetadata()]);
  for (const secret of harness.secrets) expect(visible).not.toContain(secret);
}

describe('SecureSessionManager against the emulator', () => {
  it('ok: updates token and expiry, and captures a rotated session cookie', async () => {
    const { emu } = env;
    emu.control.setSessionRotation({ graceMs: 0 });
    const harness = await signedIn(emu);
    const before = harness.store.records.get(ACCOUNT)!;
    await clock.sleepSystem(2 * HOUR); // past the token's expiry, so labs.google issues a new one
    expect(await harness.manager.refresh()).toBe('signed-in');
    const after = harness.store.records.get(ACCOUNT)!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.accessTokenExpiresAt).toBeGreaterThan(before.accessTokenExpiresAt!);
    const rotated = after.cookies.find((c) => c.name === SESSION_COOKIE_NAME)!;
    expect(rotated.value).not.toBe(before.cookies[0]!.value);
    // The rotated cookie is the one that works now: the old one had no grace period.
    expect(await harness.manager.refresh()).toBe('signed-in');
    expect(harness.events.map((e) => e.type)).toEqual(['auth.login', 'auth.refresh', 'auth.refresh']);
    expectNoSecrets(harness);
  });

  it('refresh-needed with no silent re-sign-in: reauth-required, token dropped, everything else kept', async () => {
    const { emu } = env;
    const harness = await signedIn(emu);
    emu.control.forceRefreshNeeded(DEFAULT_ACCOUNT.email);
    expect(await harness.manager.refresh()).toBe('reauth-required');
    const kept = harness.store.records.get(ACCOUNT)!;
    expect(kept.accessToken).toBeNull();
    expect(kept.cookies).toHaveLength(1);
    expect(kept.account.email).toBe(DEFAULT_ACCOUNT.email);
    expect(harness.manager.getMetadata()).toMatchObject({ state: 'reauth-required', reason: 'refresh-needed' });
    await expect(harness.manager.getToken()).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(harness.events.map((e) => e.type)).toContain('auth.revoked');
  });

  it('refresh-needed with a working silent re-sign-in: a new token, no user action', async () => {
    const { emu } = env;
    let calls = 0;
    const harness = await signedIn(emu, {
      reauthenticate: async () => {
        calls += 1;
        return [sessionCookie(emu.control.createSession(DEFAULT_ACCOUNT.email).sessionToken)];
      },
    });
    emu.control.forceRefreshNeeded(DEFAULT_ACCOUNT.email);
    expect(await harness.manager.refresh()).toBe('signed-in');
    expect(calls).toBe(1);
    expect(await harness.manager.getToken()).toMatch(/\S/);
  });

  it('revoked (signed-out 200 {}): reauth-required, the account and cookies are kept', async () => {
    const { emu } = env;
    const harness = await signedIn(emu);
    emu.control.revokeSessions(DEFAULT_ACCOUNT.email);
    expect(await harness.manager.refresh()).toBe('reauth-required');
    expect(harness.manager.getMetadata()).toMatchObject({ state: 'reauth-required', reason: 'revoked', account: { email: DEFAULT_ACCOUNT.email } });
    expect(harness.store.records.get(ACCOUNT)?.cookies).toHaveLength(1);
    expect(harness.events.filter((e) => e.type === 'auth.refresh_failed').map((e) => (e as { class: string }).class)).toEqual(['revoked']);
  });

  it('revoked (401): reauth-required', async () => {
    const { emu } = env;
    const harness = await signedIn(emu);
    emu.control.queueFault({ kind: 'unauthenticated' }, { on: 'session' });
    expect(await harness.manager.refresh()).toBe('reauth-required');
  });

  const transientFaults = [
    { kind: 'server-error', status: 503 },
    { kind: 'rate-limited' },
    { kind: 'malformed-json' },
    { kind: 'html-page' },
    { kind: 'drop-connection' },
  ] as const;

  for (const fault of transientFaults) {
    it(`transient (${fault.kind}): the session is kept and the refresh is retried later`, async () => {
      const { emu } = env;
      const harness = await signedIn(emu);
      const stored = harness.store.records.get(ACCOUNT);
      emu.control.queueFault(fault as never, { on: 'session' });
      const state = await harness.manager.refresh();
      expect(['signed-in', 'offline']).toContain(state);
      expect(harness.store.records.get(ACCOUNT)).toBe(stored);
      expect(harness.manager.getCookies().length).toBeGreaterThan(0);
      expect(harness.manager.getMetadata().nextRefreshAt).toBeGreaterThan(clock.now());
      const failed = harness.events.find((e) => e.type === 'auth.refresh_failed');
      expect(failed).toMatchObject({ class: 'transient' });
      // The token is still valid, so the image service can go on using it.
      expect(await harness.manager.getToken()).toBe(stored!.accessToken);
      expectNoSecrets(harness);
    });
  }

  it('a dropped connection reports offline; the next successful refresh is back to signed-in', async () => {
    const { emu } = env;
    const harness = await signedIn(emu);
    emu.control.queueFault({ kind: 'drop-connection' }, { on: 'session' });
    expect(await harness.manager.refresh()).toBe('offline');
    expect(await harness.manager.refresh()).toBe('signed-in');
  });

  it('a session endpoint slower than the timeout is transient, not a revocation', async () => {
    const { emu } = env;
    const harness = await signedIn(emu);
    emu.control.setLatency(60_000, 'labs.google');
    const pending = harness.manager.refresh();
    await clock.advance(10_000);
    expect(await pending).toBe('offline');
    expect(harness.manager.getCookies().length).toBeGreaterThan(0);
    emu.control.clearLatency();
  });

  it('100 concurrent token requests on an expired token make exactly 1 session fetch', async () => {
    const { emu } = env;
    const harness = await signedIn(emu);
    await clock.sleepSystem(2 * HOUR); // token lapsed while asleep; no timer fired
    const tokens = await Promise.all(Array.from({ length: 100 }, () => harness.manager.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(sessionFetches(emu)).toBe(1);
  });

  it('a sleep past the deadline followed by resume refreshes exactly once', async () => {
    const { emu } = env;
    const harness = await signedIn(emu);
    await clock.sleepSystem(3 * HOUR);
    harness.manager.handleWake('resume');
    harness.manager.handleWake('unlock-screen');
    await vitestWaitFor(() => sessionFetches(emu) === 1);
    // The reply travels over a real socket: let the refresh finish before moving the fake clock, or its
    // 10 s client timeout fires first (the test then saw 'offline' under load).
    await vitestWaitFor(() => harness.manager.getMetadata().state !== 'refreshing');
    await clock.advance(30 * 60_000);
    expect(sessionFetches(emu)).toBe(1);
    expect(harness.manager.getMetadata().state).toBe('signed-in');
  });
});

/** Polls a condition while real I/O (the emulator) completes; fails after ~5 s. */
async function vitestWaitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) {
    await flushMicrotasks();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}
