/**
 * Errors that cross the process boundary carry a stable `code`; the message is for people and never holds
 * a secret. Each kind of failure is one small subclass, so callers branch on `code`, not on text.
 */

export const ERROR_CODES = [
  'AUTH_REQUIRED',
  'SAFETY_REFUSED',
  'RATE_LIMITED',
  'QUOTA_REACHED',
  'NETWORK',
  /** A request to Google got no answer before its deadline (Google hanging, not the machine offline). */
  'TIMEOUT',
  /** Google answered with a web page (an interstitial, a sign-in or portal page) where data was expected. */
  'UNEXPECTED_PAGE',
  'SERVICE_ERROR',
  /** Google sent bytes that are not a picture where an image was expected. */
  'UNREADABLE_IMAGE',
  'INVALID_INPUT',
  'CANCELLED',
  /** The app is already doing this (one export at a time): wait for it or cancel it. */
  'BUSY',
  'LOGIN_CANCELLED',
  'LOGIN_TIMEOUT',
  'LOGIN_REJECTED',
  'VAULT_UNREADABLE',
  'VAULT_BACKEND_CHANGED',
  'STORAGE_UNAVAILABLE',
  'NOT_FOUND',
  'PAGE_CHANGED',
  'MODEL_NOT_ALLOWED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** The session is missing, revoked or could not be renewed: the user has to sign in. */
export class AuthRequiredError extends AppError {
  constructor(message = 'Sign in to ImageFX to continue.') {
    super('AUTH_REQUIRED', message);
    this.name = 'AuthRequiredError';
  }
}

/** The codes of failures that heal on their own: waiting and trying again is the right response. */
export type TransientErrorCode = Extract<ErrorCode, 'NETWORK' | 'TIMEOUT' | 'UNEXPECTED_PAGE' | 'SERVICE_ERROR' | 'RATE_LIMITED'>;

/**
 * labs.google could not be asked about the session just now (no connection, a hang, a web page instead of
 * the session, a 5xx, a rate limit) and the token in hand has lapsed. The session itself is intact: a
 * caller waits and tries again instead of asking the user to sign in.
 */
export class SessionUnavailableError extends AppError {
  override readonly code: TransientErrorCode;
  /** How long labs.google asked to wait (Retry-After), milliseconds, or `null`. */
  readonly retryAfterMs: number | null;

  constructor(code: TransientErrorCode, message: string, retryAfterMs: number | null = null) {
    super(code, message);
    this.name = 'SessionUnavailableError';
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
