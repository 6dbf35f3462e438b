/**
 * The vault's data key, all of its handling in one place: a random 256-bit key (never derived from
 * anything about the app), stored only wrapped by the OS keychain. Unlocking also honours the keychain's
 * `shouldReEncrypt` by re-wrapping the same key, so the sealed records stay valid and the change is one
 * document write. Records sealed with the key: sealed-record.ts.
 *
 * A wrapped key is trusted only when the current keychain backend could have written it (issue 15, row 2):
 * - its format tag (the first three bytes: Chromium's `v10`, `v11`, …) must be the one this keychain writes
 *   now, learnt by wrapping a probe — so a `v10` blob under Linux's public "peanuts" key, which anyone can
 *   make, is refused while a real keyring is selected;
 * - the wrapped text names the backend (`…/data-key/v2/<backend>:<key>`), so a key wrapped for another
 *   backend is refused too. Keys wrapped before this (`…/v1:`) are accepted once the format matches and
 *   re-wrapped in the new form.
 */
import { CipherDecryptError, CipherUnavailableError, type SecretCipher } from './secret-cipher.ts';
import { VAULT_FORMAT, type VaultDocument } from './vault-document.ts';

export const DATA_KEY_BYTES = 32;
// The keychain wraps "<label><base64 key>": the label tells our key apart from any other secret it returns.
const LEGACY_WRAPPED_KEY_LABEL = 'imagefx-desktop/session-vault/data-key/v1:';
const FORMAT_TAG_BYTES = 3;
const PROBE = 'imagefx-desktop/session-vault/format-probe';

/** The label binding a wrapped key to the keychain backend that wrapped it (`none` off Linux). */
export function wrappedKeyLabel(backend: string | null): string {
  return `imagefx-desktop/session-vault/data-key/v2/${backend ?? 'none'}:`;
}

/** Wraps the data key with the keychain for `backend`; returns base64 for the vault document. */
export async function wrapDataKey(cipher: SecretCipher, dataKey: Uint8Array, backend: string | null): Promise<string> {
  const wrapped = await cipher.encrypt(wrappedKeyLabel(backend) + Buffer.from(dataKey).toString('base64'));
  return Buffer.from(wrapped).toString('base64');
}

/** The wrapped key was not written by the keychain backend in use: wrong format, or bound to another backend. */
export class ForeignWrappedKeyError extends Error {
  readonly code = 'VAULT_FOREIGN_KEY';
}

/**
 * Unwraps the data key. Rejects with the cipher's errors, with {@link CipherDecryptError} when the keychain
 * returns something that is not our key, and with {@link ForeignWrappedKeyError} when the key is bound to
 * another backend.
 */
export async function unwrapDataKey(
  cipher: SecretCipher,
  wrappedKey: string,
  backend: string | null,
): Promise<{ readonly dataKey: Buffer; readonly shouldReEncrypt: boolean }> {
  const { plaintext, shouldReEncrypt } = await cipher.decrypt(Buffer.from(wrappedKey, 'base64'));
  const label = [wrappedKeyLabel(backend), LEGACY_WRAPPED_KEY_LABEL].find((candidate) => plaintext.startsWith(candidate));
  if (!label) {
    if (plaintext.startsWith('imagefx-desktop/session-vault/data-key/v2/')) throw new ForeignWrappedKeyError('The vault key is bound to another secret store.');
    throw new CipherDecryptError('The keychain returned something that is not the vault key.');
  }
  const dataKey = Buffer.from(plaintext.slice(label.length), 'base64');
  if (dataKey.length !== DATA_KEY_BYTES) throw new CipherDecryptError('The keychain returned something that is not the vault key.');
  // A key in the old form is re-wrapped (bound to the backend) as if the keychain had asked for it.
  return { dataKey, shouldReEncrypt: shouldReEncrypt || label === LEGACY_WRAPPED_KEY_LABEL };
}

/** The format tag of what this keychain writes now (one probe encryption). Rejects with the cipher's errors. */
async function currentFormatTag(cipher: SecretCipher): Promise<Buffer> {
  return Buffer.from(await cipher.encrypt(PROBE)).subarray(0, FORMAT_TAG_BYTES);
}

export type UnlockResult =
  /** `rewrapped`: the document with a fresh wrapping to save, when the keychain asked for one. */
  | { readonly status: 'unlocked'; readonly dataKey: Buffer; readonly rewrapped: VaultDocument | null }
  /** The keychain is not answering now; the stored key may be fine. */
  | { readonly status: 'unavailable'; readonly error: CipherUnavailableError }
  /** The keychain answered, and the wrapped key does not open (keychain reset, tampering). */
  | { readonly status: 'unreadable' }
  /** The wrapped key is not one this keychain backend writes (a planted `v10`, another backend's key). */
  | { readonly status: 'foreign' };

export async function unlockDataKey(cipher: SecretCipher, document: VaultDocument, backend: string | null): Promise<UnlockResult> {
  let unwrapped: Awaited<ReturnType<typeof unwrapDataKey>>;
  try {
    const tag = await currentFormatTag(cipher);
    if (!Buffer.from(document.wrappedKey, 'base64').subarray(0, FORMAT_TAG_BYTES).equals(tag)) return { status: 'foreign' };
    unwrapped = await unwrapDataKey(cipher, document.wrappedKey, backend);
  } catch (error) {
    if (error instanceof CipherUnavailableError) return { status: 'unavailable', error };
    return error instanceof ForeignWrappedKeyError ? { status: 'foreign' } : { status: 'unreadable' };
  }
  if (!unwrapped.shouldReEncrypt) return { status: 'unlocked', dataKey: unwrapped.dataKey, rewrapped: null };
  try {
    const wrappedKey = await wrapDataKey(cipher, unwrapped.dataKey, backend);
    return { status: 'unlocked', dataKey: unwrapped.dataKey, rewrapped: { ...document, wrappedKey } };
  } catch (error) {
    if (!(error instanceof CipherUnavailableError)) throw error;
    // The old wrapping still opens; the re-wrap is tried again at the next start.
    return { status: 'unlocked', dataKey: unwrapped.dataKey, rewrapped: null };
  }
}

/** A new data key and an empty document holding it wrapped. Rejects with CipherUnavailableError. */
export async function createDataKey(
  cipher: SecretCipher,
  randomBytes: (size: number) => Uint8Array,
  backend: string | null,
): Promise<{ readonly dataKey: Buffer; readonly document: VaultDocument }> {
  const dataKey = Buffer.from(randomBytes(DATA_KEY_BYTES));
  const wrappedKey = await wrapDataKey(cipher, dataKey, backend);
  return { dataKey, document: { format: VAULT_FORMAT, backend, wrappedKey, entries: {} } };
}
