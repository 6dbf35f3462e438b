/**
 * The vault's data key: a random 256-bit key (never derived from anything about the app), stored only
 * wrapped by the OS keychain. Unlocking also honours the keychain's `shouldReEncrypt` by re-wrapping the
 * same key, so the sealed records stay valid and the change is one document write.
 */
import { CipherUnavailableError, type SecretCipher } from './secret-cipher.ts';
import { DATA_KEY_BYTES, unwrapDataKey, wrapDataKey } from './vault-crypto.ts';
import { VAULT_FORMAT, type VaultDocument } from './vault-format.ts';

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
