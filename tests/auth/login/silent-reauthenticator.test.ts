/**
 * The hidden-surface re-authenticator on its own, with a scripted page: a fresh labs.google session is
 * harvested; the stale one already in the partition is not; a Google page that waits for a person, or the
 * deadline, ends it with null; it is never visible and concurrent calls share one attempt.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCookieHeader } from '../../../src/auth/login/cookie-import.ts';
import { GOOGLE_SIGN_IN_ORIGINS, LABS_SIGN_IN_URL, createLoginPolicy } from '../../../src/auth/login/login-policy.ts';
import { SessionClient } from '../../../src/auth/session/session-client.ts';
import { HiddenSurfaceReauthenticator, needsUser } from '../../../src/auth/login/silent-reauthenticator.ts';
import { ScriptedLoginSurfaceProvider } from '../../support/accounts-scripted-surface.ts';
import { DEFAULT_ACCOUNT, IMAGE_FX_URL } from '../../support/emulator/index.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';
import { withEmulator } from '../../support/network.ts';

const ACCOUNT = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const TIMEOUT_MS = 30_000;
const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 30));
const env = withEmulator({ clock });
let surfaces: ScriptedLoginSurfaceProvider;
let reauthenticator: HiddenSurfaceReauthenticator;

beforeEach(() => {
  surfaces = new ScriptedLoginSurfaceProvider();
  reauthenticator = new HiddenSurfaceReauthenticator({
    surfaces,
    client: new SessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock }),
    clock,
    policy: () => createLoginPolicy(GOOGLE_SIGN_IN_ORIGINS, 'electron'),
    timeoutMs: TIMEOUT_MS,
  });
});

function labsCookies(email = DEFAULT_ACCOUNT.email): ReturnType<typeof parseCookieHeader> {
  return parseCookieHeader(env.emu.control.createSession(email).cookieHeader);
}

describe('silent re-sign-in', () => {
  it('harvests the fresh session Google hands back, in a hidden surface on the account partition', async () => {
    const fresh = labsCookies();
    surfaces.onOpen = (surface) => {
      surface.navigate(IMAGE_FX_URL);
      surface.setLabsCookies(fresh);
    };
    expect(await reauthenticator.reauthenticate(ACCOUNT)).toEqual(fresh);
    expect(surfaces.created).toEqual([expect.objectContaining({ accountId: ACCOUNT, visible: false })]);
    expect(surfaces.surfaces[0]!.opened).toEqual([LABS_SIGN_IN_URL]);
    expect(surfaces.surfaces[0]!.focusCount).toBe(0);
    expect(surfaces.surfaces[0]!.isClosed).toBe(true);
  });

  it('does not take the stale session already in the partition for a fresh one', async () => {
    const stale = labsCookies();
    for (const cookie of stale) surfaces.jar(ACCOUNT).set(cookie.name, cookie);
    surfaces.onOpen = (surface) => {
      surface.navigate(IMAGE_FX_URL);
      surface.setLabsCookies(stale);
    };
    const result = reauthenticator.reauthenticate(ACCOUNT);
    await flushMicrotasks();
    await clock.advance(TIMEOUT_MS);
    expect(await result).toBeNull();
    expect(surfaces.surfaces[0]!.isClosed).toBe(true);
  });

  it.each([
    ['the Google sign-in form', 'https://accounts.google.com/v3/signin/identifier?flow=1'],
    ['an account chooser', 'https://accounts.google.com/AccountChooser'],
    ["labs.google's auth error page", 'https://labs.google/fx/api/auth/error?error=OAuthCallback'],
  ])('stops with null at %s (only the user can go on)', async (_name, url) => {
    surfaces.onOpen = (surface) => surface.navigate(url);
    expect(await reauthenticator.reauthenticate(ACCOUNT)).toBeNull();
    expect(surfaces.surfaces[0]!.isClosed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('gives up with null at the deadline, and concurrent calls share the one hidden surface', async () => {
    const first = reauthenticator.reauthenticate(ACCOUNT);
    const second = reauthenticator.reauthenticate(ACCOUNT);
    expect(second).toBe(first);
    await flushMicrotasks();
    await clock.advance(TIMEOUT_MS - 1);
    expect(surfaces.surfaces[0]!.isClosed).toBe(false);
    await clock.advance(1);
    expect(await first).toBeNull();
    expect(surfaces.created).toHaveLength(1);
    expect(surfaces.surfaces[0]!.isClosed).toBe(true);
  });

  it('ends with null when the partition is wiped mid-attempt (sign-out)', async () => {
    const result = reauthenticator.reauthenticate(ACCOUNT);
    await flushMicrotasks();
    await surfaces.clearAccountData(ACCOUNT);
    expect(await result).toBeNull();
  });
});

describe('needsUser', () => {
  it('counts only committed pages: Google pages and the labs.google auth error, not redirects or same-document steps', () => {
    expect(needsUser({ url: 'https://accounts.google.com/v3/signin/identifier', sameDocument: false })).toBe(true);
    expect(needsUser({ url: 'https://accounts.google.com/v3/signin/identifier#pwd', sameDocument: true })).toBe(false);
    expect(needsUser({ url: 'https://accounts.youtube.com/accounts/SetSID', sameDocument: false })).toBe(false);
    expect(needsUser({ url: IMAGE_FX_URL, sameDocument: false })).toBe(false);
    expect(needsUser({ url: 'not a url', sameDocument: false })).toBe(false);
  });
});
