/**
 * The port through which the IPC layer drives sign-in and accounts. `PersistentAccountManager` implements
 * it; the IPC handlers and their tests depend only on this interface.
 */
import type { AccountSummary, AuthSnapshot } from '../../shared/auth-schemas.ts';
import type { ImageBackendId } from '../../shared/generation-options.ts';

export interface AccountService {
  /** The current state, accounts and storage mode; cheap, no I/O. */
  snapshot(): AuthSnapshot;
  /** Subscribes to snapshot changes; returns the unsubscribe function. */
  onDidChange(listener: (snapshot: AuthSnapshot) => void): () => void;
  /**
   * Subscribes to an account being signed in again under a new id (one account per email: the new sign-in
   * replaces the old entry, or one signed out earlier in this run). What belonged to `from` — queued
   * jobs — now belongs to `to`. Returns the unsubscribe function.
   */
  onDidReplaceAccount(listener: (replacement: { readonly from: string; readonly to: string }) => void): () => void;
  /**
   * Opens the sign-in window (or focuses the one already open, sharing its promise) and resolves with the
   * signed-in account. Rejects with code `LOGIN_CANCELLED` (window closed) or `LOGIN_TIMEOUT`.
   */
  signIn(): Promise<AccountSummary>;
  /** Closes a sign-in window in progress; its `signIn()` rejects with `LOGIN_CANCELLED`. */
  cancelSignIn(): void;
  /** Signs the active account out: vault entry and login partition data cleared (its id is remembered for this run). */
  signOut(): Promise<void>;
  /**
   * The last-resort path: a `Cookie` header copied from a browser. Validated against labs.google before
   * anything is stored; rejects with `LOGIN_REJECTED` when it is not a signed-in labs.google session.
   */
  importCookieHeader(header: string): Promise<AccountSummary>;
  switchAccount(accountId: string): Promise<void>;
  removeAccount(accountId: string): Promise<void>;
  /**
   * The user's choice of Google backend for `accountId`. Rejects with `NOT_FOUND` for an unknown account and
   * `INVALID_INPUT` for classic on an account labs.google has no session for.
   */
  setBackend(accountId: string, backend: ImageBackendId): Promise<void>;
  /** The user accepts weaker on-disk protection (Linux `basic_text`). */
  optInToWeakerStorage(): Promise<void>;
  /**
   * After `VAULT_BACKEND_CHANGED` the user chose to sign in again: the old vault is set aside (quarantine),
   * its accounts forgotten, and a new vault starts. A no-op otherwise. The caller has asked the user.
   */
  startOver(): Promise<void>;
}
