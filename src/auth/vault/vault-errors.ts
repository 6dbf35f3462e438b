/**
 * Errors the session vault raises. Messages never hold a secret; `code` is stable and crosses IPC.
 */
import { AppError } from '../../shared/app-error.ts';

/** The `--password-store` value that makes Chromium/Electron pick `backend` again on Linux. */
export function passwordStoreFlag(backend: string): string {
  const value = backend === 'basic_text' ? 'basic' : backend === 'gnome_libsecret' ? 'gnome-libsecret' : backend;
  return `--password-store=${value}`;
}

/**
 * The Linux secret-store backend differs from the one that wrapped the vault's key, so the key cannot be
 * unwrapped. The vault is left untouched: starting the app with {@link restoreFlag} brings it back.
 */
export class VaultBackendChangedError extends AppError {
  readonly previousBackend: string;
  readonly currentBackend: string;
  /** E.g. `--password-store=gnome-libsecret`. */
  readonly restoreFlag: string;

  constructor(previousBackend: string, currentBackend: string) {
    const restoreFlag = passwordStoreFlag(previousBackend);
    super(
      'VAULT_BACKEND_CHANGED',
      `The saved session was protected with the "${previousBackend}" secret store, but this start uses ` +
        `"${currentBackend}". Start the app with ${restoreFlag} to read it, or sign in again.`,
    );
    this.name = 'VaultBackendChangedError';
    this.previousBackend = previousBackend;
    this.currentBackend = currentBackend;
    this.restoreFlag = restoreFlag;
  }
}

/** Weaker storage was asked for, but there is no way to encrypt at all (no keychain, not even basic_text). */
export class WeakerStorageUnavailableError extends AppError {
  constructor(detail: string) {
    super('STORAGE_UNAVAILABLE', `The session cannot be saved on this system: ${detail}`);
    this.name = 'WeakerStorageUnavailableError';
  }
}

/** A sealed record that does not open (tampered, truncated, unknown version). Internal to the vault. */
export class VaultEntryUnreadableError extends Error {
  readonly code = 'VAULT_ENTRY_UNREADABLE';
  /** Secret-free: `unknown-version`, `authentication-failed`, `malformed`. */
  readonly detail: string;

  constructor(detail: string, options?: { cause?: unknown }) {
    super(`A sealed session record could not be opened (${detail}).`, options);
    this.name = 'VaultEntryUnreadableError';
    this.detail = detail;
  }
}
