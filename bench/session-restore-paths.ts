/**
 * One session restore per design, as a function, shared by the in-process measurement and the cold
 * (fresh child process) one. Each builds its store objects anew, as a restarted app does.
 *
 * - vault: open the `session-vault` and `account-settings` stores, `SessionVault.open` (parse, keychain
 *   availability, unwrap the data key — once per process), `load` (AES-256-GCM + JSON + shape check);
 * - crypto-js: open the `secure-session` store, derive the passphrase (SHA-256 of name + version +
 *   userData), `CryptoJS.AES.decrypt` (EVP_BytesToKey/MD5 key derivation + AES-CBC in JavaScript), JSON.parse.
 */
import path from 'node:path';
import Conf from 'conf';
import CryptoJS from 'crypto-js';
import { AuthEventStream } from '../src/auth/session/auth-events.ts';
import { LEGACY_SESSION_KEY, LEGACY_STORE_NAME } from '../src/auth/vault/legacy-session-migration.ts';
import type { SecretCipher } from '../src/auth/vault/secret-cipher.ts';
import type { SessionRecord } from '../src/auth/session/session-record.ts';
import { SessionVault } from '../src/auth/vault/session-vault.ts';
import { systemClock } from '../src/core/clock.ts';
import { FileQuarantine } from '../src/core/file-quarantine.ts';
import { BENCH_ACCOUNT_ID, legacySessionOf, openBenchStore } from './session-fixtures.ts';

const APP_NAME = 'imagefx-desktop';
const APP_VERSION = '0.1.0';

export type SessionRestorer = () => Promise<void>;

/** Opens the vault under `userData` with fresh store objects. */
export function openVaultAt(userData: string, cipher: SecretCipher): Promise<SessionVault> {
  const quarantine = new FileQuarantine({ directory: path.join(userData, 'vault-quarantine'), clock: systemClock });
  return SessionVault.open({
    cipher,
    store: openBenchStore(userData, 'session-vault', quarantine),
    settings: openBenchStore(userData, 'account-settings', quarantine),
    quarantine,
    events: new AuthEventStream(),
  });
}

export function vaultRestorer(userData: string, cipher: SecretCipher, expectedToken: string): SessionRestorer {
  return async () => {
    const loaded = await (await openVaultAt(userData, cipher)).load(BENCH_ACCOUNT_ID);
    if (loaded.status !== 'ok' || loaded.record.accessToken !== expectedToken) throw new Error(`vault restore failed: ${loaded.status}`);
  };
}

function openLegacyStore(userData: string): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({ cwd: userData, configName: LEGACY_STORE_NAME, projectVersion: APP_VERSION });
}

/** The old recipe's passphrase: `CryptoJS.SHA256(app.getName() + app.getVersion() + userData)`. */
function legacyPassphrase(userData: string): string {
  return CryptoJS.SHA256(APP_NAME + APP_VERSION + userData).toString();
}

/** Passphrase + decrypt + parse of what the old recipe stored. */
export function decryptLegacy(userData: string, ciphertext: unknown): { token?: unknown } {
  const json = CryptoJS.AES.decrypt(String(ciphertext), legacyPassphrase(userData)).toString(CryptoJS.enc.Utf8);
  return JSON.parse(json) as { token?: unknown };
}

export function cryptoJsRestorer(userData: string, expectedToken: string): SessionRestorer {
  return async () => {
    const session = decryptLegacy(userData, openLegacyStore(userData).get(LEGACY_SESSION_KEY));
    if (session.token !== expectedToken) throw new Error('crypto-js restore failed');
  };
}

/** Writes both designs' stored session for `record` under `userData`. */
export async function writeBothDesigns(userData: string, cipher: SecretCipher, record: SessionRecord): Promise<void> {
  await (await openVaultAt(userData, cipher)).save(BENCH_ACCOUNT_ID, record);
  const ciphertext = CryptoJS.AES.encrypt(JSON.stringify(legacySessionOf(record)), legacyPassphrase(userData)).toString();
  openLegacyStore(userData).set(LEGACY_SESSION_KEY, ciphertext);
}

/** The legacy store's stored ciphertext (for the decrypt-only measurement). */
export function readLegacyCiphertext(userData: string): unknown {
  return openLegacyStore(userData).get(LEGACY_SESSION_KEY);
}
