/**
 * One-time migration from the old recipe, which kept the session in electron-store `secure-session`, key
 * `sessionData`, as `CryptoJS.AES.encrypt(JSON.stringify(session), passphrase).toString()` (OpenSSL
 * "Salted__" format, base64) with
 *
 *     passphrase = SHA-256 hex of (appName + appVersion + userDataPath)   // plain concatenation, no separator
 *
 * i.e. `app.getName() + app.getVersion() + app.getPath('userData')`. That key is derivable by anyone, so the
 * data is moved into the vault and the legacy entry deleted; data that cannot be read is deleted too
 * (`vault.legacy_discarded`), never kept. Because the version that wrote it is part of the passphrase, the
 * caller passes every app version that may have written it. crypto-js is used here and nowhere else.
 */
import { createHash } from 'node:crypto';
import CryptoJS from 'crypto-js';
import type { Clock, KeyValueStore } from '../../core/index.ts';
import type { AuthEventStream, SessionRecord } from '../session/index.ts';
import { legacySessionToRecord } from './legacy-session-shape.ts';
import type { SessionVault } from './session-vault.ts';

export const LEGACY_STORE_NAME = 'secure-session';
export const LEGACY_SESSION_KEY = 'sessionData';

/** What the old passphrase was made of. */
export interface LegacyPassphraseInputs {
  readonly appName: string;
  /** Versions that may have written the data (the current one and earlier releases). */
  readonly appVersions: readonly string[];
  readonly userDataPath: string;
}

/** The old recipe's passphrase for each candidate version (SHA-256 hex, as `CryptoJS.SHA256(…).toString()`). */
export function legacyPassphrases(inputs: LegacyPassphraseInputs): string[] {
  return [...new Set(inputs.appVersions)].map((version) =>
    createHash('sha256').update(inputs.appName + version + inputs.userDataPath, 'utf8').digest('hex'),
  );
}

export interface LegacyMigrationDeps {
  /**
   * The legacy electron-store, opened with a discarding quarantine (an unparseable legacy file is deleted,
   * and reported here through `quarantinedOnOpen`).
   */
  readonly legacyStore: KeyValueStore;
  readonly vault: Pick<SessionVault, 'save' | 'listAccountIds'>;
  readonly events: AuthEventStream;
  readonly clock: Clock;
  readonly passphrases: readonly string[];
  /** The id the account is stored under: the same rule sign-in uses. */
  readonly accountIdFor: (record: SessionRecord) => string;
}

export type LegacyMigrationResult =
  | { readonly status: 'none' }
  | { readonly status: 'migrated'; readonly accountId: string }
  | { readonly status: 'discarded'; readonly reason: string };

/**
 * Moves a legacy session into the vault. If the vault refuses the save (e.g. a changed backend), the
 * legacy entry is kept for the next start and the error propagates.
 */
export async function migrateLegacySession(deps: LegacyMigrationDeps): Promise<LegacyMigrationResult> {
  const { legacyStore, events } = deps;
  if (legacyStore.quarantinedOnOpen) {
    events.emit({ type: 'vault.legacy_discarded', reason: 'store-corrupt' });
    return { status: 'discarded', reason: 'store-corrupt' };
  }
  const stored: unknown = legacyStore.get(LEGACY_SESSION_KEY);
  if (stored === undefined) return { status: 'none' };
  const decoded = decodeLegacySession(stored, deps.passphrases, deps.clock.now());
  if ('reason' in decoded) {
    legacyStore.delete(LEGACY_SESSION_KEY);
    events.emit({ type: 'vault.legacy_discarded', reason: decoded.reason });
    return { status: 'discarded', reason: decoded.reason };
  }
  const accountId = deps.accountIdFor(decoded.record);
  // A run killed after the save but before the delete must not overwrite a newer session on the next start.
  if (!deps.vault.listAccountIds().includes(accountId)) await deps.vault.save(accountId, decoded.record);
  legacyStore.delete(LEGACY_SESSION_KEY);
  events.emit({ type: 'vault.migrated', accountId, from: 'legacy-cryptojs' });
  return { status: 'migrated', accountId };
}

type Decoded = { readonly record: SessionRecord } | { readonly reason: 'undecryptable' | 'malformed' };

function decodeLegacySession(stored: unknown, passphrases: readonly string[], now: number): Decoded {
  // Liberal: a plain object is a session some build stored unencrypted.
  if (typeof stored === 'object' && stored !== null) return asRecord(stored, now);
  if (typeof stored !== 'string') return { reason: 'malformed' };
  for (const passphrase of passphrases) {
    const json = decryptWith(stored, passphrase);
    if (json === null) continue;
    try {
      return asRecord(JSON.parse(json), now);
    } catch {
      // A wrong passphrase can still yield valid UTF-8; it is not JSON, so try the next one.
    }
  }
  return { reason: 'undecryptable' };
}

function decryptWith(ciphertext: string, passphrase: string): string | null {
  try {
    const plaintext = CryptoJS.AES.decrypt(ciphertext, passphrase).toString(CryptoJS.enc.Utf8);
    return plaintext === '' ? null : plaintext;
  } catch {
    // crypto-js throws "Malformed UTF-8 data" for most wrong passphrases.
    return null;
  }
}

function asRecord(value: unknown, now: number): Decoded {
  const record = legacySessionToRecord(value, now);
  return record ? { record } : { reason: 'malformed' };
}
