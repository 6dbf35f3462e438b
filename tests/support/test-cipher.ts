/**
 * A {@link SecretCipher} for tests and for the kill-soak child (which runs in plain Node, without the
 * Electron shim): real AES-256-GCM under a key this object holds, with the same controls and the same
 * behaviour as the shim's `safeStorage` double, so one contract suite covers both. Pass `key` to share a
 * keychain between processes.
 *
 * Plain erasable TypeScript with `.ts` imports, so Node runs it directly (type stripping).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  CipherDecryptError,
  CipherUnavailableError,
  WEAK_STORAGE_BACKEND,
  type CipherAvailability,
  type DecryptedSecret,
  type SecretCipher,
} from '../../src/auth/vault/secret-cipher.ts';

type Operation = 'encrypt' | 'decrypt';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEYRING_MAGIC = 'tc1';
const WEAK_MAGIC = 'tc0';
// Like Chromium's basic_text: a key everyone knows.
const WEAK_KEY = createHash('sha256').update('test-cipher-weak-backend').digest();

export interface TestCipherOptions {
  /** 32 bytes; random by default. */
  readonly key?: Uint8Array;
  /** What `storageBackend()` reports; `null` (a macOS/Windows-like keychain) by default. */
  readonly backend?: string | null;
}

export class TestCipher implements SecretCipher {
  /** Every call, by method name. */
  readonly calls: string[] = [];
  #key: Buffer;
  #previousKeys: Buffer[] = [];
  #backend: string | null;
  #available = true;
  #weakAllowed = false;
  #reEncryptNext = false;
  #failNext: { operation: Operation | undefined } | undefined;

  constructor(options: TestCipherOptions = {}) {
    this.#key = Buffer.from(options.key ?? randomBytes(32));
    this.#backend = options.backend === undefined ? null : options.backend;
  }

  // ---- controls (same names as the shim's FakeSafeStorage) ----------------------------------------------

  setAvailable(available: boolean): void {
    this.#available = available;
  }

  setBackend(backend: string | null): void {
    this.#backend = backend;
  }

  /** A new key; the old one is gone (keychain reset) unless `keepPrevious`, then its decrypts ask to re-encrypt. */
  rotateKey(options: { keepPrevious?: boolean } = {}): void {
    if (options.keepPrevious) this.#previousKeys.push(this.#key);
    else this.#previousKeys = [];
    this.#key = randomBytes(32);
  }

  requestReEncryptOnNextDecrypt(): void {
    this.#reEncryptNext = true;
  }

  /** The next call (of `operation`, or either) fails as a keychain failure would. */
  failNextCall(operation?: Operation): void {
    this.#failNext = { operation };
  }

  // ---- SecretCipher ------------------------------------------------------------------------------------------

  availability(): Promise<CipherAvailability> {
    this.calls.push('availability');
    if (this.#isAvailable()) return Promise.resolve({ available: true });
    const reason = this.#backend === WEAK_STORAGE_BACKEND ? 'Only the weak basic_text backend exists.' : 'The test keychain is switched off.';
    return Promise.resolve({ available: false, reason });
  }

  storageBackend(): string | null {
    this.calls.push('storageBackend');
    return this.#backend;
  }

  allowWeakBackend(): void {
    this.calls.push('allowWeakBackend');
    this.#weakAllowed = true;
  }

  async encrypt(plaintext: string): Promise<Uint8Array> {
    this.calls.push('encrypt');
    await Promise.resolve();
    if (!this.#isAvailable() || this.#consumeFailure('encrypt')) throw new CipherUnavailableError('The test keychain cannot encrypt.');
    const weak = this.#backend === WEAK_STORAGE_BACKEND;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', weak ? WEAK_KEY : this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return new Uint8Array(Buffer.concat([Buffer.from(weak ? WEAK_MAGIC : KEYRING_MAGIC, 'latin1'), iv, body]));
  }

  async decrypt(ciphertext: Uint8Array): Promise<DecryptedSecret> {
    this.calls.push('decrypt');
    await Promise.resolve();
    if (!this.#isAvailable()) throw new CipherUnavailableError('The test keychain is temporarily unavailable.');
    if (this.#consumeFailure('decrypt')) throw new CipherDecryptError();
    const blob = Buffer.from(ciphertext);
    const magic = blob.subarray(0, 3).toString('latin1');
    const keys = magic === WEAK_MAGIC ? [WEAK_KEY] : magic === KEYRING_MAGIC ? [this.#key, ...this.#previousKeys] : [];
    for (const [index, key] of keys.entries()) {
      const plaintext = open(blob, key);
      if (plaintext === undefined) continue;
      const shouldReEncrypt = (magic === KEYRING_MAGIC && index > 0) || this.#reEncryptNext;
      this.#reEncryptNext = false;
      return { plaintext, shouldReEncrypt };
    }
    throw new CipherDecryptError();
  }

  #isAvailable(): boolean {
    return this.#backend === WEAK_STORAGE_BACKEND ? this.#weakAllowed : this.#available;
  }

  #consumeFailure(operation: Operation): boolean {
    if (!this.#failNext || (this.#failNext.operation && this.#failNext.operation !== operation)) return false;
    this.#failNext = undefined;
    return true;
  }
}

function open(blob: Buffer, key: Buffer): string | undefined {
  if (blob.length < 3 + IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(3, 3 + IV_BYTES));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(3 + IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
