/**
 * Which Google backend each account uses: found at sign-in (Flow where flow.google.com opens the account's
 * project grid — also where labs.google would work too — classic where only labs.google hands out a token),
 * remembered across restarts in the plain settings, switched by the user where it can work, and a Flow
 * sign-out turned into "sign in again". The sign-in window is scripted and the Flow page is a scripted probe
 * (the real page against the emulator: tests/services/imagefx/flow/flow-account-check.test.ts and
 * tests/auth/accounts/backend-detection-chromium.test.ts); the vault, session manager and labs.google
 * emulator are real.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCookieHeader } from '../../../src/auth/login/cookie-import.ts';
import { FLOW_SIGN_IN_URL, LABS_SIGN_IN_URL } from '../../../src/auth/login/login-policy.ts';
import { ACCOUNT_BACKENDS_SETTING, AccountBackendSetting, detectBackend } from '../../../src/auth/accounts/account-backends.ts';
import { AccountsWorld } from '../../support/accounts-world.ts';
import { ScriptedLoginSurfaceProvider, type ScriptedLoginSurface } from '../../support/accounts-scripted-surface.ts';
import { DEFAULT_ACCOUNT, FLOW_URL, IMAGE_FX_URL, LABS_FLOW_URL, MIGRATED_ACCOUNT } from '../../support/emulator/index.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';
import { MemoryKeyValueStore } from '../../support/memory-key-value-store.ts';
import { withEmulator } from '../../support/network.ts';
import { ScriptedFlowProbe } from '../../support/scripted-flow-probe.ts';

const clock = new FakeClock(Date.UTC(2026, 10, 2, 9, 30));
const env = withEmulator({ clock });
let surfaces: ScriptedLoginSurfaceProvider;
let flow: ScriptedFlowProbe;
let world: AccountsWorld;

beforeEach(async () => {
  surfaces = new ScriptedLoginSurfaceProvider();
  flow = new ScriptedFlowProbe();
  world = await AccountsWorld.start({ clock, surfaces, flow, signInIdleTimeoutMs: 60_000 });
});
afterEach(() => world.dispose());

/** The grid shows `email` once the account's partition is signed in to Google (here: once its window reached Flow). */
function flowOpensFor(email: string): void {
  flow.answer = () => ({ kind: 'signed-in', email, name: null });
}

/** A migrated account's sign-in: Google's form, then flow.google.com's grid. */
async function signInOnFlow(email: string): Promise<{ id: string; surface: ScriptedLoginSurface }> {
  const attempt = world.manager.signIn();
  const surface = await surfaces.nextSurface();
  surface.navigate('https://accounts.google.com/v3/signin/identifier');
  flowOpensFor(email);
  surface.navigate(FLOW_URL);
  return { id: (await attempt).id, surface };
}

describe('detection at sign-in', () => {
  it('a migrated account: the window starts on flow.google.com and the grid completes it as a Flow account, no labs.google session asked for', async () => {
    const { id, surface } = await signInOnFlow(MIGRATED_ACCOUNT.email);
    expect(surface.opened).toEqual([FLOW_SIGN_IN_URL]);
    expect(surface.isClosed).toBe(true);
    // Google's form never counts as a Flow page: only the page after it was asked.
    expect(flow.checks).toEqual([id]);
    expect(world.client.outcomes).toEqual([]);
    expect(world.manager.snapshot()).toMatchObject({
      state: 'signed-in',
      activeAccount: { id, email: MIGRATED_ACCOUNT.email, name: 'lin', avatarUrl: '', backend: 'flow' },
    });
    // A Flow session has no token and never asks labs.google for one.
    await expect(world.sessions.getToken()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(world.sessions.getMetadata().nextRefreshAt).toBeNull();
  });

  it('an account Google has not moved: Flow sends it to labs.google, the window goes on to labs.google’s sign-in, and it is classic', async () => {
    flow.answer = () => ({ kind: 'not-on-flow' });
    const attempt = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    surface.navigate(LABS_FLOW_URL);
    await flushMicrotasks();
    expect(surface.opened).toEqual([FLOW_SIGN_IN_URL, LABS_SIGN_IN_URL]);
    surface.navigate(IMAGE_FX_URL);
    surface.setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
    const summary = await attempt;
    expect(summary).toMatchObject({ email: DEFAULT_ACCOUNT.email, backend: 'classic' });
    // labs.google's sign-in is asked for once, however often Flow is seen to refuse.
    expect(surface.opened).toEqual([FLOW_SIGN_IN_URL, LABS_SIGN_IN_URL]);
    expect(world.manager.snapshot().state).toBe('signed-in');
    expect(typeof (await world.sessions.getToken())).toBe('string');
  });

  it('the same where the hidden page may not follow Flow to labs.google (the app’s policy): Flow unavailable, the window on labs.google', async () => {
    flow.answer = () => ({ kind: 'unavailable', reason: 'FLOW_UNREACHABLE' });
    const attempt = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    surface.navigate(FLOW_URL); // a Flow page that could not be checked: nothing to conclude yet
    await flushMicrotasks();
    expect(surface.opened).toEqual([FLOW_SIGN_IN_URL]);
    surface.navigate(LABS_FLOW_URL);
    await flushMicrotasks();
    expect(surface.opened).toEqual([FLOW_SIGN_IN_URL, LABS_SIGN_IN_URL]);
    surface.navigate(IMAGE_FX_URL);
    surface.setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
    expect(await attempt).toMatchObject({ email: DEFAULT_ACCOUNT.email, backend: 'classic' });
    expect(surface.opened).toEqual([FLOW_SIGN_IN_URL, LABS_SIGN_IN_URL]);
  });

  it('where labs.google and Flow both work, the account uses Flow (the default) and keeps its labs.google session', async () => {
    const attempt = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    flowOpensFor(DEFAULT_ACCOUNT.email);
    surface.setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
    const summary = await attempt;
    expect(summary).toMatchObject({ email: DEFAULT_ACCOUNT.email, name: DEFAULT_ACCOUNT.name, backend: 'flow' });
    expect(flow.checks).toEqual([summary.id]);
    expect(typeof (await world.sessions.getToken())).toBe('string');
  });

  it('a grid that names no account does not complete the sign-in', async () => {
    flow.answer = () => ({ kind: 'signed-in', email: null, name: null });
    const attempt = world.manager.signIn();
    let settled = false;
    void attempt.finally(() => (settled = true)).catch(() => undefined);
    const surface = await surfaces.nextSurface();
    surface.navigate(FLOW_URL);
    await flushMicrotasks();
    expect(settled).toBe(false);
    world.manager.cancelSignIn();
    await expect(attempt).rejects.toMatchObject({ code: 'LOGIN_CANCELLED' });
    // The cancelled attempt's hidden Flow page goes with its partition.
    expect(flow.released).toEqual([surface.options.accountId]);
    expect(surfaces.cleared).toEqual([surface.options.accountId]);
  });
});

describe('the choice, remembered and switched', () => {
  it('survives a restart, and the user may switch an account where labs.google and Flow both work', async () => {
    const attempt = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    flowOpensFor(DEFAULT_ACCOUNT.email);
    surface.setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
    const { id } = await attempt;
    await world.restart();
    expect(world.manager.snapshot().activeAccount).toMatchObject({ id, backend: 'flow' });
    await world.manager.setBackend(id, 'classic');
    expect(world.manager.backendOf(id)).toBe('classic');
    expect(world.emittedSnapshots.at(-1)?.activeAccount?.backend).toBe('classic');
    await world.restart();
    expect(world.manager.snapshot().accounts).toEqual([expect.objectContaining({ id, backend: 'classic' })]);
  });

  it('refuses classic for an account labs.google has no session for, and unknown accounts', async () => {
    const { id } = await signInOnFlow(MIGRATED_ACCOUNT.email);
    await expect(world.manager.setBackend(id, 'classic')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('labs.google') });
    expect(world.manager.backendOf(id)).toBe('flow');
    await expect(world.manager.setBackend('0'.repeat(24), 'flow')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(world.manager.setBackend('__proto__', 'flow')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a user’s choice follows the account into its next sign-in; removing the account forgets it', async () => {
    flow.answer = () => ({ kind: 'not-on-flow' });
    const first = world.manager.signIn();
    const surface = await surfaces.nextSurface();
    surface.setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
    const { id: oldId } = await first;
    expect(world.manager.backendOf(oldId)).toBe('classic');
    await world.manager.setBackend(oldId, 'flow');

    const again = world.manager.signIn();
    const second = await surfaces.nextSurface();
    second.setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
    const { id: newId } = await again;
    expect(world.manager.snapshot().accounts).toEqual([expect.objectContaining({ id: newId, backend: 'flow' })]);
    expect(flow.released).toContain(oldId);
    await world.manager.removeAccount(newId);
    expect(world.settings.get(ACCOUNT_BACKENDS_SETTING)).toEqual({});
    expect(flow.released).toContain(newId);
  });

  it('accounts from before detection read as classic (they signed in on labs.google); unreadable entries too', () => {
    const store = new MemoryKeyValueStore();
    const setting = new AccountBackendSetting(store);
    expect(setting.get('a1a1a1a1a1a1a1a1a1a1a1a1')).toEqual({ backend: 'classic', chosenBy: 'detection', labsSession: true });
    store.set(ACCOUNT_BACKENDS_SETTING, { a1a1a1a1a1a1a1a1a1a1a1a1: { backend: 'imagen', chosenBy: 'user', labsSession: true }, b2: 'flow' });
    expect(setting.get('a1a1a1a1a1a1a1a1a1a1a1a1').backend).toBe('classic');
    expect(setting.get('toString').backend).toBe('classic');
  });

  it('decides Flow where its grid opens or labs.google has no session, classic otherwise', () => {
    expect(detectBackend({ labsSession: true, flow: true })).toBe('flow');
    expect(detectBackend({ labsSession: false, flow: true })).toBe('flow');
    expect(detectBackend({ labsSession: true, flow: false })).toBe('classic');
    expect(detectBackend({ labsSession: true, flow: null })).toBe('classic');
  });
});

describe('the account restored at start', () => {
  /** A classic sign-in (Flow refused it then), and a restart. */
  async function restoredClassic(): Promise<string> {
    flow.answer = () => ({ kind: 'not-on-flow' });
    const attempt = world.manager.signIn();
    (await surfaces.nextSurface()).setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
    const { id } = await attempt;
    await world.restart();
    flow.checks.length = 0;
    return id;
  }

  it('is asked about again: Google moved it to Flow since, so it generates with Flow now', async () => {
    const id = await restoredClassic();
    flowOpensFor(DEFAULT_ACCOUNT.email);
    await world.manager.recheckBackend();
    expect(flow.checks).toEqual([id]);
    expect(world.manager.snapshot().activeAccount).toMatchObject({ id, backend: 'flow' });
    expect(surfaces.created.filter((options) => options.visible)).toHaveLength(1); // the first sign-in's only
  });

  it('stays classic while Flow sends it to labs.google, or cannot be asked; a user’s choice is never second-guessed', async () => {
    const id = await restoredClassic();
    await world.manager.recheckBackend();
    flow.answer = () => ({ kind: 'unavailable', reason: 'FLOW_UNREACHABLE' });
    await world.manager.recheckBackend();
    expect(world.manager.backendOf(id)).toBe('classic');
    await world.manager.setBackend(id, 'classic');
    flowOpensFor(DEFAULT_ACCOUNT.email);
    flow.checks.length = 0;
    await world.manager.recheckBackend();
    expect(flow.checks).toEqual([]);
    expect(world.manager.backendOf(id)).toBe('classic');
  });

  it('is not asked about while it must sign in again', async () => {
    const { id } = await signInOnFlow(MIGRATED_ACCOUNT.email);
    world.manager.markSignedOut(id, 'flow-signed-out');
    flow.checks.length = 0;
    await world.manager.recheckBackend();
    expect(flow.checks).toEqual([]);
  });
});

describe('Flow says the account was signed out', () => {
  it('asks for a sign-in (nothing removed), once; the next start trusts the kept session until Flow is asked again', async () => {
    const { id } = await signInOnFlow(MIGRATED_ACCOUNT.email);
    world.manager.markSignedOut(id, 'flow-signed-out');
    world.manager.markSignedOut(id, 'flow-signed-out');
    expect(world.manager.snapshot()).toMatchObject({ state: 'reauth-required', reason: 'flow-signed-out', activeAccount: { id, backend: 'flow' } });
    expect(world.emittedEvents.filter((event) => event.type === 'auth.revoked')).toHaveLength(1);
    // Another account's sign-out is not this one's.
    await world.restart();
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: { id } });
    world.manager.markSignedOut('b2b2b2b2b2b2b2b2b2b2b2b2', 'flow-signed-out');
    expect(world.manager.snapshot().state).toBe('signed-in');
  });
});
