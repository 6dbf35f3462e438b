/**
 * The OS keychain as a port: it wraps and unwraps one small secret (the vault's data key). Bulk data never
 * goes through it, so a slow keychain prompt costs one call per start, and the rest is local AES.
 *
 * The Electron implementation is `SafeStorageCipher` (src/app/electron); tests use `TestCipher`
 * (tests/support). Both pass the same contract suite (tests/auth/vault/secret-cipher.contract.test.ts).
 */

/** Whether the keychain can encrypt right now, and why not when it cannot (a secret-free sentence). */
export type CipherAvailability = { readonly available: true } | { readonly available: false; readonly reason: string };

/** What `decrypt` yields. `shouldReEncrypt`: the keychain rotated its key; encrypt the plaintext again and save it. */
export interface DecryptedSecret {
  readonly plaintext: string;
  readonly shouldReEncrypt: boolean;
}

/** Linux's fallback "backend" whose key is a well-known password: encryption in name only. */
export const WEAK_STORAGE_BACKEND = 'basic_text';

export interface SecretCipher {
  /** Asks the keychain whether it can encrypt now (this may initialise it, hence async). */
  availability(): Promise<CipherAvailability>;
  /**
   * The Linux secret-store backend (`gnome_libsecret`, `kwallet5`, `basic_text`, …), `unknown` before the app
   * is ready, or `null` on platforms with a single keychain (macOS, Windows).
   */
  storageBackend(): string | null;
  /**
   * Lets the {@link WEAK_STORAGE_BACKEND} encrypt, with its well-known key. Call only after the user has
   * explicitly chosen weaker storage; without it such a backend reports itself unavailable.
   */
  allowWeakBackend(): void;
  /** Rejects with {@link CipherUnavailableError} when the keychain cannot encrypt. */
  encrypt(plaintext: string): Promise<Uint8Array>;
  /**
   * Rejects with {@link CipherUnavailableError} when the keychain is (perhaps only for now) unavailable —
   * the ciphertext may still be good — and with {@link CipherDecryptError} when the keychain is there but
   * the ciphertext does not open under its key (key reset, tampering, foreign data).
   */
  decrypt(ciphertext: Uint8Array): Promise<DecryptedSecret>;
}

/** The keychain cannot be used now (locked, missing, not ready). Data encrypted earlier is not lost. */
export class CipherUnavailableError extends Error {
  readonly code = 'CIPHER_UNAVAILABLE';

  constructor(message = 'The OS keychain is not available.', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CipherUnavailableError';
  }
}

/** The keychain is available but this ciphertext will not open under its key. */
export class CipherDecryptError extends Error {
  readonly code = 'CIPHER_DECRYPT_FAILED';

  constructor(message = 'The OS keychain could not decrypt the data.', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CipherDecryptError';
  }
}
