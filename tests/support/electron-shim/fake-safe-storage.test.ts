import { safeStorage } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { __shim } from '../electron-shim.ts';
import { FakeSafeStorage } from './fake-safe-storage.ts';

const SECRET = 'session-token=eyJhbGciOiJkaXIi.very-secret-value';
const DECRYPT_FAILED = 'Error while decrypting the ciphertext provided to safeStorage.decryptString.';
const DECRYPT_ASYNC_FAILED = 'Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.';

beforeEach(() => {
  __shim.reset();
});

describe('safeStorage before the app is ready', () => {
  it('reports encryption unavailable and refuses to work, with Electron’s messages', async () => {
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    expect(() => safeStorage.encryptString(SECRET)).toThrow('safeStorage cannot be used before app is ready');
    expect(() => safeStorage.decryptString(Buffer.from('v11xxxx'))).toThrow('safeStorage cannot be used before app is ready');
    await expect(safeStorage.isAsyncEncryptionAvailable()).resolves.toBe(false);
    await expect(safeStorage.encryptStringAsync(SECRET)).rejects.toThrow('safeStorage cannot be used before app is ready');
    await expect(safeStorage.decryptStringAsync(Buffer.from('v11xxxx'))).rejects.toThrow(
      'safeStorage cannot be used before app is ready',
    );
    expect(safeStorage.getSelectedStorageBackend()).toBe('unknown');
  });
});

describe('safeStorage after ready', () => {
  beforeEach(() => __shim.makeReady());

  it('round-trips through the async API, and the ciphertext never contains the plaintext', async () => {
    await expect(safeStorage.isAsyncEncryptionAvailable()).resolves.toBe(true);
    const blob = await safeStorage.encryptStringAsync(SECRET);
    expect(Buffer.isBuffer(blob)).toBe(true);
    expect(blob.subarray(0, 3).toString()).toBe('v11');
    expect(blob.includes(Buffer.from(SECRET))).toBe(false);
    expect(blob.toString('latin1')).not.toContain('very-secret');
    await expect(safeStorage.decryptStringAsync(blob)).resolves.toEqual({ shouldReEncrypt: false, result: SECRET });
  });

  it('shares one key between the sync and async APIs, and encrypts the same text differently each time', async () => {
    const syncBlob = safeStorage.encryptString(SECRET);
    const asyncBlob = await safeStorage.encryptStringAsync(SECRET);
    expect(syncBlob.equals(asyncBlob)).toBe(false);
    expect(safeStorage.decryptString(asyncBlob)).toBe(SECRET);
    expect((await safeStorage.decryptStringAsync(syncBlob)).result).toBe(SECRET);
  });

  it('throws Electron’s error for tampered bytes, foreign blobs and plain text', async () => {
    const blob = await safeStorage.encryptStringAsync(SECRET);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] ?? 0) ^ 0x01;
    expect(() => safeStorage.decryptString(tampered)).toThrow(DECRYPT_FAILED);
    await expect(safeStorage.decryptStringAsync(tampered)).rejects.toThrow(DECRYPT_ASYNC_FAILED);

    const other = new FakeSafeStorage(() => true);
    const foreign = other.encryptString(SECRET);
    expect(() => safeStorage.decryptString(foreign)).toThrow(DECRYPT_FAILED);

    expect(() => safeStorage.decryptString(Buffer.from(SECRET))).toThrow(
      `${DECRYPT_FAILED} Ciphertext does not appear to be encrypted.`,
    );
    expect(safeStorage.decryptString(Buffer.alloc(0))).toBe('');
  });

  it('loses old blobs when the key is reset (keychain reset)', async () => {
    const before = await safeStorage.encryptStringAsync(SECRET);
    __shim.safeStorage.rotateKey();
    await expect(safeStorage.decryptStringAsync(before)).rejects.toThrow(DECRYPT_ASYNC_FAILED);
    const after = await safeStorage.encryptStringAsync(SECRET);
    expect((await safeStorage.decryptStringAsync(after)).result).toBe(SECRET);
  });

  it('asks for re-encryption after a rotation that keeps the old key, and on request', async () => {
    const before = await safeStorage.encryptStringAsync(SECRET);
    __shim.safeStorage.rotateKey({ keepPrevious: true });
    await expect(safeStorage.decryptStringAsync(before)).resolves.toEqual({ shouldReEncrypt: true, result: SECRET });
    const reEncrypted = await safeStorage.encryptStringAsync(SECRET);
    await expect(safeStorage.decryptStringAsync(reEncrypted)).resolves.toEqual({ shouldReEncrypt: false, result: SECRET });

    __shim.safeStorage.requestReEncryptOnNextDecrypt();
    expect((await safeStorage.decryptStringAsync(reEncrypted)).shouldReEncrypt).toBe(true);
    expect((await safeStorage.decryptStringAsync(reEncrypted)).shouldReEncrypt).toBe(false);
  });

  it('fails the next call on request, then works again', async () => {
    __shim.safeStorage.failNextCall('encrypt');
    await expect(safeStorage.encryptStringAsync(SECRET)).rejects.toThrow(
      'Error while encrypting the text provided to safeStorage.encryptStringAsync.',
    );
    const blob = await safeStorage.encryptStringAsync(SECRET);
    __shim.safeStorage.failNextCall(undefined, 'keyring went away');
    await expect(safeStorage.decryptStringAsync(blob)).rejects.toThrow('keyring went away');
    expect((await safeStorage.decryptStringAsync(blob)).result).toBe(SECRET);
  });

  it('reports an unavailable keyring on both APIs', async () => {
    const blob = await safeStorage.encryptStringAsync(SECRET);
    __shim.safeStorage.setAvailable(false);
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    await expect(safeStorage.isAsyncEncryptionAvailable()).resolves.toBe(false);
    expect(() => safeStorage.encryptString(SECRET)).toThrow(
      'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
    );
    await expect(safeStorage.decryptStringAsync(blob)).rejects.toThrow(
      'safeStorage.decryptStringAsync is temporarily unavailable. Please try again.',
    );
    __shim.safeStorage.setAvailable(true);
    expect((await safeStorage.decryptStringAsync(blob)).result).toBe(SECRET);
  });

  it('models Linux basic_text: unavailable unless plain-text encryption is allowed, and a v10 blob', async () => {
    expect(safeStorage.getSelectedStorageBackend()).toBe('gnome_libsecret');
    const keyringBlob = await safeStorage.encryptStringAsync(SECRET);
    __shim.safeStorage.setBackend('basic_text');
    expect(safeStorage.getSelectedStorageBackend()).toBe('basic_text');
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    safeStorage.setUsePlainTextEncryption(true);
    expect(safeStorage.isEncryptionAvailable()).toBe(true);
    const basicBlob = safeStorage.encryptString(SECRET);
    expect(basicBlob.subarray(0, 3).toString()).toBe('v10');
    expect(basicBlob.includes(Buffer.from(SECRET))).toBe(false);
    // basic_text uses a well-known key, so any other instance can read it: that is why it is insecure.
    const other = new FakeSafeStorage(() => true);
    other.setBackend('basic_text');
    other.setUsePlainTextEncryption(true);
    expect(other.decryptString(basicBlob)).toBe(SECRET);
    // Without a keyring the keyring blob cannot be opened; back on the keyring, it can.
    expect(() => safeStorage.decryptString(keyringBlob)).toThrow(DECRYPT_FAILED);
    __shim.safeStorage.setBackend('gnome_libsecret');
    expect(safeStorage.decryptString(keyringBlob)).toBe(SECRET);
  });

  it('keeps one key per keyring backend, as each OS keyring stores its own password', async () => {
    const gnomeBlob = await safeStorage.encryptStringAsync(SECRET);
    __shim.safeStorage.setBackend('kwallet5');
    await expect(safeStorage.decryptStringAsync(gnomeBlob)).rejects.toThrow(DECRYPT_ASYNC_FAILED);
    const kwalletBlob = await safeStorage.encryptStringAsync(SECRET);
    __shim.safeStorage.setBackend('gnome_libsecret');
    expect((await safeStorage.decryptStringAsync(gnomeBlob)).result).toBe(SECRET);
    await expect(safeStorage.decryptStringAsync(kwalletBlob)).rejects.toThrow(DECRYPT_ASYNC_FAILED);
  });

  it('records the calls the app made', async () => {
    await safeStorage.isAsyncEncryptionAvailable();
    await safeStorage.encryptStringAsync(SECRET);
    expect(__shim.safeStorage.calls).toEqual(['isAsyncEncryptionAvailable', 'encryptStringAsync']);
  });
});
