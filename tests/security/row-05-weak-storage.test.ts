/**
 * Row 5 of issue 15: the renderer alone could opt in to Linux `basic_text` storage (no main-process
 * confirmation), after which storage was reported as "encrypted". Now `settings:opt-in-weaker-storage`
 * asks the user in a main-process dialog over the main window (nothing changes unless they accept), and
 * the weak backend is reported as `mode: 'weak'` with a sentence, never as encrypted.
 * Through the IPC registry with the real handlers, settings service, vault and Electron dialog adapter.
 */
import { dialog, safeStorage } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { storageSummary } from '../../src/auth/accounts/account-registry.ts';
import { AuthEventStream } from '../../src/auth/session/auth-events.ts';
import { SessionVault } from '../../src/auth/vault/session-vault.ts';
import { AppSettingsService } from '../../src/app/composition/app-settings.ts';
import { SafeStorageCipher } from '../../src/app/electron/safe-storage-cipher.ts';
import { createElectronDialogs } from '../../src/app/electron/main-process-dialogs.ts';
import { LoginSettings } from '../../src/auth/login/login-settings.ts';
import type { AuthSnapshot } from '../../src/shared/auth-schemas.ts';
import { __shim } from '../support/electron-shim.ts';
import { createIpcHarness, type IpcHarness } from '../support/ipc-harness.ts';
import { MemoryKeyValueStore } from '../support/memory-key-value-store.ts';
import { sampleRecord } from '../support/vault-test-fixture.ts';

let harness: IpcHarness;
let vault: SessionVault;
let vaultStore: MemoryKeyValueStore;

beforeEach(async () => {
  let parent: IpcHarness['window'] | null = null;
  harness = await createIpcHarness({
    services: () => {
      const settings = new MemoryKeyValueStore();
      const accounts = {
        snapshot: (): AuthSnapshot => ({ state: 'signed-in', reason: null, activeAccount: null, accounts: [], storage: storageSummary(vault.storageStatus()) }),
        optInToWeakerStorage: () => vault.optInToWeakerStorage(),
      };
      return {
        settings: new AppSettingsService({ login: new LoginSettings(settings), accounts }),
        dialogs: createElectronDialogs({ dialog, parent: () => parent }),
      };
    },
  });
  parent = harness.window;
  __shim.safeStorage.setBackend('basic_text'); // Linux without a keyring
  vaultStore = new MemoryKeyValueStore();
  vault = await SessionVault.open({
    cipher: new SafeStorageCipher({ safeStorage, platform: 'linux' }),
    store: vaultStore,
    settings: new MemoryKeyValueStore(),
    quarantine: { keep: () => 'kept', moveAside: () => null },
    events: new AuthEventStream(),
  });
  await vault.save('0123456789abcdef01234567', sampleRecord());
});

describe('row 5: weaker storage needs the user’s yes in a main-process dialog, and is reported as weak', () => {
  it('asks over the main window; "no" (or closing the dialog) changes nothing', async () => {
    expect(vault.storageStatus()).toMatchObject({ mode: 'memory-only', reason: 'weak-backend' });
    const reply = await harness.invoke('settings:opt-in-weaker-storage');
    expect(reply).toMatchObject({ ok: true, value: { storage: { mode: 'memory-only', reason: 'weak-backend' } } });
    const asked = __shim.dialog.calls.filter((call) => call.method === 'showMessageBox');
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(asked[0]!.options)).toMatch(/weaker|well-known|basic_text/i);
    expect(vault.storageStatus().mode).toBe('memory-only');
    expect(vaultStore.writes).toBe(0);
  });

  it('"yes" stores the session under basic_text, and every report says weak, not encrypted', async () => {
    __shim.dialog.respondWith('showMessageBox', { response: 1, checkboxChecked: false });
    const reply = await harness.invoke('settings:opt-in-weaker-storage');
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.storage).toMatchObject({ mode: 'weak', reason: 'weak-backend', detail: expect.stringMatching(/basic_text|well-known/) });
    expect(vault.storageStatus()).toMatchObject({ mode: 'weak', backend: 'basic_text' });
    expect(vaultStore.writes).toBeGreaterThan(0);
    // settings:get, and the auth snapshot (composeSnapshot uses the same storageSummary).
    const settings = await harness.invoke('settings:get');
    expect(settings).toMatchObject({ ok: true, value: { storage: { mode: 'weak' } } });
    expect(storageSummary(vault.storageStatus())).toMatchObject({ mode: 'weak', reason: 'weak-backend' });
  });
});
