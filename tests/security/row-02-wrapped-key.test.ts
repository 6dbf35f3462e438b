/**
 * Row 2 of issue 15: a planted `v10` wrapped key (Chromium's public "peanuts" key on Linux) was accepted
 * even with a real keyring, so every later sign-in was sealed under a key the attacker knows. Now the
 * vault accepts only the wrapped-key format the current keychain backend writes, and the backend is bound
 * into the wrapped key; anything else is VAULT_BACKEND_CHANGED, nothing is sealed under the planted key,
 * and the user can start over from the UI (`auth:start-over`, confirmed in a main-process dialog).
 */
import { randomBytes } from 'node:crypto';
import { dialog, safeStorage } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createElectronDialogs } from '../../src/app/electron/main-process-dialogs.ts';
import { AccountsWorld } from '../support/accounts-world.ts';
import { ScriptedLoginSurfaceProvider } from '../support/accounts-scripted-surface.ts';
import { __shim } from '../support/electron-shim.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { createIpcHarness, type IpcHarness } from '../support/ipc-harness.ts';
import { withEmulator } from '../support/network.ts';
import { sampleRecord } from '../support/vault-test-fixture.ts';

const ACCOUNT = '0123456789abcdef01234567';
const ATTACKER_KEY = randomBytes(32);

const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 30));
withEmulator({ clock });
let world: AccountsWorld;

beforeEach(async () => {
  world = await AccountsWorld.start({ clock, surfaces: new ScriptedLoginSurfaceProvider() });
});
afterEach(() => world.dispose());

const vaultFile = (): string => path.join(world.userData, 'session-vault.json');

/** Wraps the attacker's key as Chromium's basic_text ("peanuts", `v10`) backend would: anyone can. */
async function peanutsWrap(label: string): Promise<string> {
  __shim.safeStorage.setBackend('basic_text');
  __shim.safeStorage.setUsePlainTextEncryption(true);
  const blob = await safeStorage.encryptStringAsync(label + ATTACKER_KEY.toString('base64'));
  __shim.safeStorage.setUsePlainTextEncryption(false);
  __shim.safeStorage.setBackend('gnome_libsecret');
  expect(blob.subarray(0, 3).toString('latin1')).toBe('v10');
  return blob.toString('base64');
}

async function plant(wrappedKey: string, backend = 'gnome_libsecret'): Promise<void> {
  writeFileSync(vaultFile(), JSON.stringify({ vault: { format: 1, backend, wrappedKey, entries: {} } }));
  await world.restart();
}

async function expectRefused(): Promise<void> {
  const planted = readFileSync(vaultFile(), 'utf8');
  expect(world.vault.storageStatus()).toMatchObject({ mode: 'memory-only', reason: 'backend-changed' });
  await expect(world.vault.save(ACCOUNT, sampleRecord())).rejects.toMatchObject({ code: 'VAULT_BACKEND_CHANGED' });
  await expect(world.vault.load(ACCOUNT)).rejects.toMatchObject({ code: 'VAULT_BACKEND_CHANGED' });
  // Nothing sealed under the planted key: the file is exactly as planted.
  expect(readFileSync(vaultFile(), 'utf8')).toBe(planted);
}

describe('row 2: the wrapped key must be the current keychain backend’s', () => {
  it('refuses a planted v10 (peanuts) wrapped key while a real keyring is selected, under either label', async () => {
    await plant(await peanutsWrap('imagefx-desktop/session-vault/data-key/v1:'));
    await expectRefused();
    await plant(await peanutsWrap('imagefx-desktop/session-vault/data-key/v2/gnome_libsecret:'));
    await expectRefused();
  });

  it('refuses a keyring-wrapped key that names another backend (the backend is bound into the wrapped key)', async () => {
    const blob = await safeStorage.encryptStringAsync(`imagefx-desktop/session-vault/data-key/v2/kwallet5:${ATTACKER_KEY.toString('base64')}`);
    await plant(blob.toString('base64'));
    await expectRefused();
  });

  it('writes and reopens its own wrapped key, in the keyring’s format, naming the backend', async () => {
    await world.vault.save(ACCOUNT, sampleRecord());
    const document = (JSON.parse(readFileSync(vaultFile(), 'utf8')) as { vault: { wrappedKey: string; backend: string } }).vault;
    expect(Buffer.from(document.wrappedKey, 'base64').subarray(0, 3).toString('latin1')).toBe('v11');
    expect(document.backend).toBe('gnome_libsecret');
    const { result } = await safeStorage.decryptStringAsync(Buffer.from(document.wrappedKey, 'base64'));
    expect(result.startsWith('imagefx-desktop/session-vault/data-key/v2/gnome_libsecret:')).toBe(true);
    await world.restart();
    expect(world.vault.storageStatus()).toMatchObject({ mode: 'encrypted' });
    expect(await world.vault.load(ACCOUNT)).toEqual({ status: 'ok', record: sampleRecord() });
  });

  describe('starting over from the UI', () => {
    let harness: IpcHarness;
    beforeEach(async () => {
      await plant(await peanutsWrap('imagefx-desktop/session-vault/data-key/v1:'));
      let parent: IpcHarness['window'] | null = null;
      harness = await createIpcHarness({
        resetShim: false,
        services: () => ({ accounts: world.manager, dialogs: createElectronDialogs({ dialog, parent: () => parent }) }),
      });
      parent = harness.window;
    });
    afterEach(() => harness.registry.dispose());

    it('tells the user, and auth:start-over (after a yes in the main-process dialog) starts a new vault', async () => {
      const before = await harness.invoke('auth:snapshot');
      expect(before).toMatchObject({ ok: true, value: { storage: { mode: 'memory-only', reason: 'backend-changed', detail: expect.any(String) } } });

      // "No" (the default, or closing the dialog) changes nothing.
      expect(await harness.invoke('auth:start-over')).toMatchObject({ ok: true, value: { storage: { reason: 'backend-changed' } } });
      expect(__shim.dialog.calls.filter((call) => call.method === 'showMessageBox')).toHaveLength(1);
      await expect(world.vault.save(ACCOUNT, sampleRecord())).rejects.toMatchObject({ code: 'VAULT_BACKEND_CHANGED' });

      __shim.dialog.respondWith('showMessageBox', { response: 1, checkboxChecked: false });
      const after = await harness.invoke('auth:start-over');
      expect(after).toMatchObject({ ok: true, value: { state: 'signed-out', storage: { mode: 'encrypted' } } });
      await world.vault.save(ACCOUNT, sampleRecord());
      const wrapped = Buffer.from((JSON.parse(readFileSync(vaultFile(), 'utf8')) as { vault: { wrappedKey: string } }).vault.wrappedKey, 'base64');
      expect(wrapped.subarray(0, 3).toString('latin1')).toBe('v11');
      const { result } = await safeStorage.decryptStringAsync(wrapped);
      expect(result).not.toContain(ATTACKER_KEY.toString('base64'));
      expect(world.emittedEvents).toContainEqual(expect.objectContaining({ type: 'vault.unreadable', reason: 'backend-changed' }));
    });
  });
});
