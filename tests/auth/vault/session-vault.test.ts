/**
 * The vault through the ports the app uses: SafeStorageCipher over the shim's safeStorage, real
 * electron-store files in the shim's userData. Storage policy: encrypted, memory-only, opt-in, backend change.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SecretCipher } from '../../../src/auth/vault/secret-cipher.ts';
import { SessionVault } from '../../../src/auth/vault/session-vault.ts';
import { VaultBackendChangedError } from '../../../src/auth/vault/vault-errors.ts';
import { __shim } from '../../support/electron-shim.ts';
import { MemoryKeyValueStore } from '../../support/memory-key-value-store.ts';
import { TestCipher } from '../../support/test-cipher.ts';
import { containsSecret, sampleRecord, SECRETS, VaultWorld } from '../../support/vault-test-fixture.ts';

let world: VaultWorld;

beforeEach(() => {
  world = new VaultWorld();
});

describe('SessionVault: encrypted storage', () => {
  it('round-trips a session across a restart; the vault file holds no cookie, token or email and is mode 0600', async () => {
    const record = sampleRecord();
    const vault = await world.open();
    expect(vault.storageStatus()).toEqual({ mode: 'encrypted', backend: 'gnome_libsecret' });
    await vault.save('acct-1', record);

    const reopened = await world.open();
    expect(await reopened.load('acct-1')).toEqual({ status: 'ok', record });
    expect(reopened.listAccountIds()).toEqual(['acct-1']);

    const raw = readFileSync(world.vaultFile);
    expect(containsSecret(raw)).toBeNull();
    expect(raw.includes(Buffer.from('ada.lovelace'))).toBe(false);
    expect(world.readVaultDocument()).toMatchObject({ format: 1, backend: 'gnome_libsecret' });
    expect(statSync(world.vaultFile).mode & 0o777).toBe(0o600);
    expect(statSync(world.settingsFile).mode & 0o777).toBe(0o600);
    expect(world.quarantinedFiles()).toEqual([]);
  });

  it('keeps display profiles in plain settings, readable without the keychain; never a secret there', async () => {
    const vault = await world.open();
    await vault.save('acct-1', sampleRecord());
    const settingsText = readFileSync(world.settingsFile, 'utf8');
    expect(settingsText).toContain(SECRETS.email);
    expect([SECRETS.sessionCookie, SECRETS.csrfCookie, SECRETS.accessToken].some((s) => settingsText.includes(s))).toBe(false);

    __shim.safeStorage.setAvailable(false);
    const locked = await world.open();
    expect(locked.accountProfiles()).toEqual({ 'acct-1': sampleRecord().account });
  });

  it('seals each write with a fresh IV', async () => {
    const vault = await world.open();
    await vault.save('acct-1', sampleRecord());
    const first = world.readVaultDocument().entries['acct-1']!;
    await vault.save('acct-1', sampleRecord());
    const second = world.readVaultDocument().entries['acct-1']!;
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
  });

  it('removes an account from the file and the settings', async () => {
    const vault = await world.open();
    await vault.save('acct-1', sampleRecord());
    await vault.save('acct-2', sampleRecord({ accessToken: 'ya29.second' }));
    await vault.remove('acct-1');
    expect(vault.listAccountIds()).toEqual(['acct-2']);
    expect(await vault.load('acct-1')).toEqual({ status: 'empty' });
    const reopened = await world.open();
    expect(Object.keys(reopened.accountProfiles())).toEqual(['acct-2']);
    expect((await reopened.load('acct-2')).status).toBe('ok');
  });

  it('concurrent first saves share one data key (operations run one at a time)', async () => {
    // A keychain whose first answer is slow: without serialisation the second save would create its own
    // key, and whichever write came last would drop the other account.
    const keychain = new TestCipher({ backend: 'gnome_libsecret' });
    let encrypts = 0;
    const slowFirstAnswer: SecretCipher = {
      availability: () => keychain.availability(),
      storageBackend: () => keychain.storageBackend(),
      allowWeakBackend: () => keychain.allowWeakBackend(),
      decrypt: (ciphertext) => keychain.decrypt(ciphertext),
      encrypt: async (plaintext) => {
        if ((encrypts += 1) === 1) await new Promise((resolve) => setTimeout(resolve, 20));
        return keychain.encrypt(plaintext);
      },
    };
    const store = new MemoryKeyValueStore();
    const settings = new MemoryKeyValueStore();
    const deps = { cipher: slowFirstAnswer, store, settings, quarantine: neverQuarantine, events: world.events };
    const vault = await SessionVault.open(deps);
    await Promise.all([vault.save('acct-1', sampleRecord()), vault.save('acct-2', sampleRecord({ accessToken: 'ya29.two' }))]);
    expect(encrypts).toBe(1); // one key wrapped for both
    const reopened = await SessionVault.open(deps);
    expect((await reopened.load('acct-1')).status).toBe('ok');
    expect((await reopened.load('acct-2')).status).toBe('ok');
  });

  it('re-wraps the data key when the keychain asks (shouldReEncrypt), once', async () => {
    await (await world.open()).save('acct-1', sampleRecord());
    const before = world.readVaultDocument();
    __shim.safeStorage.rotateKey({ keepPrevious: true });

    const vault = await world.open();
    const after = world.readVaultDocument();
    expect(after.wrappedKey).not.toBe(before.wrappedKey);
    expect(after.entries).toEqual(before.entries);
    expect(await vault.load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });

    await world.open();
    expect(world.readVaultDocument().wrappedKey).toBe(after.wrappedKey);
  });
});

describe('SessionVault: memory-only storage', () => {
  it('basic_text without opt-in writes nothing and says why; with opt-in the session is persisted', async () => {
    __shim.safeStorage.setBackend('basic_text');
    const vault = await world.open();
    expect(vault.storageStatus()).toMatchObject({ mode: 'memory-only', reason: 'weak-backend', backend: 'basic_text' });
    expect(vault.storageStatus()).toHaveProperty('detail', expect.stringContaining('basic_text'));

    await vault.save('acct-1', sampleRecord());
    expect(await vault.load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });
    expect(existsSync(world.vaultFile)).toBe(false);
    expect(existsSync(world.settingsFile)).toBe(false);

    await vault.optInToWeakerStorage();
    expect(vault.storageStatus()).toMatchObject({ mode: 'weak', reason: 'weak-backend', backend: 'basic_text' });
    expect(containsSecret(readFileSync(world.vaultFile))).toBeNull();
    expect(world.readVaultDocument().backend).toBe('basic_text');

    // The opt-in is remembered: a restart reads the vault again.
    const reopened = await world.open();
    expect(reopened.storageStatus().mode).toBe('weak');
    expect(await reopened.load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });
  });

  it('a keychain that is not answering keeps the session in memory and leaves the stored vault untouched', async () => {
    await (await world.open()).save('acct-1', sampleRecord());
    const before = world.readVaultFile();
    __shim.safeStorage.setAvailable(false);

    const vault = await world.open();
    expect(vault.storageStatus()).toMatchObject({ mode: 'memory-only', reason: 'encryption-unavailable' });
    expect(await vault.load('acct-1')).toEqual({ status: 'unreadable', reason: 'encryption-unavailable' });
    await vault.save('acct-2', sampleRecord({ accessToken: 'ya29.memory' }));
    expect((await vault.load('acct-2')).status).toBe('ok');
    await expect(vault.optInToWeakerStorage()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(world.readVaultFile()).toBe(before);
    expect(world.quarantinedFiles()).toEqual([]);
    expect(world.emitted).toEqual([]);

    __shim.safeStorage.setAvailable(true);
    expect(await (await world.open()).load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });
  });

  it('a changed Linux backend fails with VAULT_BACKEND_CHANGED naming the old backend and its flag; nothing is destroyed', async () => {
    await (await world.open()).save('acct-1', sampleRecord());
    const before = world.readVaultFile();
    __shim.safeStorage.setBackend('kwallet5');

    const vault = await world.open();
    expect(vault.storageStatus()).toMatchObject({ mode: 'memory-only', reason: 'backend-changed', backend: 'kwallet5' });
    const failure = await vault.load('acct-1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VaultBackendChangedError);
    expect(failure).toMatchObject({
      code: 'VAULT_BACKEND_CHANGED',
      previousBackend: 'gnome_libsecret',
      currentBackend: 'kwallet5',
      restoreFlag: '--password-store=gnome-libsecret',
    });
    expect((failure as Error).message).toContain('--password-store=gnome-libsecret');
    await expect(vault.save('acct-1', sampleRecord())).rejects.toMatchObject({ code: 'VAULT_BACKEND_CHANGED' });
    expect(world.readVaultFile()).toBe(before);

    __shim.safeStorage.setBackend('gnome_libsecret');
    expect(await (await world.open()).load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });
  });

  it('remove() still works after a backend change, without touching the rest of the vault', async () => {
    const vault = await world.open();
    await vault.save('acct-1', sampleRecord());
    await vault.save('acct-2', sampleRecord({ accessToken: 'ya29.second' }));
    const before = world.readVaultDocument();
    __shim.safeStorage.setBackend('kwallet5');
    await (await world.open()).remove('acct-1');
    const after = world.readVaultDocument();
    expect(after).toEqual({ ...before, entries: { 'acct-2': before.entries['acct-2'] } });
    __shim.safeStorage.setBackend('gnome_libsecret');
    expect((await (await world.open()).load('acct-2')).status).toBe('ok');
  });

  it('startOver() after a backend change quarantines the old vault and starts a new one', async () => {
    await (await world.open()).save('acct-1', sampleRecord());
    __shim.safeStorage.setBackend('kwallet5');
    const vault = await world.open();
    await vault.startOver();
    expect(vault.storageStatus()).toEqual({ mode: 'encrypted', backend: 'kwallet5' });
    expect(world.quarantinedFiles()).toHaveLength(1);
    expect(world.emitted).toContainEqual(expect.objectContaining({ type: 'vault.unreadable', reason: 'backend-changed' }));
    await vault.save('acct-1', sampleRecord());
    expect(await (await world.open()).load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });
  });

  it('falls back to memory when the keychain refuses to wrap a new key', async () => {
    const cipher = new TestCipher({ backend: 'gnome_libsecret' });
    const store = new MemoryKeyValueStore();
    const settings = new MemoryKeyValueStore();
    const vault = await SessionVault.open({ cipher, store, settings, quarantine: neverQuarantine, events: world.events });
    cipher.failNextCall('encrypt');
    await vault.save('acct-1', sampleRecord());
    expect(vault.storageStatus()).toMatchObject({ mode: 'memory-only', reason: 'encryption-unavailable' });
    expect(await vault.load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });
    expect(store.writes + settings.writes).toBe(0);
  });
});

const neverQuarantine = {
  keep(): string {
    throw new Error('nothing should be quarantined');
  },
  moveAside(): string | null {
    throw new Error('nothing should be quarantined');
  },
};
