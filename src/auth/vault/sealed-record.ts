/**
 * Sealed records, the second half of the vault's envelope encryption (the data key is in vault-key.ts):
 * each session record is sealed with the data key using AES-256-GCM, a fresh 96-bit IV per write, and
 * additional authenticated data naming the format version, the purpose, the entry's generation and the
 * account — so a record cannot be replayed under another account id, read as another kind of secret, or
 * passed off as newer than it is (the generation is also in the clear, `n`, for the rollback check).
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import type { SessionRecord } from '../session/index.ts';
import { isSessionRecord, VAULT_FORMAT, type SealedEntry } from './vault-document.ts';
import { VaultEntryUnreadableError } from './vault-errors.ts';

export const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The AAD for one sealed record. The account id goes last (ids have no `/`), so no two (version,
 * generation, id) triples share bytes; entries from before generations existed have none.
 */
export function recordAad(version: number, accountId: string, generation?: number): Buffer {
  const sealedGeneration = generation === undefined ? '' : `n${generation}/`;
  return Buffer.from(`imagefx-desktop/session-vault/v${version}/session-record/${sealedGeneration}${accountId}`, 'utf8');
}

/**
 * The data key as the record functions take it: the raw bytes, or (what the vault holds) a secret
 * `KeyObject`, which node:crypto uses without re-validating a buffer on every call (about 3× faster per record).
 */
export type DataKey = Uint8Array | KeyObject;

/**
 * Seals `record` for `accountId` as its `generation`-th write. `iv` must be {@link IV_BYTES} fresh random
 * bytes.
 */
export function sealRecord(dataKey: DataKey, accountId: string, record: SessionRecord, iv: Uint8Array, generation: number): SealedEntry {
  if (iv.length !== IV_BYTES) throw new RangeError(`The IV must be ${IV_BYTES} bytes.`);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(recordAad(VAULT_FORMAT, accountId, generation));
  const body = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: VAULT_FORMAT, n: generation, iv: Buffer.from(iv).toString('base64'), data: body.toString('base64') };
}

/** Opens a sealed record; throws {@link VaultEntryUnreadableError} for anything that does not verify. */
export function openSealedRecord(dataKey: DataKey, accountId: string, entry: SealedEntry): SessionRecord {
  if (entry.v !== VAULT_FORMAT) throw new VaultEntryUnreadableError('unknown-version');
  const iv = Buffer.from(entry.iv, 'base64');
  const body = Buffer.from(entry.data, 'base64');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new VaultEntryUnreadableError('malformed');
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(recordAad(entry.v, accountId, entry.n));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new VaultEntryUnreadableError('authentication-failed', { cause: error });
  }
  let record: unknown;
  try {
    record = JSON.parse(plaintext);
  } catch {
    throw new VaultEntryUnreadableError('malformed');
  }
  if (!isSessionRecord(record)) throw new VaultEntryUnreadableError('malformed');
  return record;
}
