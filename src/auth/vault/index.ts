/**
 * auth/vault — sealed storage for sessions: a data key wrapped by the OS keychain (`SecretCipher`, in
 * Electron `safeStorage`), records sealed with AES-256-GCM, one atomic document written 0600 through the
 * key-value store, the storage policy (memory-only when the keychain cannot protect it) and the one-time
 * migration from the old crypto-js recipe.
 */
export { LEGACY_STORE_NAME, legacyPassphrases, migrateLegacySession } from './legacy-session-migration.ts';
export { CipherDecryptError, CipherUnavailableError, type CipherAvailability, type DecryptedSecret, type SecretCipher } from './secret-cipher.ts';
export { SessionVault } from './session-vault.ts';
export type { StorageStatus } from './vault-storage-policy.ts';
