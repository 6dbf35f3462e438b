/**
 * The vault's data key, all of its handling in one place: a random 256-bit key (never derived from
 * anything about the app), stored only wrapped by the OS keychain. Unlocking also honours the keychain's
 * `shouldReEncrypt` by re-wrapping the same key, so the sealed records stay valid and the change is one
 * document write. Records sealed with the key: sealed-record.ts.
 */
import { CipherDecryptError, CipherUnavailableError, type SecretCipher } from './secret-cipher.ts';
import { VAULT_FORMAT, type VaultDocument } from './vault-document.ts';

export const DATA_KEY_BYTES = 32;
// The keychain wraps "<label><base64 key>": the label tells our key apart from any other secret it returns.
const WRAPPED_KEY_LABEL = 'imagefx-desktop/session-vault/data-key/v1:';

/** Wraps the data key with the keychain; returns base64 for the vault document. */
export async function wrapDataKey(cipher: SecretCipher, dataKey: Uint8Array): Promise<string> {
  const wrapped = await cipher.encrypt(WRAPPED_KEY_LABEL + Buffer.from(dataKey).toString('base64'));
  return Buffer.from(wrapped).toString('base64');
}

/**
 * Unwraps the data key. Rejects with the cipher's errors, and with {@link CipherDecryptError} when the
 * keychain returns something that is not our key.
 */
export async function unwrapDataKey(
  cipher: SecretCipher,
  wrappedKey: string,
): Promise<{ readonly dataKey: Buffer; readonly shouldReEncrypt: boolean }> {
  const { plaintext, shouldReEncrypt } = await cipher.decrypt(Buffer.from(wrappedKey, 'base64'));
  const dataKey = plaintext.startsWith(WRAPPED_KEY_LABEL) ? Buffer.from(plaintext.slice(WRAPPED_KEY_LABEL.length), 'base64') : null;
  if (!dataKey || dataKey.length !== DATA_KEY_BYTES) throw new CipherDecryptError('The keychain returned something that is not the vault key.');
  return { dataKey, shouldReEncrypt };
}


export type UnlockResult =
  /** `rewrapped`: the document with a fresh wrapping to save, when the keychain asked for one. */
  | { readonly status: 'unlocked'; readonly dataKey: Buffer; readonly rewrapped: VaultDocument | null }
  /** The keychain is not answering now; the stored key may be fine. */
  | { readonly status: 'unavailable'; readonly error: CipherUnavailableError }
  /** The keychain answered, and the wrapped key does not open (keychain reset, tampering). */
  | { readonly status: 'unreadable' };

export async function unlockDataKey(cipher: SecretCipher, document: VaultDocument): Promise<UnlockResult> {
  let unwrapped: Awaited<ReturnType<typeof unwrapDataKey>>;
  try {
    unwrapped = await unwrapDataKey(cipher, document.wrappedKey);
  } catch (error) {
    return error instanceof CipherUnavailableError ? { status: 'unavailable', error } : { status: 'unreadable' };
  }
  if (!unwrapped.shouldReEncrypt) return { status: 'unlocked', dataKey: unwrapped.dataKey, rewrapped: null };
  try {
    const wrappedKey = await wrapDataKey(cipher, unwrapped.dataKey);
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
  const wrappedKey = await wrapDataKey(cipher, dataKey);
  return { dataKey, document: { format: VAULT_FORMAT, backend, wrappedKey, entries: {} } };
}
