/**
 * Row 4 of issue 15: a planted legacy `secure-session.json`, even plain JSON, was migrated, sealed, made
 * active and shown under a made-up profile without asking labs.google, so the victim then generated in the
 * attacker's account. Now the migration accepts only the old recipe's encrypted (crypto-js) form, asks
 * labs.google (the real SessionClient, against the emulator) before trusting it, takes the profile from
 * labs.google's answer, and quarantines and reports (`vault.legacy_rejected`) anything else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import CryptoJS from 'crypto-js';
import ElectronStore from 'electron-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { LEGACY_SESSION_KEY, LEGACY_STORE_NAME, legacyPassphrases, migrateLegacySession, type LegacyMigrationResult } from '../../src/auth/vault/legacy-session-migration.ts';
import { SessionClient } from '../../src/auth/session/session-client.ts';
import type { SessionRecord } from '../../src/auth/session/session-record.ts';
import { openElectronKeyValueStore } from '../../src/app/electron/electron-store-adapter.ts';
import { FileQuarantine } from '../../src/core/file-quarantine.ts';
import { app } from '../support/electron-shim.ts';
import { DEFAULT_ACCOUNT, type IssuedSession } from '../support/emulator/index.ts';
import { withEmulator } from '../support/network.ts';
import { VaultWorld } from '../support/vault-test-fixture.ts';

const ACCOUNT = '0123456789abcdef01234567';
const env = withEmulator();
let world: VaultWorld;

beforeEach(() => {
  world = new VaultWorld();
});

/** The old recipe, verbatim: AES via crypto-js under SHA-256(name + version + userData). */
function encryptedLegacy(session: unknown): string {
  const passphrase = CryptoJS.SHA256(app.getName() + app.getVersion() + app.getPath('userData')).toString();
  return CryptoJS.AES.encrypt(JSON.stringify(session), passphrase).toString();
}

function plant(value: unknown): void {
  new ElectronStore({ name: LEGACY_STORE_NAME }).set(LEGACY_SESSION_KEY, value);
}

/** A legacy session shape around `issued`, with a profile the attacker made up. */
function oldSession(issued: Pick<IssuedSession, 'cookieHeader' | 'accessToken'>): unknown {
  return { cookies: issued.cookieHeader, token: issued.accessToken, user: { name: 'Your Bank', email: 'victim@example.com', image: 'https://evil.test/a.png' } };
}

async function migrate(): Promise<LegacyMigrationResult> {
  const quarantine = new FileQuarantine({ directory: world.quarantineDir, clock: world.clock });
  return migrateLegacySession({
    legacyStore: openElectronKeyValueStore({ name: LEGACY_STORE_NAME, cwd: world.userData, quarantine }),
    vault: await world.open(),
    events: world.events,
    clock: world.clock,
    passphrases: legacyPassphrases({ appName: app.getName(), appVersions: [app.getVersion()], userDataPath: app.getPath('userData') }),
    client: new SessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock: world.clock }),
    quarantine,
    accountIdFor: () => ACCOUNT,
  });
}

function legacyValue(): unknown {
  return (JSON.parse(readFileSync(path.join(world.userData, `${LEGACY_STORE_NAME}.json`), 'utf8')) as Record<string, unknown>)[LEGACY_SESSION_KEY];
}

describe('row 4: the legacy migration trusts only an encrypted session labs.google confirms', () => {
  it('quarantines and reports a plain-JSON session, even a live one; nothing is migrated', async () => {
    plant(oldSession(env.emu.control.createSession()));
    const result = await migrate();
    expect(result).toMatchObject({ status: 'rejected', reason: 'not-encrypted' });
    expect(world.emitted).toEqual([{ type: 'vault.legacy_rejected', reason: 'not-encrypted', quarantinedTo: expect.stringContaining('vault-quarantine') }]);
    expect(readdirSync(world.quarantineDir)).toHaveLength(1);
    expect((await world.open()).listAccountIds()).toEqual([]);
    expect(legacyValue()).toBeUndefined();
    expect(env.emu.requests.count({ path: '/fx/api/auth/session' })).toBe(0);
  });

  it('quarantines an encrypted session labs.google does not confirm (made up, or signed out)', async () => {
    plant(encryptedLegacy(oldSession({ cookieHeader: '__Secure-next-auth.session-token=forged-by-the-attacker', accessToken: 'ya29.forged' })));
    expect(await migrate()).toMatchObject({ status: 'rejected', reason: 'rejected-by-labs' });
    expect(env.emu.requests.count({ path: '/fx/api/auth/session' })).toBe(1);
    expect((await world.open()).listAccountIds()).toEqual([]);
    expect(world.emitted.map((event) => event.type)).toEqual(['vault.legacy_rejected']);
  });

  it('migrates an encrypted live session under the profile and token labs.google reports', async () => {
    const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    plant(encryptedLegacy(oldSession({ cookieHeader: issued.cookieHeader, accessToken: 'ya29.stale-token-from-the-file' })));
    expect(await migrate()).toEqual({ status: 'migrated', accountId: ACCOUNT });
    const loaded = (await (await world.open()).load(ACCOUNT)) as { status: 'ok'; record: SessionRecord };
    expect(loaded.record.account.email).toBe(DEFAULT_ACCOUNT.email);
    expect(loaded.record.account.name).not.toBe('Your Bank');
    expect(loaded.record.accessToken).not.toBe('ya29.stale-token-from-the-file');
  });

  it('keeps the encrypted entry for the next start while labs.google cannot be asked', async () => {
    const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    const ciphertext = encryptedLegacy(oldSession(issued));
    plant(ciphertext);
    env.emu.control.queueFault({ kind: 'drop-connection' }, { on: 'session' });
    expect(await migrate()).toMatchObject({ status: 'deferred' });
    expect(legacyValue()).toBe(ciphertext);
    expect((await world.open()).listAccountIds()).toEqual([]);
  });
});
