/**
 * One-time migration from the old recipe, which kept the session in electron-store `secure-session`, key
 * `sessionData`, as `CryptoJS.AES.encrypt(JSON.stringify(session), passphrase).toString()` (OpenSSL
 * "Salted__" format, base64) with
 *
 *     passphrase = SHA-256 hex of (appName + appVersion + userDataPath)   // plain concatenation, no separator
 *
 * i.e. `app.getName() + app.getVersion() + app.getPath('userData')`. Because the version that wrote it is
 * part of the passphrase, the caller passes every app version that may have written it. crypto-js is used
 * here and nowhere else.
 *
 * That key is derivable by anyone, and so is the file's content: a planted file must not become a session.
 * So only the recipe's encrypted form is read (never plain JSON), and the session it holds is trusted only
 * after labs.google confirms it; the profile and token then come from labs.google, never from the file.
 * Anything else is quarantined (kept as found, 0600) and reported as `vault.legacy_rejected`; when
 * labs.google cannot be asked (offline) the entry stays for the next start (issue 15, row 4).
 */
import { createHash } from 'node:crypto';
import CryptoJS from 'crypto-js';
import type { Clock, KeyValueStore, Quarantine } from '../../core/index.ts';
import { mergeCookies, type AuthEventStream, type SessionClient, type SessionRecord } from '../session/index.ts';
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
  /** The legacy electron-store (an unparseable file is set aside on open: reported through `quarantinedOnOpen`). */
  readonly legacyStore: KeyValueStore;
  readonly vault: Pick<SessionVault, 'save' | 'listAccountIds'>;
  readonly events: AuthEventStream;
  readonly clock: Clock;
  readonly passphrases: readonly string[];
  /** Asks labs.google whether the legacy session is one. */
  readonly client: Pick<SessionClient, 'fetchSession'>;
  /** Where rejected legacy data is kept (the vault's quarantine). */
  readonly quarantine: Quarantine;
  /** The id the account is stored under: the same rule sign-in uses. */
  readonly accountIdFor: (record: SessionRecord) => string;
}

/** Why legacy data was not migrated. */
export type LegacyRejection = 'store-corrupt' | 'not-encrypted' | 'undecryptable' | 'malformed' | 'rejected-by-labs';

export type LegacyMigrationResult =
  | { readonly status: 'none' }
  | { readonly status: 'migrated'; readonly accountId: string }
  | { readonly status: 'rejected'; readonly reason: LegacyRejection; readonly quarantinedTo: string | null }
  /** labs.google could not be asked (offline, 5xx): the legacy entry stays for the next start. */
  | { readonly status: 'deferred'; readonly detail: string };

/**
 * Moves a legacy session into the vault once labs.google confirms it. If the vault refuses the save (e.g. a
 * changed backend), the legacy entry is kept for the next start and the error propagates.
 */
export async function migrateLegacySession(deps: LegacyMigrationDeps): Promise<LegacyMigrationResult> {
  const { legacyStore } = deps;
  if (legacyStore.quarantinedOnOpen) return report(deps, 'store-corrupt', legacyStore.quarantinedOnOpen);
  const stored: unknown = legacyStore.get(LEGACY_SESSION_KEY);
  if (stored === undefined) return { status: 'none' };
  const decoded = decodeLegacySession(stored, deps.passphrases, deps.clock.now());
  if ('reason' in decoded) return reject(deps, stored, decoded.reason);
  const outcome = await deps.client.fetchSession(decoded.record.cookies);
  if (outcome.class === 'transient') return { status: 'deferred', detail: outcome.detail };
  if (outcome.class !== 'ok') return reject(deps, stored, 'rejected-by-labs');
  // Who the account is, and its token, are what labs.google says now — never what the file claims.
  const record: SessionRecord = {
    ...decoded.record,
    account: outcome.account,
    cookies: mergeCookies(decoded.record.cookies, outcome.setCookies),
    accessToken: outcome.accessToken,
    accessTokenExpiresAt: outcome.expiresAt,
  };
  const accountId = deps.accountIdFor(record);
  // A run killed after the save but before the delete must not overwrite a newer session on the next start.
  if (!deps.vault.listAccountIds().includes(accountId)) await deps.vault.save(accountId, record);
  legacyStore.delete(LEGACY_SESSION_KEY);
  deps.events.emit({ type: 'vault.migrated', accountId, from: 'legacy-cryptojs' });
  return { status: 'migrated', accountId };
}

type Decoded = { readonly record: SessionRecord } | { readonly reason: 'not-encrypted' | 'undecryptable' | 'malformed' };

function decodeLegacySession(stored: unknown, passphrases: readonly string[], now: number): Decoded {
  // Only the old recipe's output: plain JSON (or anything but a string) is what a planted file looks like.
  if (typeof stored !== 'string') return { reason: 'not-encrypted' };
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

/** Sets the legacy value aside (as found) and reports it. */
function reject(deps: LegacyMigrationDeps, stored: unknown, reason: LegacyRejection): LegacyMigrationResult {
  const quarantinedTo = deps.quarantine.keep('legacy-session', JSON.stringify({ [LEGACY_SESSION_KEY]: stored }));
  deps.legacyStore.delete(LEGACY_SESSION_KEY);
  return report(deps, reason, quarantinedTo);
}

function report(deps: LegacyMigrationDeps, reason: LegacyRejection, quarantinedTo: string | null): LegacyMigrationResult {
  deps.events.emit({ type: 'vault.legacy_rejected', reason, quarantinedTo });
  return { status: 'rejected', reason, quarantinedTo };
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
