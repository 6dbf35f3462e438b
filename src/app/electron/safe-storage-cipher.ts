/**
 * {@link SecretCipher} over Electron's `safeStorage`, asynchronous API only (the sync one is deprecated in
 * Electron 45 and removed in 46; the async one supports key rotation via `shouldReEncrypt`).
 * Thin on purpose: the policy (what to do when unavailable, weak or rotated) lives in `SessionVault`.
 */
import type { SafeStorage } from 'electron';
import { CipherDecryptError, CipherUnavailableError, type CipherAvailability, type DecryptedSecret, type SecretCipher } from '../../auth/vault/index.ts';

/** The part of `safeStorage` this adapter uses. */
export type SafeStorageApi = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
  | 'setUsePlainTextEncryption'
>;

export interface SafeStorageCipherOptions {
  /** Electron's `safeStorage` (passed in by the composition root; tests pass the shim's). */
  readonly safeStorage: SafeStorageApi;
  /** `process.platform`; only Linux has a selectable backend. */
  readonly platform: NodeJS.Platform;
}

export class SafeStorageCipher implements SecretCipher {
  readonly #safeStorage: SafeStorageApi;
  readonly #isLinux: boolean;

  constructor(options: SafeStorageCipherOptions) {
    this.#safeStorage = options.safeStorage;
    this.#isLinux = options.platform === 'linux';
  }

  async availability(): Promise<CipherAvailability> {
    if (await this.#safeStorage.isAsyncEncryptionAvailable()) return { available: true };
    return { available: false, reason: this.#unavailableReason() };
  }

  storageBackend(): string | null {
    return this.#isLinux ? this.#safeStorage.getSelectedStorageBackend() : null;
  }

  allowWeakBackend(): void {
    // Electron only lets `basic_text` encrypt after this call (electron_api_safe_storage.cc, use_password_v10).
    if (this.#isLinux) this.#safeStorage.setUsePlainTextEncryption(true);
  }

  async encrypt(plaintext: string): Promise<Uint8Array> {
    if (!(await this.#safeStorage.isAsyncEncryptionAvailable())) throw new CipherUnavailableError(this.#unavailableReason());
    try {
      return new Uint8Array(await this.#safeStorage.encryptStringAsync(plaintext));
    } catch (error) {
      // Electron's messages name the operation only, never the plaintext, so keeping them as the cause is safe.
      throw new CipherUnavailableError('The OS keychain could not encrypt.', { cause: error });
    }
  }

  async decrypt(ciphertext: Uint8Array): Promise<DecryptedSecret> {
    try {
      const { result, shouldReEncrypt } = await this.#safeStorage.decryptStringAsync(Buffer.from(ciphertext));
      return { plaintext: result, shouldReEncrypt };
    } catch (error) {
      // Electron rejects both for "temporarily unavailable" and for a ciphertext its key cannot open. Only
      // the second may cost the user their stored session, so ask which one it was.
      const available = await this.#safeStorage.isAsyncEncryptionAvailable().catch(() => false);
      if (!available) throw new CipherUnavailableError(this.#unavailableReason(), { cause: error });
      throw new CipherDecryptError(undefined, { cause: error });
    }
  }

  #unavailableReason(): string {
    if (!this.#isLinux) return 'The OS keychain is not available.';
    const backend = this.#safeStorage.getSelectedStorageBackend();
    if (backend === 'unknown') return 'The OS keychain was asked before the app was ready.';
    if (backend === 'basic_text') return 'No OS keyring (gnome-keyring or KWallet) was found; only basic_text storage is possible.';
    return `The OS keyring (${backend}) is locked or not answering.`;
  }
}
