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
  'SERVICE_ERROR',
  'INVALID_INPUT',
  'CANCELLED',
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

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
