/**
 * One contract for every SecretCipher: the safeStorage adapter (over the shim's Electron-faithful
 * `safeStorage` double — the same module the app's `electron` import resolves to under vitest) and the test cipher.
 */
import { safeStorage } from '../../support/electron-shim.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { CipherDecryptError, CipherUnavailableError, type SecretCipher } from '../../../src/auth/vault/secret-cipher.ts';
import { SafeStorageCipher } from '../../../src/app/electron/safe-storage-cipher.ts';
import { __shim } from '../../support/electron-shim.ts';
import { TestCipher } from '../../support/test-cipher.ts';

/** The controls both doubles share (FakeSafeStorage and TestCipher use the same names). */
interface KeychainControls {
  setAvailable(available: boolean): void;
  setBackend(backend: 'basic_text' | 'gnome_libsecret' | 'kwallet5'): void;
  rotateKey(options?: { keepPrevious?: boolean }): void;
  requestReEncryptOnNextDecrypt(): void;
  failNextCall(operation?: 'encrypt' | 'decrypt'): void;
}

interface Subject {
  readonly cipher: SecretCipher;
  readonly keychain: KeychainControls;
}

const implementations: ReadonlyArray<readonly [string, () => Subject]> = [
  [
    'SafeStorageCipher (Electron safeStorage via the shim)',
    () => {
      __shim.reset();
      __shim.makeReady();
      return { cipher: new SafeStorageCipher({ safeStorage, platform: 'linux' }), keychain: __shim.safeStorage };
    },
  ],
  [
    'TestCipher',
    () => {
      const cipher = new TestCipher({ backend: 'gnome_libsecret' });
      return { cipher, keychain: cipher };
    },
  ],
];

const SECRET = 'data-key: Zm9vYmFyYmF6cXV4 ✓ ünïcödé';

describe.each(implementations)('SecretCipher contract: %s', (_name, create) => {
  let cipher: SecretCipher;
  let keychain: KeychainControls;

  beforeEach(() => {
    ({ cipher, keychain } = create());
  });

  it('round-trips a secret, and the ciphertext does not contain it', async () => {
    expect(await cipher.availability()).toEqual({ available: true });
    const sealed = await cipher.encrypt(SECRET);
    expect(Buffer.from(sealed).includes(Buffer.from('Zm9vYmFyYmF6cXV4'))).toBe(false);
    expect(await cipher.decrypt(sealed)).toEqual({ plaintext: SECRET, shouldReEncrypt: false });
  });

  it('reports the Linux backend', () => {
    expect(cipher.storageBackend()).toBe('gnome_libsecret');
    keychain.setBackend('kwallet5');
    expect(cipher.storageBackend()).toBe('kwallet5');
  });

  it('when the keychain is unavailable: says why, refuses to encrypt, and keeps old data decryptable later', async () => {
    const sealed = await cipher.encrypt(SECRET);
    keychain.setAvailable(false);
    const availability = await cipher.availability();
    expect(availability.available).toBe(false);
    expect(availability.available === false && availability.reason.length > 0).toBe(true);
    await expect(cipher.encrypt(SECRET)).rejects.toBeInstanceOf(CipherUnavailableError);
    // "Unavailable" must not look like "wrong key": the vault would quarantine a good blob.
    await expect(cipher.decrypt(sealed)).rejects.toMatchObject({ code: 'CIPHER_UNAVAILABLE' });
    keychain.setAvailable(true);
    expect((await cipher.decrypt(sealed)).plaintext).toBe(SECRET);
  });

  it('after a keychain reset, old ciphertext fails with CipherDecryptError', async () => {
    const sealed = await cipher.encrypt(SECRET);
    keychain.rotateKey();
    await expect(cipher.decrypt(sealed)).rejects.toMatchObject({ code: 'CIPHER_DECRYPT_FAILED' });
  });

  it('after a key rotation that keeps the old key, decrypts and asks for re-encryption', async () => {
    const sealed = await cipher.encrypt(SECRET);
    keychain.rotateKey({ keepPrevious: true });
    expect(await cipher.decrypt(sealed)).toEqual({ plaintext: SECRET, shouldReEncrypt: true });
    const resealed = await cipher.encrypt(SECRET);
    expect(await cipher.decrypt(resealed)).toEqual({ plaintext: SECRET, shouldReEncrypt: false });
  });

  it('passes a requested shouldReEncrypt through once', async () => {
    const sealed = await cipher.encrypt(SECRET);
    keychain.requestReEncryptOnNextDecrypt();
    expect((await cipher.decrypt(sealed)).shouldReEncrypt).toBe(true);
    expect((await cipher.decrypt(sealed)).shouldReEncrypt).toBe(false);
  });

  it('refuses tampered and foreign ciphertext with CipherDecryptError', async () => {
    const sealed = Buffer.from(await cipher.encrypt(SECRET));
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 0x01;
    await expect(cipher.decrypt(flipped)).rejects.toBeInstanceOf(CipherDecryptError);
    await expect(cipher.decrypt(Buffer.from('not a keychain blob at all'))).rejects.toBeInstanceOf(CipherDecryptError);
  });

  it('a failed encrypt is a (transient) CipherUnavailableError; the next call works', async () => {
    keychain.failNextCall('encrypt');
    await expect(cipher.encrypt(SECRET)).rejects.toBeInstanceOf(CipherUnavailableError);
    expect((await cipher.decrypt(await cipher.encrypt(SECRET))).plaintext).toBe(SECRET);
  });

  it('basic_text encrypts only after allowWeakBackend()', async () => {
    keychain.setBackend('basic_text');
    expect(cipher.storageBackend()).toBe('basic_text');
    expect((await cipher.availability()).available).toBe(false);
    await expect(cipher.encrypt(SECRET)).rejects.toBeInstanceOf(CipherUnavailableError);
    cipher.allowWeakBackend();
    expect(await cipher.availability()).toEqual({ available: true });
    expect((await cipher.decrypt(await cipher.encrypt(SECRET))).plaintext).toBe(SECRET);
  });
});

describe('SafeStorageCipher specifics', () => {
  beforeEach(() => __shim.reset());

  it('before app-ready: backend unknown, unavailable with a reason that says so', async () => {
    const cipher = new SafeStorageCipher({ safeStorage, platform: 'linux' });
    expect(cipher.storageBackend()).toBe('unknown');
    expect(await cipher.availability()).toEqual({ available: false, reason: expect.stringMatching(/before the app was ready/) });
  });

  it('uses only the asynchronous safeStorage API', async () => {
    __shim.makeReady();
    const cipher = new SafeStorageCipher({ safeStorage, platform: 'linux' });
    await cipher.availability();
    await cipher.decrypt(await cipher.encrypt('x'));
    expect(__shim.safeStorage.calls).not.toContain('encryptString');
    expect(__shim.safeStorage.calls).not.toContain('decryptString');
    expect(__shim.safeStorage.calls).not.toContain('isEncryptionAvailable');
  });

  it('has no backend outside Linux', () => {
    __shim.makeReady();
    expect(new SafeStorageCipher({ safeStorage, platform: 'darwin' }).storageBackend()).toBeNull();
    expect(new SafeStorageCipher({ safeStorage, platform: 'win32' }).storageBackend()).toBeNull();
  });
});
