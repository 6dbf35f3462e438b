/**
 * Backend detection for real: the account manager, the sign-in window and the account's hidden Flow page
 * in Chromium against the emulator, wired as the app wires them (tests/support/e2e-app-stack.ts with Flow:
 * compose-flow.ts, the Flow page held to the app's own navigation rule, jars in the vault). A classic
 * account (Flow sends it to labs.google) signs in as classic, the migrated account as Flow, and a Flow
 * account Google signed out since is found signed out at the next start — asked to sign in again, its
 * backend unchanged, no window opened.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../src/shared/auth-schemas.ts';
import { completeGoogleSignIn } from '../../support/accounts-user.ts';
import { ChromiumLoginSurfaceProvider } from '../../support/chromium-login-surface.ts';
import { startE2eAppStack, type E2eAppStack } from '../../support/e2e-app-stack.ts';
import { DEFAULT_ACCOUNT, MIGRATED_ACCOUNT, type EmulatorAccount } from '../../support/emulator/index.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { withEmulator } from '../../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 11, 2, 9, 30));
const env = withEmulator({ clock });
let surfaces: ChromiumLoginSurfaceProvider;
let stack: E2eAppStack | null = null;

beforeAll(async () => {
  surfaces = await ChromiumLoginSurfaceProvider.launch({ emulator: env.emu });
});
afterAll(async () => {
  await stack?.close();
  await surfaces?.close();
});
beforeEach(async () => {
  await stack?.close();
  await surfaces.reset();
  stack = await startE2eAppStack({ clock, surfaces, flow: {} });
});

async function signIn(account: EmulatorAccount): Promise<AccountSummary> {
  const signingIn = stack!.world.manager.signIn();
  await completeGoogleSignIn((await surfaces.nextSurface()).page, account);
  return signingIn;
}

describe('which backend an account gets', () => {
  it('a classic account: Flow sends it to labs.google, the window goes on to labs.google’s sign-in — classic', async () => {
    const summary = await signIn(DEFAULT_ACCOUNT);
    expect(summary).toMatchObject({ email: DEFAULT_ACCOUNT.email, name: DEFAULT_ACCOUNT.name, backend: 'classic' });
    // The hidden page was held to Flow's hosts: Flow's hop to labs.google was refused there, not followed.
    expect(surfaces.blocked.filter((blocked) => blocked.url.startsWith('https://labs.google/')).map((blocked) => blocked.resourceType)).toContain('Document');
    expect(typeof (await stack!.world.sessions.getToken())).toBe('string');
    expect(stack!.world.manager.snapshot().state).toBe('signed-in');
  });

  it('the migrated account: the grid names it — Flow, and labs.google is never asked for a session', async () => {
    const summary = await signIn(MIGRATED_ACCOUNT);
    expect(summary).toMatchObject({ email: MIGRATED_ACCOUNT.email, backend: 'flow' });
    expect(env.emu.requests.count({ host: 'labs.google', path: '/fx/api/auth/session' })).toBe(0);
    expect(stack!.world.manager.snapshot().state).toBe('signed-in');
  });

  it('a Flow account Google signed out since: found signed out at the next start, asked to sign in again, no window', async () => {
    const { id } = await signIn(MIGRATED_ACCOUNT);
    env.emu.control.revokeAccountCookies(MIGRATED_ACCOUNT.email);
    await stack!.close();
    await surfaces.dropPartitions();
    const created = surfaces.created.length;
    stack = await startE2eAppStack({ clock, surfaces, flow: {}, resume: true });
    await expect.poll(() => stack!.world.manager.snapshot().state, { timeout: 60_000 }).toBe('reauth-required');
    expect(stack.world.manager.snapshot()).toMatchObject({ reason: 'flow-signed-out', activeAccount: { id, backend: 'flow' } });
    expect(surfaces.created.slice(created)).toEqual([]);
  });
});
