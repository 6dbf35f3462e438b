/**
 * Sessions written by the old recipe — encrypted here by crypto-js itself, stored by electron-store itself —
 * are moved into the vault once labs.google confirms them (here a stub answers for labs.google; the real
 * client against the emulator is in tests/security/row-04-legacy-migration.test.ts); anything else is
 * quarantined with `vault.legacy_rejected`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import CryptoJS from 'crypto-js';
import { app } from '../../support/electron-shim.ts';
import ElectronStore from 'electron-store';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  LEGACY_SESSION_KEY,
  LEGACY_STORE_NAME,
  legacyPassphrases,
  migrateLegacySession,
  type LegacyMigrationResult,
} from '../../../src/auth/vault/legacy-session-migration.ts';
import { legacySessionToRecord } from '../../../src/auth/vault/legacy-session-shape.ts';
import type { SessionRecord } from '../../../src/auth/session/session-record.ts';
import type { SessionVault } from '../../../src/auth/vault/session-vault.ts';
import { openElectronKeyValueStore } from '../../../src/app/electron/electron-store-adapter.ts';
import { FileQuarantine } from '../../../src/core/file-quarantine.ts';
import type { SessionOutcome } from '../../../src/auth/session/session-client.ts';
import { __shim } from '../../support/electron-shim.ts';
import { containsSecret, SECRETS, VaultWorld } from '../../support/vault-test-fixture.ts';

let world: VaultWorld;
let legacyFile: string;

beforeEach(() => {
  world = new VaultWorld();
  legacyFile = path.join(world.userData, `${LEGACY_STORE_NAME}.json`);
});

/** The old recipe, verbatim: passphrase = SHA-256 hex of name + version + userData; AES via crypto-js. */
function writeLegacySession(session: unknown, version = app.getVersion()): void {
  const passphrase = CryptoJS.SHA256(app.getName() + version + app.getPath('userData')).toString();
  const ciphertext = CryptoJS.AES.encrypt(JSON.stringify(session), passphrase).toString();
  new ElectronStore({ name: LEGACY_STORE_NAME }).set(LEGACY_SESSION_KEY, ciphertext);
}

const accountIdFor = (record: SessionRecord): string => `acct-${record.account.email.split('@')[0]}`;

/** What "labs.google" answers for the legacy session's cookies (set per test). */
let labsAnswer: SessionOutcome;
const ADA_PROFILE = { email: SECRETS.email, name: 'Ada Lovelace', avatarUrl: 'https://lh3.googleusercontent.com/a/ada' };

async function migrate(vault?: SessionVault, versions = [app.getVersion()]): Promise<LegacyMigrationResult> {
  const quarantine = new FileQuarantine({ directory: world.quarantineDir, clock: world.clock });
  return migrateLegacySession({
    legacyStore: openElectronKeyValueStore({ name: LEGACY_STORE_NAME, cwd: world.userData, quarantine }),
    vault: vault ?? (await world.open()),
    events: world.events,
    clock: world.clock,
    passphrases: legacyPassphrases({ appName: app.getName(), appVersions: versions, userDataPath: app.getPath('userData') }),
    client: { fetchSession: async () => labsAnswer },
    quarantine,
    accountIdFor,
  });
}

beforeEach(() => {
  labsAnswer = { class: 'ok', account: ADA_PROFILE, accessToken: SECRETS.accessToken, expiresAt: Date.parse('2026-03-01T10:30:00.000Z'), setCookies: [] };
});

const OLD_SESSION = {
  cookies: `__Secure-next-auth.session-token=${SECRETS.sessionCookie}; __Host-next-auth.csrf-token=${SECRETS.csrfCookie}`,
  token: SECRETS.accessToken,
  expires: '2026-03-01T10:30:00.000Z',
  user: { name: 'Ada Lovelace', email: SECRETS.email, image: 'https://lh3.googleusercontent.com/a/ada' },
};

describe('legacy session migration', () => {
  it('derives the same passphrase as the old recipe (CryptoJS.SHA256 of the plain concatenation)', () => {
    const inputs = { appName: 'imagefx-desktop', appVersions: ['0.1.0'], userDataPath: '/home/ada/.config/imagefx-desktop' };
    expect(legacyPassphrases(inputs)).toEqual([CryptoJS.SHA256('imagefx-desktop0.1.0/home/ada/.config/imagefx-desktop').toString()]);
  });

  it('migrates a crypto-js session into the vault, deletes the legacy entry, emits vault.migrated', async () => {
    writeLegacySession(OLD_SESSION);
    expect(readFileSync(legacyFile, 'utf8')).toContain('U2FsdGVkX1'); // OpenSSL "Salted__" header, base64

    expect(await migrate()).toEqual({ status: 'migrated', accountId: 'acct-ada.lovelace' });
    expect(world.emitted).toEqual([{ type: 'vault.migrated', accountId: 'acct-ada.lovelace', from: 'legacy-cryptojs' }]);
    expect(JSON.parse(readFileSync(legacyFile, 'utf8'))).toEqual({});

    const loaded = await (await world.open()).load('acct-ada.lovelace');
    expect(loaded.status).toBe('ok');
    const record = (loaded as { record: SessionRecord }).record;
    expect(record.account).toEqual(ADA_PROFILE);
    expect(record.cookies.map((c) => [c.name, c.value, c.domain, c.path, c.secure])).toEqual([
      ['__Secure-next-auth.session-token', SECRETS.sessionCookie, 'labs.google', '/', true],
      ['__Host-next-auth.csrf-token', SECRETS.csrfCookie, 'labs.google', '/', true],
    ]);
    expect(record.accessToken).toBe(SECRETS.accessToken);
    expect(record.accessTokenExpiresAt).toBe(Date.parse('2026-03-01T10:30:00.000Z'));
    expect(record.createdAt).toBe(world.clock.now());
    expect(containsSecret(readFileSync(world.vaultFile))).toBeNull();

    // Nothing left to do on the next start.
    expect(await migrate()).toEqual({ status: 'none' });
  });

  it('reads data written by an earlier app version when that version is listed', async () => {
    writeLegacySession(OLD_SESSION, '0.0.7');
    expect(await migrate(undefined, [app.getVersion(), '0.0.8', '0.0.7'])).toMatchObject({ status: 'migrated' });
  });

  it('accepts cookies as an array of Electron cookies or "name=value" strings', async () => {
    labsAnswer = { class: 'ok', account: { email: 'grace@example.com', name: 'Grace', avatarUrl: '' }, accessToken: 'ya29.from-labs', expiresAt: 1_780_000_000_000, setCookies: [] };
    writeLegacySession({
      cookies: [
        { name: '__Secure-next-auth.session-token.0', value: 'chunk-0', domain: '.labs.google', path: '/', secure: true, httpOnly: true, sameSite: 'no_restriction', expirationDate: 1_780_000_000 },
        '__Secure-next-auth.session-token.1=chunk-1',
      ],
      access_token: 'ya29.array-shape',
      user: { email: 'grace@example.com' },
    });
    expect(await migrate()).toEqual({ status: 'migrated', accountId: 'acct-grace' });
    const loaded = (await (await world.open()).load('acct-grace')) as { record: SessionRecord };
    expect(loaded.record.cookies).toEqual([
      { name: '__Secure-next-auth.session-token.0', value: 'chunk-0', domain: 'labs.google', path: '/', secure: true, httpOnly: true, sameSite: 'none', expiresAt: 1_780_000_000_000 },
      { name: '__Secure-next-auth.session-token.1', value: 'chunk-1', domain: 'labs.google', path: '/', secure: true, httpOnly: true, sameSite: 'lax', expiresAt: null },
    ]);
    // The token is labs.google's, not the file's.
    expect(loaded.record.accessToken).toBe('ya29.from-labs');
    expect(loaded.record.accessTokenExpiresAt).toBe(1_780_000_000_000);
  });

  it.each([
    ['garbage that is not crypto-js output', 'definitely-not-ciphertext', 'undecryptable'],
    ['crypto-js output under another passphrase', CryptoJS.AES.encrypt(JSON.stringify(OLD_SESSION), 'some other key').toString(), 'undecryptable'],
    ['a number', 42, 'not-encrypted'],
    ['a plain JSON session', OLD_SESSION, 'not-encrypted'],
  ])('sets aside %s with vault.legacy_rejected', async (_name, value, reason) => {
    new ElectronStore({ name: LEGACY_STORE_NAME }).set(LEGACY_SESSION_KEY, value);
    expect(await migrate()).toEqual({ status: 'rejected', reason, quarantinedTo: expect.stringContaining('vault-quarantine') });
    expect(world.emitted).toEqual([{ type: 'vault.legacy_rejected', reason, quarantinedTo: expect.any(String) }]);
    expect(JSON.parse(readFileSync(legacyFile, 'utf8'))).toEqual({});
    expect(world.quarantinedFiles()).toHaveLength(1);
    expect(existsSync(world.vaultFile)).toBe(false);
  });

  it('sets aside a decryptable payload that is not a session', async () => {
    writeLegacySession({ hello: 'world' });
    expect(await migrate()).toMatchObject({ status: 'rejected', reason: 'malformed' });
  });

  it('sets aside a session labs.google does not confirm', async () => {
    labsAnswer = { class: 'revoked', detail: 'signed out' };
    writeLegacySession(OLD_SESSION);
    expect(await migrate()).toMatchObject({ status: 'rejected', reason: 'rejected-by-labs' });
    expect(existsSync(world.vaultFile)).toBe(false);
  });

  it('moves a legacy file that is not JSON to quarantine, as found', async () => {
    writeFileSync(legacyFile, '{"sessionData": "U2FsdGVkX1');
    expect(await migrate()).toEqual({ status: 'rejected', reason: 'store-corrupt', quarantinedTo: expect.stringContaining('vault-quarantine') });
    expect(world.emitted).toEqual([{ type: 'vault.legacy_rejected', reason: 'store-corrupt', quarantinedTo: expect.any(String) }]);
    expect(existsSync(legacyFile)).toBe(false);
    expect(world.quarantinedFiles()).toHaveLength(1);
  });

  it('does nothing without legacy data', async () => {
    expect(await migrate()).toEqual({ status: 'none' });
    expect(world.emitted).toEqual([]);
  });

  it('never overwrites a session the vault already has for the account (a run killed mid-migration)', async () => {
    const vault = await world.open();
    writeLegacySession(OLD_SESSION);
    await migrate(vault);
    const current = (await vault.load('acct-ada.lovelace')) as { record: SessionRecord };
    await vault.save('acct-ada.lovelace', { ...current.record, accessToken: 'ya29.newer' });
    writeLegacySession(OLD_SESSION);
    expect(await migrate(vault)).toMatchObject({ status: 'migrated' });
    expect(((await vault.load('acct-ada.lovelace')) as { record: SessionRecord }).record.accessToken).toBe('ya29.newer');
  });

  it('keeps the legacy entry when the vault refuses the save (changed backend), for the next start', async () => {
    await (await world.open()).save('someone-else', legacySessionToRecord(OLD_SESSION, 0)!);
    __shim.safeStorage.setBackend('kwallet5');
    writeLegacySession(OLD_SESSION);
    await expect(migrate()).rejects.toMatchObject({ code: 'VAULT_BACKEND_CHANGED' });
    expect(readFileSync(legacyFile, 'utf8')).toContain('U2FsdGVkX1');
  });
});

