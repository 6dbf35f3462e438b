/**
 * PersistentAccountManager end to end in a real Chromium against the labs.google emulator: the form
 * sign-in, the chunked cookie, silent re-sign-in both ways, one sign-in at a time, cancel and timeout, and
 * two accounts driving the image service. The vault, settings and session manager are the app's own, on
 * the shim's safeStorage; the clock is fake and shared with the emulator.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginCancelledError, LoginTimeoutError } from '../../../src/auth/login/login-errors.ts';
import { SESSION_COOKIE_NAME } from '../../../src/auth/session/session-record.ts';
import type { AccountSummary } from '../../../src/shared/auth-schemas.ts';
import { completeGoogleSignIn, submitWrongPassword } from '../../support/accounts-user.ts';
import { AccountsWorld } from '../../support/accounts-world.ts';
import { isChromiumOwnRequest } from '../../support/chromium.ts';
import { classicImageService } from '../../support/classic-image-service.ts';
import { ChromiumLoginSurfaceProvider } from '../../support/chromium-login-surface.ts';
import { DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT, SIGN_IN_FORM } from '../../support/emulator/index.ts';
import type { EmulatorAccount } from '../../support/emulator/index.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { withEmulator } from '../../support/network.ts';

const IDLE_TIMEOUT_MS = 10 * 60_000;
const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 30));
const env = withEmulator({ clock });
let surfaces: ChromiumLoginSurfaceProvider;
let world: AccountsWorld;

beforeAll(async () => {
  surfaces = await ChromiumLoginSurfaceProvider.launch({ emulator: env.emu });
});
afterAll(async () => {
  await surfaces?.close();
});
beforeEach(async () => {
  world = await AccountsWorld.start({ clock, surfaces, signInIdleTimeoutMs: IDLE_TIMEOUT_MS });
});
afterEach(async () => {
  world.dispose();
  await surfaces.reset();
});

/** Clicks "Sign in" and plays the user in the window that opens. */
async function signInThroughWindow(account: EmulatorAccount = DEFAULT_ACCOUNT): Promise<AccountSummary> {
  const signingIn = world.manager.signIn();
  const surface = await surfaces.nextSurface();
  await completeGoogleSignIn(surface.page, account);
  return signingIn;
}

/** Every secret of the active session and the window's jar, to look for in what the manager hands out. */
async function currentSecrets(accountId: string): Promise<string[]> {
  const jar = (await surfaces.contextOf(accountId)!.cookies()).map((cookie) => cookie.value);
  return [...jar, await world.sessions.getToken()].filter((value) => value.length >= 8);
}

function expectNoSecret(values: unknown, secrets: readonly string[]): void {
  const text = JSON.stringify(values);
  for (const secret of secrets) expect(text.includes(secret), 'a secret leaked into a returned value or event').toBe(false);
}

describe('sign-in through the window', () => {
  it('harvests the labs.google session, stores it encrypted, and hands out the account without any secret', async () => {
    const summary = await signInThroughWindow();
    expect(summary).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/), email: DEFAULT_ACCOUNT.email, name: DEFAULT_ACCOUNT.name, avatarUrl: expect.any(String),
      // Without a Flow page to ask, a labs.google sign-in is a classic account.
      backend: 'classic',
    });
    expect(surfaces.created.map(({ accountId, visible }) => ({ accountId, visible }))).toEqual([{ accountId: summary.id, visible: true }]);
    expect(surfaces.surfaces.every((surface) => surface.isClosed)).toBe(true);
    expect(world.manager.snapshot().state).toBe('signed-in');
    expect(world.manager.snapshot().activeAccount).toEqual(summary);
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: summary, accounts: [summary], storage: { mode: 'encrypted' } });

    // Validated with exactly the harvested labs.google cookies: the session cookie and the CSRF cookie.
    const validation = env.emu.requests.all({ path: '/fx/api/auth/session' }).filter((entry) => !entry.headers['user-agent']?.includes('Chrome'));
    expect(Object.keys(validation.at(-1)!.cookies).sort()).toEqual(['__Host-next-auth.csrf-token', SESSION_COOKIE_NAME]);

    const sessionCookie = (await surfaces.contextOf(summary.id)!.cookies('https://labs.google')).find((c) => c.name === SESSION_COOKIE_NAME)!;
    expect(world.sessions.getCookieHeader()).toContain(`${SESSION_COOKIE_NAME}=${sessionCookie.value}`);
    const secrets = await currentSecrets(summary.id);
    expect(secrets.length).toBeGreaterThanOrEqual(4); // session, CSRF, Google SID/PSID, token
    const vaultEntries = (JSON.parse(world.vaultFileText()) as { vault: { entries: Record<string, { data: string }> } }).vault.entries;
    expect(Object.keys(vaultEntries)).toEqual([summary.id]); // sealed on disk…
    for (const secret of secrets) expect(world.vaultFileText()).not.toContain(secret); // …and only sealed
    expectNoSecret([summary, world.manager.snapshot(), world.manager.snapshot().activeAccount, world.emittedSnapshots, world.emittedEvents], secrets);

    // A restart loads the stored session without opening any window.
    await world.restart();
    expect(world.manager.snapshot().activeAccount).toEqual(summary);
    expect(world.manager.snapshot().state).toBe('signed-in');
    expect(world.sessions.getCookieHeader()).toContain(sessionCookie.value);
    expect(surfaces.created).toHaveLength(1);
  });

  it('reassembles a session cookie over 4 KB from its .0/.1 chunks', async () => {
    env.emu.control.setSessionTokenLength(6_000);
    const summary = await signInThroughWindow();
    const jar = (await surfaces.contextOf(summary.id)!.cookies('https://labs.google')).filter((c) => c.name.startsWith(SESSION_COOKIE_NAME));
    expect(jar.map((cookie) => cookie.name).sort()).toEqual([`${SESSION_COOKIE_NAME}.0`, `${SESSION_COOKIE_NAME}.1`]);
    const stored = world.sessions.getCookies().filter((cookie) => cookie.name.startsWith(SESSION_COOKIE_NAME));
    expect(stored.map((cookie) => cookie.name).sort()).toEqual([`${SESSION_COOKIE_NAME}.0`, `${SESSION_COOKIE_NAME}.1`]);
    const byName = (name: string): string => jar.find((cookie) => cookie.name === name)!.value;
    expect(world.sessions.getCookieHeader()).toMatch(
      new RegExp(`^${SESSION_COOKIE_NAME}\\.0=${byName(`${SESSION_COOKIE_NAME}.0`)}; ${SESSION_COOKIE_NAME}\\.1=${byName(`${SESSION_COOKIE_NAME}.1`)}`),
    );
    expect(stored.map((cookie) => cookie.value.length).reduce((a, b) => a + b)).toBe(6_000);
    // labs.google reassembles the stored chunks into the session it issued.
    expect((await world.client.fetchSession(world.sessions.getCookies())).class).toBe('ok');
    expect(world.manager.snapshot().activeAccount?.email).toBe(DEFAULT_ACCOUNT.email);
  });
});

describe('silent re-sign-in', () => {
  it('ACCESS_TOKEN_REFRESH_NEEDED with good Google account cookies: a new token from a hidden window, no form', async () => {
    const summary = await signInThroughWindow();
    const oldToken = await world.sessions.getToken();
    env.emu.control.forceRefreshNeeded(DEFAULT_ACCOUNT.email);
    env.emu.resetLog();

    expect(await world.sessions.refresh()).toBe('signed-in');
    const newToken = await world.sessions.getToken();
    expect(newToken).not.toBe(oldToken);
    expect(surfaces.created.map(({ accountId, visible }) => ({ accountId, visible }))).toEqual([
      { accountId: summary.id, visible: true },
      { accountId: summary.id, visible: false },
    ]);
    expect(surfaces.surfaces.every((surface) => surface.isClosed)).toBe(true);
    const browserPaths = env.emu.requests.all().filter((entry) => entry.headers['user-agent']?.includes('Chrome')).map((entry) => entry.path);
    expect(browserPaths).toEqual(expect.arrayContaining(['/fx/api/auth/signin/google', '/o/oauth2/v2/auth', '/CheckCookie', '/fx/api/auth/callback/google']));
    expect(browserPaths).not.toContain('/v3/signin/identifier');
    // Nothing was submitted. (Chromium's own account probe, a POST it may send whenever it likes after the
    // sign-in above set Google's cookies, is the browser's, not the sign-in's.)
    const posts = env.emu.requests.all({ method: 'POST' }).filter((entry) => !isChromiumOwnRequest(entry));
    expect(posts.map((entry) => `${entry.host}${entry.path}`)).toEqual([]);
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: summary });
  });

  it('with the Google account cookies revoked: reauth-required, one hidden attempt, no loop, no visible window', async () => {
    await signInThroughWindow();
    env.emu.control.revokeAccountCookies(DEFAULT_ACCOUNT.email);
    env.emu.control.forceRefreshNeeded(DEFAULT_ACCOUNT.email);
    env.emu.resetLog();

    expect(await world.sessions.refresh()).toBe('reauth-required');
    expect(world.manager.snapshot()).toMatchObject({ state: 'reauth-required', reason: 'refresh-needed' });
    expect(world.manager.snapshot().state).not.toBe('signed-in');
    expect(surfaces.created.filter((created) => !created.visible)).toHaveLength(1);
    expect(surfaces.created.filter((created) => created.visible)).toHaveLength(1); // the original sign-in only
    expect(surfaces.surfaces.every((surface) => surface.isClosed)).toBe(true);
    await clock.advance(6 * 60 * 60_000);
    expect(env.emu.requests.count({ path: '/fx/api/auth/signin/google' })).toBe(1);
    expect(surfaces.created).toHaveLength(2);
  });
});

describe('one sign-in at a time; cancel and timeout change nothing', () => {
  it('a second click focuses the open window and shares its promise', async () => {
    const first = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    await surface.page.waitForSelector(`#${SIGN_IN_FORM.formId}`); // the user sees the window, and clicks again
    const second = world.manager.signIn();
    expect(second).toBe(first);
    expect(surface.focusCount).toBe(1);
    expect(world.manager.snapshot().state).toBe('signing-in');
    await completeGoogleSignIn(surface.page, DEFAULT_ACCOUNT);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(surfaces.created).toHaveLength(1);
  });

  it('closing the window rejects with LoginCancelledError and leaves the previous account, window-free', async () => {
    await signInThroughWindow();
    const before = world.manager.snapshot();
    const header = world.sessions.getCookieHeader();

    const attempt = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    await surface.page.waitForSelector(`#${SIGN_IN_FORM.formId}`);
    await surface.page.close(); // the user closes the window
    await expect(attempt).rejects.toBeInstanceOf(LoginCancelledError);
    await expect(attempt).rejects.toMatchObject({ code: 'LOGIN_CANCELLED' });
    expect(world.manager.snapshot()).toEqual(before);
    expect(world.sessions.getCookieHeader()).toBe(header);
    expect(surfaces.cleared).toEqual([surface.accountId]);
    expect(surfaces.contextOf(surface.accountId)).toBeUndefined();
    expect(surfaces.browser.contexts().flatMap((context) => context.pages())).toEqual([]);

    // Nothing pending: the next click opens a new window.
    const again = world.manager.signIn();
    const next = await surfaces.nextSurface();
    expect(next).not.toBe(surface);
    world.manager.cancelSignIn();
    await expect(again).rejects.toMatchObject({ code: 'LOGIN_CANCELLED' });
    expect(world.manager.snapshot()).toEqual(before);
  });

  it('no navigation for the idle timeout gives LoginTimeoutError; a navigation counts as progress', async () => {
    await signInThroughWindow();
    const before = world.manager.snapshot();
    const attempt = world.manager.signIn();
    let settled = false;
    attempt.catch(() => undefined).finally(() => (settled = true));
    const surface = await surfaces.nextSurface();
    await surface.page.waitForSelector(`#${SIGN_IN_FORM.formId}`);

    await clock.advance(IDLE_TIMEOUT_MS - 1_000);
    const navigated = new Promise<void>((resolve) => {
      const stop = surface.onDidNavigate(() => {
        stop();
        resolve();
      });
    });
    await submitWrongPassword(surface.page, DEFAULT_ACCOUNT.email);
    await navigated; // progress: the idle timer starts over
    await clock.advance(IDLE_TIMEOUT_MS - 1_000);
    expect(settled).toBe(false);
    await clock.advance(1_000);
    await expect(attempt).rejects.toBeInstanceOf(LoginTimeoutError);
    await expect(attempt).rejects.toMatchObject({ code: 'LOGIN_TIMEOUT' });
    expect(surface.isClosed).toBe(true);
    expect(world.manager.snapshot()).toEqual(before);
    expect(surfaces.browser.contexts().flatMap((context) => context.pages())).toEqual([]);
  });
});

describe('two accounts', () => {
  it('switching changes the cookie and token the image service uses; removing one leaves the other intact', async () => {
    const ada = await signInThroughWindow(DEFAULT_ACCOUNT);
    const grace = await signInThroughWindow(SECOND_STEP_ACCOUNT);
    expect(world.manager.snapshot().accounts.map((account) => account.email)).toEqual([DEFAULT_ACCOUNT.email, SECOND_STEP_ACCOUNT.email]);
    expect(world.manager.snapshot().activeAccount).toEqual(grace);
    const service = classicImageService({ session: world.sessions, clock, random: () => 0.5 });
    const generateAs = async (): Promise<{ cookie: string; token: string | null }> => {
      await service.generate({ prompt: 'a lighthouse', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 7, model: 'IMAGEN_3_5' });
      const sent = env.emu.requests.last({ path: '/v1:runImageFx' })!;
      return { cookie: sent.cookies[SESSION_COOKIE_NAME] ?? '', token: sent.bearerToken };
    };
    const graceJar = await surfaces.contextOf(grace.id)!.cookies('https://labs.google');
    const adaJar = await surfaces.contextOf(ada.id)!.cookies('https://labs.google');
    const value = (jar: typeof adaJar): string => jar.find((cookie) => cookie.name === SESSION_COOKIE_NAME)!.value;

    const asGrace = await generateAs();
    await world.manager.switchAccount(ada.id);
    const asAda = await generateAs();
    // The image API gets each account's token, and never the labs.google cookie (issue 15, row 11).
    expect([asGrace.cookie, asAda.cookie]).toEqual(['', '']);
    expect(asAda.token).not.toBe(asGrace.token);
    expect(world.sessions.getCookieHeader()).toContain(value(adaJar));
    expect(world.sessions.getCookieHeader()).not.toContain(value(graceJar));
    expect(world.manager.snapshot().activeAccount).toEqual(ada);

    await world.manager.removeAccount(grace.id);
    expect(world.manager.snapshot().accounts).toEqual([ada]);
    expect(surfaces.contextOf(grace.id)).toBeUndefined();
    expect(world.vault.listAccountIds()).toEqual([ada.id]);
    expect((await generateAs()).token).toBe(asAda.token);
    await world.restart();
    expect(world.manager.snapshot().activeAccount).toEqual(ada);
    expect(world.sessions.getCookieHeader()).toContain(value(adaJar));
    expect((await surfaces.contextOf(ada.id)!.cookies('https://accounts.google.com')).map((c) => c.name)).toContain('SID');
  });
});
