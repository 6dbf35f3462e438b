/**
 * A session vault wired as the composition root wires it — SafeStorageCipher over the shim's safeStorage,
 * electron-store files in the shim's `app.getPath('userData')`, file quarantine — plus a recorder of the
 * events it emits. Each `open()` builds fresh store objects, as a restart of the app would.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { app, safeStorage } from 'electron';
import { AuthEventStream, type AuthEvent } from '../../src/auth/session/auth-events.ts';
import type { SecretCipher } from '../../src/auth/vault/secret-cipher.ts';
import type { SessionRecord } from '../../src/auth/session/session-record.ts';
import { SessionVault } from '../../src/auth/vault/session-vault.ts';
import { openElectronKeyValueStore } from '../../src/app/electron/electron-store-adapter.ts';
import { FileQuarantine } from '../../src/core/file-quarantine.ts';
import { SafeStorageCipher } from '../../src/app/electron/safe-storage-cipher.ts';
import { __shim } from './electron-shim.ts';
import { FakeClock } from './fake-clock.ts';

export const VAULT_STORE_NAME = 'session-vault';
export const SETTINGS_STORE_NAME = 'account-settings';

export class VaultWorld {
  readonly clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 30));
  readonly events = new AuthEventStream();
  readonly emitted: AuthEvent[] = [];
  readonly userData: string;
  readonly quarantineDir: string;
  readonly vaultFile: string;
  readonly settingsFile: string;

  /** Resets the shim, makes the app ready, and uses its `userData` folder. */
  constructor() {
    __shim.reset();
    __shim.makeReady();
    this.userData = app.getPath('userData');
    this.quarantineDir = path.join(this.userData, 'vault-quarantine');
    this.vaultFile = path.join(this.userData, `${VAULT_STORE_NAME}.json`);
    this.settingsFile = path.join(this.userData, `${SETTINGS_STORE_NAME}.json`);
    this.events.onDidEmit((event) => this.emitted.push(event));
  }

  /** Opens the vault the way main.ts does (fresh store objects each time, as after a restart). */
  open(cipher: SecretCipher = new SafeStorageCipher({ safeStorage, platform: 'linux' })): Promise<SessionVault> {
    const quarantine = new FileQuarantine({ directory: this.quarantineDir, clock: this.clock });
    const store = openElectronKeyValueStore({ name: VAULT_STORE_NAME, cwd: this.userData, quarantine });
    const settings = openElectronKeyValueStore({ name: SETTINGS_STORE_NAME, cwd: this.userData, quarantine });
    return SessionVault.open({ cipher, store, settings, quarantine, events: this.events });
  }

  quarantinedFiles(): string[] {
    return existsSync(this.quarantineDir) ? readdirSync(this.quarantineDir).sort() : [];
  }

  readVaultFile(): string {
    return readFileSync(this.vaultFile, 'utf8');
  }

  /** The parsed vault document, for tests that tamper with it. */
  readVaultDocument(): { format: number; backend: string | null; wrappedKey: string; entries: Record<string, { v: number; n?: number; iv: string; data: string }> } {
    return (JSON.parse(this.readVaultFile()) as { vault: ReturnType<VaultWorld['readVaultDocument']> }).vault;
  }
}

/** Distinctive secrets, so a test can grep files and logs for them. */
export const SECRETS = {
  sessionCookie: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.SESSION-COOKIE-VALUE-8c1f',
  csrfCookie: 'CSRF-COOKIE-VALUE-77aa%7Cb3c4',
  accessToken: 'ya29.ACCESS-TOKEN-VALUE-a0AfB_byC',
  email: 'ada.lovelace@example.com',
} as const;

export function sampleRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    account: { email: SECRETS.email, name: 'Ada Lovelace', avatarUrl: 'https://lh3.googleusercontent.com/a/ada' },
    cookies: [
      {
        name: '__Secure-next-auth.session-token',
        value: SECRETS.sessionCookie,
        domain: 'labs.google',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        expiresAt: Date.UTC(2026, 3, 1),
      },
      {
        name: '__Host-next-auth.csrf-token',
        value: SECRETS.csrfCookie,
        domain: 'labs.google',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        expiresAt: null,
      },
    ],
    accessToken: SECRETS.accessToken,
    accessTokenExpiresAt: Date.UTC(2026, 2, 1, 10, 30),
    createdAt: Date.UTC(2026, 2, 1, 9, 0),
    lastRefreshedAt: Date.UTC(2026, 2, 1, 9, 30),
    ...overrides,
  };
}

/** True when `text` contains any of the secret values (or the email). */
export function containsSecret(text: string | Buffer): string | null {
  const haystack = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (const [name, value] of Object.entries(SECRETS)) if (haystack.includes(Buffer.from(value))) return name;
  return null;
}
