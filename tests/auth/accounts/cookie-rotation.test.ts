/**
 * next-auth re-issues the session cookie on calls to /fx/api/auth/session and the value it replaced dies
 * after a short grace period. Through the real account manager, harvester, cookie paste, session manager
 * and vault against the emulator (rotation on every session call, 200 ms grace): whatever call validated
 * or refreshed the session, the vault holds the value labs.google issued last — read back from the sealed
 * vault file, and still after a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCookieHeader } from '../../../src/auth/login/cookie-import.ts';
import { isSessionCookieName } from '../../../src/auth/session/session-record.ts';
import type { AccountSummary } from '../../../src/shared/auth-schemas.ts';
import { AccountsWorld } from '../../support/accounts-world.ts';
import { ScriptedLoginSurfaceProvider } from '../../support/accounts-scripted-surface.ts';
import { DEFAULT_ACCOUNT, IMAGE_FX_URL } from '../../support/emulator/index.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { withEmulator } from '../../support/network.ts';

const GRACE_MS = 200;
/** Longer than the grace period: the value a refresh sent is dead by the next one. */
const SPACING_MS = 250;
const clock = new FakeClock(Date.UTC(2026, 4, 1, 9, 30));
const env = withEmulator({ clock });
let surfaces: ScriptedLoginSurfaceProvider;
let world: AccountsWorld;

beforeEach(async () => {
  surfaces = new ScriptedLoginSurfaceProvider();
  // No silent re-sign-in can rescue a lost cookie here: a hidden window closes at once, so a refresh sent
  // with a dead value ends as reauth-required instead of being papered over.
  surfaces.onOpen = (surface) => {
    if (!surface.options.visible) surface.close();
  };
  world = await AccountsWorld.start({ clock, surfaces, signInIdleTimeoutMs: 60_000 });
  env.emu.control.setSessionRotation({ graceMs: GRACE_MS });
});
afterEach(() => world.dispose());

/** The session token the vault holds for `accountId` (chunks joined), read back from the sealed file. */
async function storedSessionToken(accountId: string): Promise<string> {
  const loaded = await world.vault.load(accountId);
  if (loaded.status !== 'ok') throw new Error(`vault entry ${loaded.status}`);
  const chunkIndex = (name: string): number => Number(/\.(\d+)$/.exec(name)?.[1] ?? 0);
  return loaded.record.cookies
    .filter((cookie) => isSessionCookieName(cookie.name))
    .sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name))
    .map((cookie) => cookie.value)
    .join('');
}

/** Signs in through the window: the page lands signed in and labs.google sets the (fresh) cookie. */
async function signInThroughWindow(): Promise<{ summary: AccountSummary; issued: string }> {
  const attempt = world.manager.signIn();
  const surface = await surfaces.nextSurface();
  const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
  surface.navigate(IMAGE_FX_URL);
  surface.setLabsCookies(parseCookieHeader(issued.cookieHeader));
  return { summary: await attempt, issued: issued.sessionToken };
}

describe('the cookie a validating call rotates is the one stored', () => {
  it('window sign-in: the harvest keeps the value its own session check was given', async () => {
    const { summary, issued } = await signInThroughWindow();
    const stored = await storedSessionToken(summary.id);
    expect(stored).not.toBe(issued);
    expect(stored).toBe(env.emu.control.currentSessionCookie());
    await clock.advance(SPACING_MS);
    expect(await world.sessions.refresh()).toBe('signed-in');
  });

  it('a pasted cookie: the check re-issues it, and the new value is stored', async () => {
    const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    const summary = await world.manager.importCookieHeader(issued.cookieHeader);
    const stored = await storedSessionToken(summary.id);
    expect(stored).not.toBe(issued.sessionToken);
    expect(stored).toBe(env.emu.control.currentSessionCookie());
    await clock.advance(SPACING_MS);
    expect(await world.sessions.refresh()).toBe('signed-in');
  });

  it('a chunked cookie (over 4 KB) rotated into new chunks is stored whole and works', async () => {
    env.emu.control.setSessionTokenLength(9_000);
    const { summary } = await signInThroughWindow();
    expect(await storedSessionToken(summary.id)).toBe(env.emu.control.currentSessionCookie());
    await clock.advance(SPACING_MS);
    expect(await world.sessions.refresh()).toBe('signed-in');
    expect(await storedSessionToken(summary.id)).toBe(env.emu.control.currentSessionCookie());
  });
});

describe('10 refreshes spaced longer than the grace period', () => {
  it('all signed in, the vault always holding the newest cookie, and the same after a restart', async () => {
    const { summary } = await signInThroughWindow();
    const seen = new Set<string>();
    const refreshTenTimes = async (): Promise<void> => {
      for (let refresh = 1; refresh <= 10; refresh += 1) {
        await clock.advance(SPACING_MS);
        expect(await world.sessions.refresh(), `refresh ${refresh}`).toBe('signed-in');
        const stored = await storedSessionToken(summary.id);
        expect(stored, `refresh ${refresh}`).toBe(env.emu.control.currentSessionCookie());
        expect(seen.has(stored), `refresh ${refresh} stored a value seen before`).toBe(false);
        seen.add(stored);
      }
    };
    await refreshTenTimes();

    await world.restart();
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: { id: summary.id } });
    await refreshTenTimes();
    expect(seen.size).toBe(20);
    expect(world.emittedEvents.filter((event) => event.type === 'auth.revoked')).toEqual([]);
  });
});
