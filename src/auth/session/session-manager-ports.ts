/**
 * The types around the session manager: its states, the ports it depends on (the vault, the silent
 * re-sign-in) and the secret-free metadata it reports.
 */
import type { SessionState, StorageSummary } from '../../shared/auth-schemas.ts';
import type { AccountProfile, SessionCookie, SessionRecord } from './session-record.ts';

/** What the manager needs from the vault (implemented by `SessionVault`). */
export interface SessionStore {
  load(accountId: string): Promise<{ status: 'ok'; record: SessionRecord } | { status: 'empty' } | { status: 'unreadable'; reason: string }>;
  save(accountId: string, record: SessionRecord): Promise<void>;
  remove(accountId: string): Promise<void>;
  storageStatus(): StorageSummary;
}

/** Gets a fresh labs.google session without user action (a hidden window on the account's partition). */
export interface SilentReauthenticator {
  /** Fresh labs.google cookies, or `null` when only the user can sign in again. Never shows a window. */
  reauthenticate(accountId: string): Promise<readonly SessionCookie[] | null>;
}

/** Secret-free facts about the session, for the UI and logs. */
export interface SessionMetadata {
  readonly accountId: string | null;
  readonly account: AccountProfile | null;
  readonly state: SessionState;
  /** Why the state is what it is, when that is worth telling ("vault-unreadable", "revoked", …). */
  readonly reason: string | null;
  readonly accessTokenExpiresAt: number | null;
  readonly lastRefreshedAt: number | null;
  readonly nextRefreshAt: number | null;
  readonly storage: StorageSummary;
  /** False when the last write to the vault failed (disk full, permissions): the session lives in memory. */
  readonly saved: boolean;
}
