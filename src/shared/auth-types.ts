/**
 * What the renderer may know about sign-in: states, reasons and non-secret account facts. No cookie, token
 * or key ever has a place in these types.
 */

export type AuthState = 'signed-out' | 'signing-in' | 'signed-in' | 'refreshing' | 'offline' | 'reauth-required';

/** A signed-in (or once signed-in) Google account, as the UI shows it. */
export interface AccountSummary {
  /** Opaque, stable id (names the account's login partition and vault entry). */
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly avatarUrl: string;
}

export interface StorageSummary {
  /** `memory-only`: the session is not written to disk (no usable keychain, or weak storage not accepted). */
  readonly mode: 'encrypted' | 'memory-only';
  /** Machine-readable, e.g. `encryption-unavailable`, `weak-backend`, `backend-changed`. */
  readonly reason?: string;
  /** A sentence for people. */
  readonly detail?: string;
}

/** Everything the UI needs to draw the account area and the auth banners. */
export interface AuthSnapshot {
  readonly state: AuthState;
  /** Why: `vault-unreadable`, `revoked`, `refresh-needed`, `vault-backend-changed`, a transient detail… */
  readonly reason: string | null;
  readonly activeAccount: AccountSummary | null;
  readonly accounts: readonly AccountSummary[];
  readonly storage: StorageSummary;
}

/**
 * How the sign-in window presents itself to Google: Electron's own user agent, a plain Chrome one, or a
 * Firefox one on the Google sign-in hosts only. A setting, because reports conflict on which one Google
 * accepts for embedded sign-in.
 */
export const USER_AGENT_STRATEGIES = ['electron', 'chrome', 'firefox-on-google-sign-in'] as const;
export type UserAgentStrategy = (typeof USER_AGENT_STRATEGIES)[number];

/** A pasted `Cookie` header; chunked session cookies make real ones a few KB long. */
export const MAX_COOKIE_HEADER_LENGTH = 64 * 1024;
