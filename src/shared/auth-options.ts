/**
 * Sign-in choices as plain constants (no zod: the renderer imports these).
 */

/**
 * How the sign-in window presents itself to Google: Electron's own user agent, a plain Chrome one, or a
 * Firefox one on the Google sign-in hosts only. A setting, because reports conflict on which one Google
 * accepts for embedded sign-in.
 */
export const USER_AGENT_STRATEGIES = ['electron', 'chrome', 'firefox-on-google-sign-in'] as const;
export type UserAgentStrategy = (typeof USER_AGENT_STRATEGIES)[number];

/** A pasted `Cookie` header; chunked session cookies make real ones a few KB long. */
export const MAX_COOKIE_HEADER_LENGTH = 64 * 1024;

/**
 * Account ids exactly as the account manager makes them (`createAccountId`: 96 random bits as lowercase
 * hex). Nothing else can name an account: not `__proto__`, not `constructor`, not a path.
 */
export const ACCOUNT_ID_PATTERN = /^[0-9a-f]{24}$/;

/** What signing out does with the account's unfinished generations (see `signOutRequestSchema`). */
export const QUEUED_WORK_CHOICES = ['keep', 'discard'] as const;
