/**
 * PersistentAccountManager's rules, with a scripted login surface (the real-browser runs are in
 * sign-in-chromium.test.ts) over the real vault, session manager and emulator: start-up never opens a
 * window, a chunked cookie is only accepted once complete, a transient check is retried, cancelling before
 * the window exists, one account per email, sign-out and removal, unknown ids.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCookieHeader } from '../../../src/auth/login/cookie-import.ts';
import { LoginUrlRefusedError } from '../../../src/auth/login/login-errors.ts';
import { LABS_SIGN_IN_URL } from '../../../src/auth/login/login-policy.ts';
import { AuthRequiredError } from '../../../src/shared/app-error.ts';
import type { AccountSummary } from '../../../src/shared/auth-schemas.ts';
import { AccountsWorld } from '../../support/accounts-world.ts';
import { ScriptedLoginSurfaceProvider, type ScriptedLoginSurface } from '../../support/accounts-scripted-surface.ts';
import { DEFAULT_ACCOUNT, IMAGE_FX_URL, SECOND_STEP_ACCOUNT, type IssuedSession } from '../../support/emulator/index.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';
import { withEmulator } from '../../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 30));
const env = withEmulator({ clock });
let surfaces: ScriptedLoginSurfaceProvider;
let world: AccountsWorld;

beforeEach(async () => {
  surfaces = new ScriptedLoginSurfaceProvider();
  world = await AccountsWorld.start({ clock, surfaces, signInIdleTimeoutMs: 60_000 });
});
afterEach(() => world.dispose());

/** Waits until every session check made so far has finished and the flow has acted on it. */
async function checksDone(): Promise<void> {
  await Promise.all(world.client.outcomes);
  await flushMicrotasks();
}

/** The page lands on ImageFX and labs.google sets the session cookies, as after a completed Google sign-in. */
function landSignedIn(surface: ScriptedLoginSurface, issued: IssuedSession): void {
  surface.navigate(IMAGE_FX_URL);
  surface.setLabsCookies(parseCookieHeader(issued.cookieHeader));
}

async function signInAs(email: string): Promise<{ summary: AccountSummary; issued: IssuedSession; surface: ScriptedLoginSurface }> {
  const attempt = world.manager.signIn();
  const surface = await surfaces.nextSurface();
  const issued = env.emu.control.createSession(email);
  landSignedIn(surface, issued);
  return { summary: await attempt, issued, surface };
}

describe('start-up', () => {
  it('a fresh install starts signed out and opens no window', async () => {
    expect(world.manager.snapshot()).toEqual({
      state: 'signed-out', reason: null, activeAccount: null, accounts: [], storage: { mode: 'encrypted' },
    });
    expect(world.manager.snapshot().state).not.toBe('signed-in');
    expect(world.manager.snapshot().activeAccount).toBeNull();
    expect(surfaces.created).toEqual([]);
  });

  it('an active account whose entry is gone starts signed out and forgets the choice', async () => {
    const { summary } = await signInAs(DEFAULT_ACCOUNT.email);
    await world.vault.remove(summary.id);
    await world.restart();
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-out', activeAccount: null, accounts: [] });
    expect(world.settings.get('activeAccountId')).toBeUndefined();
  });
});

describe('the sign-in window', () => {
  it('opens the labs.google sign-in URL in a visible surface on a new partition; signing-in while open', async () => {
    const attempt = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    expect(surface.options).toMatchObject({ visible: true, accountId: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(surface.options.policy.allowedOrigins).toEqual(['https://flow.google.com', 'https://labs.google', 'https://accounts.google.com', 'https://accounts.youtube.com']);
    expect(surface.opened).toEqual([LABS_SIGN_IN_URL]);
    expect(world.manager.snapshot().state).toBe('signing-in');
    landSignedIn(surface, env.emu.control.createSession(DEFAULT_ACCOUNT.email));
    const summary = await attempt;
    expect(summary.id).toBe(surface.options.accountId);
    expect(surface.isClosed).toBe(true);
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: summary });
    expect(world.emittedSnapshots.map((snapshot) => snapshot.state)).toContain('signing-in');
  });

  it('accepts a chunked cookie only once every chunk has arrived', async () => {
    env.emu.control.setSessionTokenLength(6_000);
    const attempt = world.manager.signIn();
    let settled = false;
    void attempt.finally(() => (settled = true));
    const surface = await surfaces.nextSurface();
    const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    const [first, second] = parseCookieHeader(issued.cookieHeader);
    surface.setLabsCookies([first!]);
    await checksDone();
    expect(await world.client.outcomes[0]).toMatchObject({ class: 'revoked' }); // half a token is no session
    expect(settled).toBe(false);
    surface.setLabsCookies([second!]);
    await attempt;
    expect(world.sessions.getCookieHeader()).toBe(issued.cookieHeader);
  });

  it('looks again after a transient failure of the session endpoint', async () => {
    env.emu.control.queueFault({ kind: 'server-error', status: 503 }, { on: 'session' });
    const attempt = world.manager.signIn();
    let settled = false;
    void attempt.finally(() => (settled = true));
    landSignedIn(await surfaces.nextSurface(), env.emu.control.createSession(DEFAULT_ACCOUNT.email));
    await checksDone();
    expect(await world.client.outcomes[0]).toMatchObject({ class: 'transient' });
    expect(settled).toBe(false);
    await clock.advance(3_000);
    expect((await attempt).email).toBe(DEFAULT_ACCOUNT.email);
  });

  it('cancelling before the window exists still rejects, closes it, and wipes its partition', async () => {
    const before = world.manager.snapshot();
    const attempt = world.manager.signIn();
    world.manager.cancelSignIn();
    await expect(attempt).rejects.toMatchObject({ code: 'LOGIN_CANCELLED' });
    expect(surfaces.surfaces.every((surface) => surface.isClosed)).toBe(true);
    expect(surfaces.surfaces.flatMap((surface) => surface.opened)).toEqual([]);
    expect(surfaces.cleared).toEqual(surfaces.created.map((created) => created.accountId));
    expect(world.manager.snapshot()).toEqual(before);
  });

  it('a sign-in URL outside the policy fails without leaving a window', async () => {
    const strict = await AccountsWorld.start({ clock, surfaces, signInUrl: 'https://evil.test/signin' });
    await expect(strict.manager.signIn()).rejects.toBeInstanceOf(LoginUrlRefusedError);
    expect(surfaces.surfaces.every((surface) => surface.isClosed)).toBe(true);
    strict.dispose();
  });
});

describe('accounts', () => {
  it('signing in again with the same email replaces the old account and wipes its partition', async () => {
    const first = await signInAs(DEFAULT_ACCOUNT.email);
    const second = await signInAs(DEFAULT_ACCOUNT.email);
    expect(world.manager.snapshot().accounts).toEqual([second.summary]);
    expect(world.vault.listAccountIds()).toEqual([second.summary.id]);
    expect(surfaces.cleared).toEqual([first.summary.id]);
    expect(surfaces.hasJar(first.summary.id)).toBe(false);
    expect(world.sessions.getCookieHeader()).toBe(second.issued.cookieHeader);
  });

  it('signing out clears the vault entry and the partition; the other account stays and can be switched to', async () => {
    const ada = await signInAs(DEFAULT_ACCOUNT.email);
    const grace = await signInAs(SECOND_STEP_ACCOUNT.email);
    world.manager.onDidChange(() => {
      throw new Error('a faulty listener');
    });
    await world.manager.signOut();
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-out', activeAccount: null, accounts: [ada.summary] });
    expect(world.vault.listAccountIds()).toEqual([ada.summary.id]);
    expect(surfaces.cleared).toEqual([grace.summary.id]);
    expect(surfaces.hasJar(ada.summary.id)).toBe(true);
    expect(() => world.sessions.getCookieHeader()).toThrow(AuthRequiredError);
    expect(world.emittedEvents).toContainEqual({ type: 'auth.logout', accountId: grace.summary.id });
    expect(world.manager.snapshot().state).not.toBe('signed-in');

    await world.manager.switchAccount(ada.summary.id);
    expect(world.manager.snapshot().activeAccount).toEqual(ada.summary);
    expect(world.sessions.getCookieHeader()).toBe(ada.issued.cookieHeader);
    await world.restart();
    expect(world.manager.snapshot().activeAccount).toEqual(ada.summary);
  });

  it('removing an inactive account leaves the active one untouched; unknown ids are NOT_FOUND', async () => {
    const ada = await signInAs(DEFAULT_ACCOUNT.email);
    const grace = await signInAs(SECOND_STEP_ACCOUNT.email);
    await world.manager.removeAccount(ada.summary.id);
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: grace.summary, accounts: [grace.summary] });
    expect(world.sessions.getCookieHeader()).toBe(grace.issued.cookieHeader);
    expect(surfaces.cleared).toEqual([ada.summary.id]);
    for (const call of [() => world.manager.switchAccount(ada.summary.id), () => world.manager.removeAccount('not-an-account')]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await world.manager.signOut();
    await world.manager.signOut(); // nothing active: nothing to do
    expect(world.manager.snapshot().accounts).toEqual([]);
  });

  it('nothing the manager returns or emits holds a cookie value or token', async () => {
    const ada = await signInAs(DEFAULT_ACCOUNT.email);
    await world.manager.optInToWeakerStorage();
    const secrets = [ada.issued.sessionToken, ada.issued.accessToken, ...parseCookieHeader(ada.issued.cookieHeader).map((c) => c.value)];
    const handedOut = JSON.stringify([ada.summary, world.manager.snapshot(), world.manager.snapshot().activeAccount, world.emittedSnapshots, world.emittedEvents]);
    for (const secret of secrets) expect(handedOut).not.toContain(secret);
  });
});
