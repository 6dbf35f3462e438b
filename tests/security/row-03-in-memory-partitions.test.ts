/**
 * Row 3 of issue 15: sign-in windows used `persist:` partitions, so Chromium kept the Google account
 * cookies (SID, `__Secure-1PSID`) and the labs.google session cookie in its own cookie store, outside the
 * vault and its memory-only policy. Now the partitions are in memory, and what must survive a restart is
 * the account's cookie jar, sealed in the vault (or kept in memory when the keychain cannot protect it),
 * put back into the fresh partition before any of its windows loads, and captured again when it rotates.
 *
 * - Electron's side, on the shim: the window's partition is not persistent (no storage path), and the jar
 *   — including `.google.com` SID cookies and host-only flow.google.com ones — goes through the vault and
 *   back into a fresh partition exactly (domain vs host-only kept).
 * - End to end, in Chromium against the emulator: with a keychain, a restart with fresh partitions still
 *   re-signs in silently; without one, nothing of the session is on disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { session, safeStorage } from 'electron';
import { GOOGLE_SIGN_IN_ORIGINS, createLoginPolicy } from '../../src/auth/login/login-policy.ts';
import { loginPartition } from '../../src/auth/login/login-surface.ts';
import { PartitionCookieJar } from '../../src/auth/login/partition-cookie-jar.ts';
import { ElectronLoginSurfaceProvider } from '../../src/app/electron/electron-login-surface.ts';
import { ElectronPartitionCookies } from '../../src/app/electron/electron-partition-cookies.ts';
import type { AccountSummary } from '../../src/shared/auth-schemas.ts';
import { completeGoogleSignIn } from '../support/accounts-user.ts';
import { AccountsWorld } from '../support/accounts-world.ts';
import { ChromiumLoginSurfaceProvider } from '../support/chromium-login-surface.ts';
import { __shim } from '../support/electron-shim.ts';
import { DEFAULT_ACCOUNT } from '../support/emulator/index.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { withEmulator } from '../support/network.ts';
import { VaultWorld } from '../support/vault-test-fixture.ts';

const ACCOUNT = '0123456789abcdef01234567';
const YEAR_S = Date.UTC(2027, 0, 1) / 1000;

/** Every file under `dir`, read whole (what an attacker with the user's files would see). */
function allFileContents(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    const stats = statSync(file);
    return stats.isDirectory() ? allFileContents(file) : [readFileSync(file)];
  });
}

function expectNowhereOnDisk(dir: string, secrets: readonly string[]): void {
  const files = allFileContents(dir);
  for (const secret of secrets) expect(files.some((content) => content.includes(secret)), `a secret is on disk in ${dir}`).toBe(false);
}

describe('row 3: in-memory sign-in partitions, the cookie jar in the vault', () => {
  describe('Electron’s side (shim)', () => {
    let world: VaultWorld;
    beforeEach(() => {
      world = new VaultWorld();
    });

    it('opens sign-in windows on an in-memory partition: Chromium keeps no cookie store, cache or local storage on disk', async () => {
      const provider = new ElectronLoginSurfaceProvider({ parentWindow: () => null, platform: 'linux', clock: world.clock });
      await provider.create({ accountId: ACCOUNT, visible: false, policy: createLoginPolicy(GOOGLE_SIGN_IN_ORIGINS, 'electron') });
      const window = __shim.windows.at(-1)!;
      expect(loginPartition(ACCOUNT)).not.toMatch(/^persist:/);
      expect(window.options.webPreferences?.partition).toBe(loginPartition(ACCOUNT));
      expect(window.webContents.session.isPersistent()).toBe(false);
      expect(window.webContents.session.getStoragePath()).toBeNull();
    });

    it('seals the account’s Google cookies (SID family, accounts.google.com, host-only flow.google.com) and restores them exactly', async () => {
      const partitions = new ElectronPartitionCookies(session);
      const jar = session.fromPartition(loginPartition(ACCOUNT)).cookies;
      const secure = { secure: true, httpOnly: true, expirationDate: YEAR_S };
      await jar.set({ url: 'https://accounts.google.com/', name: 'SID', value: 'sid-value-1234567890', domain: '.google.com', ...secure, httpOnly: false });
      await jar.set({ url: 'https://accounts.google.com/', name: '__Secure-1PSID', value: 'psid-value-1234567890', domain: '.google.com', ...secure });
      await jar.set({ url: 'https://accounts.google.com/', name: 'SIDCC', value: 'sidcc-value-1234567890', domain: '.google.com', ...secure });
      await jar.set({ url: 'https://accounts.google.com/', name: 'LSID', value: 'lsid-value-1234567890', ...secure });
      await jar.set({ url: 'https://flow.google.com/', name: '__Secure-OSID', value: 'osid-value-1234567890', ...secure });
      await jar.set({ url: 'https://flow.google.com/', name: 'OSID', value: 'plain-osid-1234567890', ...secure });
      await jar.set({ url: 'https://labs.google/', name: '__Secure-next-auth.session-token', value: 'labs-session-1234567890', ...secure, sameSite: 'lax' });
      await jar.set({ url: 'https://www.youtube.com/', name: 'VISITOR', value: 'not-ours-1234567890', domain: '.youtube.com', secure: true });
      const before = __shim.sessions.fromPartition(loginPartition(ACCOUNT)).cookies.snapshot().filter((cookie) => cookie.domain !== '.youtube.com');

      const vault = await world.open();
      await new PartitionCookieJar({ partitions, store: vault, clock: world.clock }).track(ACCOUNT);
      const vaultText = readFileSync(world.vaultFile, 'utf8');
      expect(Object.keys((JSON.parse(vaultText) as { vault: { jars: object } }).vault.jars)).toEqual([ACCOUNT]);
      for (const value of ['sid-value', 'psid-value', 'osid-value', 'labs-session', 'not-ours']) expect(vaultText).not.toContain(value);

      // A restart: new vault object, and the in-memory partition is gone.
      __shim.sessions.reset();
      expect(__shim.sessions.fromPartition(loginPartition(ACCOUNT)).cookies.snapshot()).toEqual([]);
      await new PartitionCookieJar({ partitions, store: await world.open(), clock: world.clock }).restore(ACCOUNT);
      const after = __shim.sessions.fromPartition(loginPartition(ACCOUNT)).cookies.snapshot();
      const shape = (cookies: Electron.Cookie[]) => cookies.map(({ name, value, domain, hostOnly, path: p, secure: s, httpOnly }) => ({ name, value, domain, hostOnly, path: p, secure: s, httpOnly })).sort((a, b) => a.name.localeCompare(b.name));
      expect(shape(after)).toEqual(shape(before));
      expect(after.find((cookie) => cookie.name === '__Secure-OSID')).toMatchObject({ domain: 'flow.google.com', hostOnly: true });
      expect(after.find((cookie) => cookie.name === 'SID')).toMatchObject({ domain: '.google.com', hostOnly: false });
    });

    it('captures rotated cookies (debounced) and, without a keychain, keeps the jar in memory only', async () => {
      const partitions = new ElectronPartitionCookies(session);
      const jar = session.fromPartition(loginPartition(ACCOUNT)).cookies;
      await jar.set({ url: 'https://accounts.google.com/', name: 'SID', value: 'first-sid-1234567890', domain: '.google.com', secure: true, expirationDate: YEAR_S });
      const vault = await world.open();
      const jars = new PartitionCookieJar({ partitions, store: vault, clock: world.clock, debounceMs: 1000 });
      await jars.track(ACCOUNT);
      await jar.set({ url: 'https://accounts.google.com/', name: 'SIDCC', value: 'rotated-sidcc-123456', domain: '.google.com', secure: true, expirationDate: YEAR_S });
      expect((await vault.loadJar(ACCOUNT))?.map((cookie) => cookie.name)).toEqual(['SID']);
      await world.clock.advance(1000);
      await jars.flush();
      expect((await vault.loadJar(ACCOUNT))?.map((cookie) => cookie.name).sort()).toEqual(['SID', 'SIDCC']);
      jars.dispose();

      __shim.safeStorage.setAvailable(false);
      const memoryOnly = await world.open();
      expect(memoryOnly.storageStatus().mode).toBe('memory-only');
      const other = '89abcdef0123456789abcdef';
      await session.fromPartition(loginPartition(other)).cookies.set({ url: 'https://accounts.google.com/', name: 'SID', value: 'memory-only-sid-1234', domain: '.google.com', secure: true, expirationDate: YEAR_S });
      await new PartitionCookieJar({ partitions, store: memoryOnly, clock: world.clock }).track(other);
      expect(await memoryOnly.loadJar(other)).toHaveLength(1);
      expectNowhereOnDisk(world.userData, ['memory-only-sid-1234']);
      expect(safeStorage.isEncryptionAvailable()).toBe(false);
    });
  });

  describe('end to end in Chromium against the emulator', () => {
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
      world = await AccountsWorld.start({ clock, surfaces, partitions: surfaces.partitionCookies });
    });
    afterEach(async () => {
      world.dispose();
      await surfaces.reset();
    });

    async function signIn(): Promise<AccountSummary> {
      const signingIn = world.manager.signIn();
      await completeGoogleSignIn((await surfaces.nextSurface()).page, DEFAULT_ACCOUNT);
      return signingIn;
    }

    async function partitionSecrets(accountId: string): Promise<string[]> {
      return (await surfaces.contextOf(accountId)!.cookies()).map((cookie) => cookie.value).filter((value) => value.length >= 8);
    }

    it('with a keychain: a restart with fresh partitions restores the Google cookies, and silent re-sign-in needs no form', async () => {
      const summary = await signIn();
      const secrets = await partitionSecrets(summary.id);
      expect((await surfaces.contextOf(summary.id)!.cookies('https://accounts.google.com')).map((c) => c.name)).toContain('SID');
      const jar = await world.vault.loadJar(summary.id);
      expect(jar?.map((cookie) => cookie.name)).toEqual(expect.arrayContaining(['SID', '__Secure-next-auth.session-token']));
      expectNowhereOnDisk(world.userData, secrets);

      // The app quits: in-memory partitions are gone. It starts again.
      await surfaces.dropPartitions();
      await world.restart();
      expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: summary });
      expect((await surfaces.contextOf(summary.id)!.cookies('https://accounts.google.com')).map((c) => c.name)).toContain('SID');

      env.emu.control.forceRefreshNeeded(DEFAULT_ACCOUNT.email);
      env.emu.resetLog();
      expect(await world.sessions.refresh()).toBe('signed-in');
      expect(surfaces.created.map(({ visible }) => visible)).toEqual([true, false]);
      const browserPaths = env.emu.requests.all().filter((entry) => entry.headers['user-agent']?.includes('Chrome')).map((entry) => entry.path);
      expect(browserPaths).toContain('/CheckCookie');
      expect(browserPaths).not.toContain('/v3/signin/identifier');

      // The rotated labs.google session reaches the vault's jar after the debounce.
      const freshLabs = (await surfaces.contextOf(summary.id)!.cookies('https://labs.google')).find((c) => c.name === '__Secure-next-auth.session-token')!.value;
      await clock.advance(1_000);
      await world.jars!.flush();
      expect((await world.vault.loadJar(summary.id))?.find((c) => c.name === '__Secure-next-auth.session-token')?.value).toBe(freshLabs);
    });

    it('without a keychain: nothing of the session reaches disk, and a restart starts signed out', async () => {
      __shim.safeStorage.setAvailable(false);
      await world.restart();
      expect(world.vault.storageStatus()).toMatchObject({ mode: 'memory-only', reason: 'encryption-unavailable' });
      const summary = await signIn();
      expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: summary });
      expect(await world.vault.loadJar(summary.id)).not.toBeNull();
      const secrets = [...(await partitionSecrets(summary.id)), await world.sessions.getToken()];
      expect(secrets.length).toBeGreaterThanOrEqual(4);
      expectNowhereOnDisk(world.userData, secrets);

      await surfaces.dropPartitions();
      await world.restart();
      expect(world.manager.snapshot().state).toBe('signed-out');
      expectNowhereOnDisk(world.userData, secrets);
    });
  });
});
