/**
 * The ways a sign-in can end without an account, one small class each with a stable `code` that crosses
 * IPC. Messages are for people and never quote a cookie, a token or a pasted header.
 */
import { AppError } from '../../shared/app-error.ts';

/** The user closed the sign-in window (or the app cancelled it). Nothing changed. */
export class LoginCancelledError extends AppError {
  constructor(message = 'Sign-in was cancelled; nothing was changed.') {
    super('LOGIN_CANCELLED', message);
    this.name = 'LoginCancelledError';
  }
}

/** Nothing happened in the sign-in window for too long. Nothing changed. */
export class LoginTimeoutError extends AppError {
  constructor(idleMs: number) {
    const minutes = Math.max(1, Math.round(idleMs / 60_000));
    super('LOGIN_TIMEOUT', `Sign-in timed out: the sign-in window made no progress for ${minutes} minute${minutes === 1 ? '' : 's'}. Nothing was changed.`);
    this.name = 'LoginTimeoutError';
  }
}

/** What was offered (a pasted cookie) is not a signed-in labs.google session. Nothing was stored. */
export class LoginRejectedError extends AppError {
  constructor(message: string) {
    super('LOGIN_REJECTED', message);
    this.name = 'LoginRejectedError';
  }
}

/** A login surface was asked to load a URL its policy does not allow (a programming error, never user input). */
export class LoginUrlRefusedError extends AppError {
  constructor(reason: string) {
    super('INVALID_INPUT', `The sign-in window refused to load a URL: ${reason}.`);
    this.name = 'LoginUrlRefusedError';
  }
}

/** No account with that id. */
export class AccountNotFoundError extends AppError {
  constructor() {
    super('NOT_FOUND', 'That account is not signed in on this computer.');
    this.name = 'AccountNotFoundError';
  }
}
