/**
 * Sealed entries, the second half of the vault's envelope encryption (the data key is in vault-key.ts):
 * each value — an account's session record, or its cookie jar — is sealed with the data key using
 * AES-256-GCM, a fresh 96-bit IV per write, and additional authenticated data naming the format version,
 * the kind of entry, the entry's generation and the account — so an entry cannot be replayed under another
 * account id, read as another kind of secret, or passed off as newer than it is (the generation is also in
 * the clear, `n`, for the rollback check).
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import type { SessionCookie, SessionRecord } from '../session/index.ts';
import { isCookieList, isSessionRecord, VAULT_FORMAT, type SealedEntry } from './vault-document.ts';
import { VaultEntryUnreadableError } from './vault-errors.ts';

export const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a sealed entry holds, how it is checked once opened, and where the document keeps it. */
export interface SealedKind<T> {
  /** Part of the additional data: a record cannot be opened as a jar, nor the other way round. */
  readonly purpose: string;
  /** The vault document's map for this kind. */
  readonly field: 'entries' | 'jars';
  /** The rollback high-water mark's key for an account (see VaultSettings.generation). */
  readonly generationSlot: (accountId: string) => string;
  readonly isValid: (value: unknown) => value is T;
}

/** The account's session record (labs.google cookies, token, profile). */
export const SESSION_RECORD: SealedKind<SessionRecord> = {
  purpose: 'session-record',
  field: 'entries',
  generationSlot: (accountId) => accountId,
  isValid: isSessionRecord,
};

/** The account's cookie jar for the Google hosts its sign-in partition needs (see auth/login). */
export const COOKIE_JAR: SealedKind<readonly SessionCookie[]> = {
  purpose: 'cookie-jar',
  field: 'jars',
  generationSlot: (accountId) => `jar:${accountId}`,
  isValid: isCookieList,
};

/**
 * The AAD for one sealed entry. The account id goes last (ids have no `/`), so no two (version, purpose,
 * generation, id) tuples share bytes; entries from before generations existed have none.
 */
export function sealedAad(version: number, purpose: string, accountId: string, generation?: number): Buffer {
  const sealedGeneration = generation === undefined ? '' : `n${generation}/`;
  return Buffer.from(`imagefx-desktop/session-vault/v${version}/${purpose}/${sealedGeneration}${accountId}`, 'utf8');
}

/**
 * The data key as the record functions take it: the raw bytes, or (what the vault holds) a secret
 * `KeyObject`, which node:crypto uses without re-validating a buffer on every call (about 3× faster per record).
 */
export type DataKey = Uint8Array | KeyObject;

/** Seals `value` for `accountId` as its `generation`-th write. `iv` must be {@link IV_BYTES} fresh random bytes. */
export function sealValue<T>(kind: SealedKind<T>, dataKey: DataKey, accountId: string, value: T, iv: Uint8Array, generation: number): SealedEntry {
  if (iv.length !== IV_BYTES) throw new RangeError(`The IV must be ${IV_BYTES} bytes.`);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(sealedAad(VAULT_FORMAT, kind.purpose, accountId, generation));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: VAULT_FORMAT, n: generation, iv: Buffer.from(iv).toString('base64'), data: body.toString('base64') };
}

/** Opens a sealed entry; throws {@link VaultEntryUnreadableError} for anything that does not verify. */
export function openSealedValue<T>(kind: SealedKind<T>, dataKey: DataKey, accountId: string, entry: SealedEntry): T {
  if (entry.v !== VAULT_FORMAT) throw new VaultEntryUnreadableError('unknown-version');
  const iv = Buffer.from(entry.iv, 'base64');
  const body = Buffer.from(entry.data, 'base64');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new VaultEntryUnreadableError('malformed');
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(sealedAad(entry.v, kind.purpose, accountId, entry.n));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new VaultEntryUnreadableError('authentication-failed', { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    throw new VaultEntryUnreadableError('malformed');
  }
  if (!kind.isValid(value)) throw new VaultEntryUnreadableError('malformed');
  return value;
}
