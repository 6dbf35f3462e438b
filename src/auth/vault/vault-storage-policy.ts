/**
 * Where the vault may keep secrets, decided from facts only (no I/O): the Linux backend now, the backend
 * that wrapped the stored key, the user's opt-in, and whether the keychain answers.
 */
import type { CipherAvailability } from './secret-cipher.ts';
import { WEAK_STORAGE_BACKEND } from './secret-cipher.ts';
import { VaultBackendChangedError } from './vault-errors.ts';

/** Why secrets are kept in memory only. */
export type MemoryOnlyReason = 'encryption-unavailable' | 'weak-backend' | 'backend-changed';

export type MemoryOnlyStatus = {
  readonly mode: 'memory-only';
  readonly reason: MemoryOnlyReason;
  /** A secret-free sentence for the UI. */
  readonly detail: string;
  readonly backend: string | null;
};

/**
 * On disk under Linux `basic_text`, which the user accepted: encrypted with a key anyone can derive
 * (Chromium's "peanuts"), so reported as what it is — weak — and never as encrypted.
 */
export type WeakStorageStatus = { readonly mode: 'weak'; readonly reason: 'weak-backend'; readonly detail: string; readonly backend: string };

export type StorageStatus = { readonly mode: 'encrypted'; readonly backend: string | null } | WeakStorageStatus | MemoryOnlyStatus;

/** The sentence the UI shows for weak storage. */
export const WEAK_STORAGE_DETAIL =
  'No OS keyring was found: the session is written to disk under Linux basic_text storage, whose key is well known. ' +
  'Anyone who can read your files can read it; install gnome-keyring or KWallet for real protection.';

export interface StoragePolicyFacts {
  /** `SecretCipher.storageBackend()` now. */
  readonly backend: string | null;
  /** The backend recorded beside the stored key, or `undefined` when nothing is stored. */
  readonly storedBackend: string | null | undefined;
  readonly weakerStorageAllowed: boolean;
}

/**
 * The part of the decision that needs no keychain call: a definite memory-only status, or `keychain` (ask
 * the keychain; `allowWeakBackend` says whether the weak backend must be enabled first).
 */
export function decideBeforeKeychain(
  facts: StoragePolicyFacts,
): MemoryOnlyStatus | { readonly mode: 'keychain'; readonly allowWeakBackend: boolean } {
  const { backend, storedBackend } = facts;
  // Before app-ready the backend reads `unknown`: not a change (the keychain is unavailable then anyway).
  if (storedBackend !== undefined && backend !== 'unknown' && storedBackend !== backend) {
    return { mode: 'memory-only', reason: 'backend-changed', detail: backendChangedError(storedBackend, backend).message, backend };
  }
  if (backend === WEAK_STORAGE_BACKEND) {
    if (facts.weakerStorageAllowed) return { mode: 'keychain', allowWeakBackend: true };
    const detail =
      'No OS keyring was found (Linux basic_text backend); the session is kept in memory until weaker storage is allowed.';
    return { mode: 'memory-only', reason: 'weak-backend', detail, backend };
  }
  return { mode: 'keychain', allowWeakBackend: false };
}

/** The status once the keychain has answered. */
export function decideAfterKeychain(backend: string | null, availability: CipherAvailability): StorageStatus {
  if (!availability.available) return { mode: 'memory-only', reason: 'encryption-unavailable', detail: availability.reason, backend };
  if (backend === WEAK_STORAGE_BACKEND) return { mode: 'weak', reason: 'weak-backend', detail: WEAK_STORAGE_DETAIL, backend };
  return { mode: 'encrypted', backend };
}

/** The error for a vault wrapped under `storedBackend` opened under `backend` (`none` off Linux). */
export function backendChangedError(storedBackend: string | null | undefined, backend: string | null): VaultBackendChangedError {
  return new VaultBackendChangedError(storedBackend ?? 'none', backend ?? 'none');
}
