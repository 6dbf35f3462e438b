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
 * The vault's key was not wrapped by the keychain backend in use, so it is not used. Either the Linux
 * secret-store backend differs from the one that wrapped it — starting the app with {@link restoreFlag}
 * brings it back — or the wrapped key is not one this backend writes at all (a planted key under
 * Chromium's public `basic_text` key, say: see {@link VaultBackendChangedError.foreignKey}). The vault is
 * left untouched until the user starts over.
 */
export class VaultBackendChangedError extends AppError {
  readonly previousBackend: string;
  readonly currentBackend: string;
  /** E.g. `--password-store=gnome-libsecret`; `null` when no start-up flag can make the key usable. */
  readonly restoreFlag: string | null;

  constructor(previousBackend: string, currentBackend: string, foreign = false) {
    const restoreFlag = foreign ? null : passwordStoreFlag(previousBackend);
    super(
      'VAULT_BACKEND_CHANGED',
      foreign
        ? `The saved session's key was not written by this system's "${currentBackend}" secret store, so it is not trusted ` +
            '(it may have been planted). Start over to sign in again; the old vault is set aside.'
        : `The saved session was protected with the "${previousBackend}" secret store, but this start uses ` +
            `"${currentBackend}". Start the app with ${restoreFlag} to read it, or start over and sign in again.`,
    );
    this.name = 'VaultBackendChangedError';
    this.previousBackend = previousBackend;
    this.currentBackend = currentBackend;
    this.restoreFlag = restoreFlag;
  }

  /** The wrapped key is in a format, or bound to a backend, that `currentBackend` never writes. */
  static foreignKey(claimedBackend: string | null, currentBackend: string | null): VaultBackendChangedError {
    return new VaultBackendChangedError(claimedBackend ?? 'none', currentBackend ?? 'none', true);
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
