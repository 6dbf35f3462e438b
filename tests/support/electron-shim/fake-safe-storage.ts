/**
 * A `safeStorage` double that behaves as Electron 45 does (messages and order of checks follow
 * `shell/browser/api/electron_api_safe_storage.cc`): nothing works before `ready`; the sync and async APIs
 * share one key; ciphertext is real AES-256-GCM under a key only this double holds, prefixed `v11`
 * (keyring) or `v10` (Linux `basic_text`, a fixed well-known key), so blobs never contain their plaintext and
 * foreign or tampered blobs are refused. Each keyring backend keeps its own key, as each OS keyring stores
 * its own password: blobs written under `gnome_libsecret` do not open under `kwallet5`, and open again when
 * the backend is switched back.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type * as Electron from 'electron';

/** What `getSelectedStorageBackend()` can answer on Linux. */
export type StorageBackend = ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>;

type Operation = 'encrypt' | 'decrypt';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// Chromium's basic_text backend derives its key from the hard-coded password "peanuts": anyone can decrypt.
const BASIC_TEXT_KEY = createHash('sha256').update('peanuts').digest();
const NOT_READY = 'safeStorage cannot be used before app is ready';

/** The fake `safeStorage` plus its test controls. */
export class FakeSafeStorage implements Electron.SafeStorage {
  /** Every call, in order, by method name: lets a test prove the app never used the sync API, say. */
  readonly calls: string[] = [];
  #keys!: Map<string, { current: Buffer; previous: Buffer[] }>;
  #keyringAvailable!: boolean;
  #backend!: Exclude<StorageBackend, 'unknown'>;
  #usePlainText!: boolean;
  #reEncryptNext!: boolean;
  #failNext!: { operation: Operation | undefined; message: string | undefined } | undefined;
  readonly #isReady: () => boolean;

  constructor(isReady: () => boolean) {
    this.#isReady = isReady;
    this.reset();
  }

  /** A fresh key, keyring available, backend `gnome_libsecret`, no pending failures. */
  reset(): void {
    this.calls.length = 0;
    this.#keys = new Map();
    this.#keyringAvailable = true;
    this.#backend = 'gnome_libsecret';
    this.#usePlainText = false;
    this.#reEncryptNext = false;
    this.#failNext = undefined;
  }

  // ---- test controls -------------------------------------------------------------------------------------

  /** Makes the OS keyring (un)available, as when it is locked or missing. */
  setAvailable(available: boolean): void {
    this.#keyringAvailable = available;
  }

  /** Chooses the Linux backend. `basic_text` means no keyring: encryption needs `setUsePlainTextEncryption`. */
  setBackend(backend: Exclude<StorageBackend, 'unknown'>): void {
    this.#backend = backend;
  }

  /**
   * Replaces the current backend's keyring key. By default the old key is gone (a keychain reset: earlier
   * blobs then fail to decrypt); with `keepPrevious` it stays usable for decryption and such decrypts report
   * `shouldReEncrypt`.
   */
  rotateKey(options: { keepPrevious?: boolean } = {}): void {
    const keys = this.#keyring();
    keys.previous = options.keepPrevious ? [...keys.previous, keys.current] : [];
    keys.current = randomBytes(32);
  }

  /** The next successful `decryptStringAsync` reports `shouldReEncrypt: true`. */
  requestReEncryptOnNextDecrypt(): void {
    this.#reEncryptNext = true;
  }

  /** The next call (of `operation`, or any) fails with `message` (default: Electron's message for it). */
  failNextCall(operation?: Operation, message?: string): void {
    this.#failNext = { operation, message };
  }

  // ---- Electron's API ------------------------------------------------------------------------------------

  isEncryptionAvailable(): boolean {
    this.calls.push('isEncryptionAvailable');
    return this.#encryptionAvailable();
  }

  isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('isAsyncEncryptionAvailable');
    return Promise.resolve(this.#encryptionAvailable());
  }

  getSelectedStorageBackend(): StorageBackend {
    this.calls.push('getSelectedStorageBackend');
    return this.#isReady() ? this.#backend : 'unknown';
  }

  setUsePlainTextEncryption(usePlainText: boolean): void {
    this.calls.push('setUsePlainTextEncryption');
    this.#usePlainText = usePlainText;
  }

  encryptString(plainText: string): Buffer {
    this.calls.push('encryptString');
    if (!this.#encryptionAvailable()) {
      if (!this.#isReady()) throw new Error(NOT_READY);
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    }
    this.#consumeFailure('encrypt', 'Error while encrypting the text provided to safeStorage.encryptString.');
    return this.#seal(plainText);
  }

  decryptString(encrypted: Buffer): string {
    this.calls.push('decryptString');
    const prefix = 'Error while decrypting the ciphertext provided to safeStorage.decryptString.';
    if (!this.#encryptionAvailable()) {
      if (!this.#isReady()) throw new Error(NOT_READY);
      throw new Error(`${prefix} Decryption is not available.`);
    }
    if (!Buffer.isBuffer(encrypted)) throw new Error('Expected the first argument of decryptString() to be a buffer');
    if (encrypted.length === 0) return '';
    const version = encrypted.subarray(0, 3).toString('latin1');
    if (version !== 'v10' && version !== 'v11') throw new Error(`${prefix} Ciphertext does not appear to be encrypted.`);
    this.#consumeFailure('decrypt', prefix);
    const opened = this.#open(encrypted);
    if (!opened) throw new Error(prefix);
    return opened.plainText;
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.calls.push('encryptStringAsync');
    await Promise.resolve();
    if (!this.#isReady()) throw new Error(NOT_READY);
    const failure = 'Error while encrypting the text provided to safeStorage.encryptStringAsync.';
    if (!this.#encryptionAvailable()) throw new Error(failure);
    this.#consumeFailure('encrypt', failure);
    return this.#seal(plainText);
  }

  async decryptStringAsync(encrypted: Buffer): Promise<Electron.DecryptStringAsyncReturnValue> {
    this.calls.push('decryptStringAsync');
    await Promise.resolve();
    if (!this.#isReady()) throw new Error(NOT_READY);
    if (!Buffer.isBuffer(encrypted)) {
      throw new Error('Expected the first argument of decryptStringAsync() to be a buffer');
    }
    if (encrypted.length === 0) return { shouldReEncrypt: false, result: '' };
    if (!this.#encryptionAvailable()) {
      throw new Error('safeStorage.decryptStringAsync is temporarily unavailable. Please try again.');
    }
    const failure = 'Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.';
    this.#consumeFailure('decrypt', failure);
    const opened = this.#open(encrypted);
    if (!opened) throw new Error(failure);
    const shouldReEncrypt = opened.withPreviousKey || this.#reEncryptNext;
    this.#reEncryptNext = false;
    return { shouldReEncrypt, result: opened.plainText };
  }

  // ---- internals -----------------------------------------------------------------------------------------

  #keyring(): { current: Buffer; previous: Buffer[] } {
    let keys = this.#keys.get(this.#backend);
    if (!keys) {
      keys = { current: randomBytes(32), previous: [] };
      this.#keys.set(this.#backend, keys);
    }
    return keys;
  }

  #encryptionAvailable(): boolean {
    if (!this.#isReady()) return false;
    if (this.#backend === 'basic_text') return this.#usePlainText;
    return this.#keyringAvailable;
  }

  #consumeFailure(operation: Operation, defaultMessage: string): void {
    const failure = this.#failNext;
    if (!failure || (failure.operation && failure.operation !== operation)) return;
    this.#failNext = undefined;
    throw new Error(failure.message ?? defaultMessage);
  }

  #seal(plainText: string): Buffer {
    const basic = this.#backend === 'basic_text';
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', basic ? BASIC_TEXT_KEY : this.#keyring().current, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from(basic ? 'v10' : 'v11', 'latin1'), iv, body, cipher.getAuthTag()]);
  }

  #open(blob: Buffer): { plainText: string; withPreviousKey: boolean } | undefined {
    const version = blob.subarray(0, 3).toString('latin1');
    if (blob.length < 3 + IV_BYTES + TAG_BYTES) return undefined;
    const keyring = version === 'v11' && this.#backend !== 'basic_text' ? this.#keyring() : undefined;
    const candidates = version === 'v10' ? [BASIC_TEXT_KEY] : keyring ? [keyring.current, ...keyring.previous] : [];
    for (const [index, key] of candidates.entries()) {
      const plainText = tryDecrypt(blob, key);
      if (plainText !== undefined) return { plainText, withPreviousKey: version === 'v11' && index > 0 };
    }
    return undefined;
  }
}

function tryDecrypt(blob: Buffer, key: Buffer): string | undefined {
  try {
    const iv = blob.subarray(3, 3 + IV_BYTES);
    const tag = blob.subarray(blob.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    const body = blob.subarray(3 + IV_BYTES, blob.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
