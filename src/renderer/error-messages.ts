/**
 * One clear message per stable error code. The main process's own sentence is kept out of the headline:
 * the code decides what people read, so the wording is consistent wherever an error shows up (a toast,
 * a failed job, the sign-in screen). Google's reason, when it refines the meaning, picks a variant.
 */
import type { ErrorCode } from '../shared/app-error.ts';
import type { FailureInfo as IpcErrorShape } from '../shared/failure-info.ts';

/** What the UI shows for a failure: a short title and a sentence saying what to do. */
export interface ErrorPresentation {
  readonly title: string;
  readonly detail: string;
}

export const ERROR_PRESENTATIONS: { readonly [C in ErrorCode]: ErrorPresentation } = {
  AUTH_REQUIRED: { title: 'Sign-in needed', detail: 'Your ImageFX session has ended. Sign in again to keep generating.' },
  SAFETY_REFUSED: {
    title: 'Prompt declined',
    detail: 'ImageFX declined this prompt under its safety policy. Rephrase it and try again; retrying as is will not help.',
  },
  RATE_LIMITED: { title: 'Too many requests', detail: 'ImageFX asked us to slow down. Wait a moment before generating again.' },
  QUOTA_REACHED: {
    title: 'Daily limit reached',
    detail: 'This account has used its ImageFX allowance for now. Queued prompts wait until you resume them later.',
  },
  NETWORK: { title: 'No connection', detail: 'ImageFX could not be reached. Check your internet connection; your gallery still works offline.' },
  TIMEOUT: { title: 'Google did not answer', detail: 'Google took too long to answer. The app tries again by itself.' },
  UNEXPECTED_PAGE: {
    title: 'Google sent a web page',
    detail: 'Google answered with a web page instead of data (a notice or a sign-in page). The app tries again by itself.',
  },
  SERVICE_ERROR: { title: 'ImageFX had a problem', detail: 'ImageFX did not complete the request. Try again in a little while.' },
  UNREADABLE_IMAGE: {
    title: 'Not an image',
    detail: 'Google sent something that is not an image. Nothing was saved; generating again usually works.',
  },
  INVALID_INPUT: { title: 'Check your input', detail: 'Something in the request was not accepted. Check the prompt and settings.' },
  CANCELLED: { title: 'Cancelled', detail: 'The request was cancelled.' },
  BUSY: { title: 'Already running', detail: 'The app is already doing this. Wait for it to finish, or cancel it.' },
  LOGIN_CANCELLED: { title: 'Sign-in cancelled', detail: 'The Google window was closed before sign-in finished.' },
  LOGIN_TIMEOUT: { title: 'Sign-in timed out', detail: 'Nothing happened in the Google window for a long time, so it was closed. Try again.' },
  LOGIN_REJECTED: {
    title: 'Sign-in did not work',
    detail: 'Google did not complete the sign-in, or the pasted cookie is not a valid ImageFX session.',
  },
  VAULT_UNREADABLE: {
    title: 'Saved session unreadable',
    detail: 'The saved session could not be decrypted and was set aside. Sign in again; nothing else was lost.',
  },
  VAULT_BACKEND_CHANGED: {
    title: 'Keychain changed',
    detail: 'The system keychain is not the one the session was saved with. Sign in again to save it under the current one.',
  },
  STORAGE_UNAVAILABLE: {
    title: 'Secure storage unavailable',
    detail: 'The system keychain is not available, so the session is kept in memory until the app closes.',
  },
  NOT_FOUND: { title: 'Not found', detail: 'That item no longer exists. It may have been deleted.' },
  PAGE_CHANGED: {
    title: 'Google changed the Flow page',
    detail:
      'The Flow page no longer looks the way the app expects, so nothing was generated. The app kept a diagnostic record (no prompts, cookies or tokens); you can export it from Settings to report the change.',
  },
  MODEL_NOT_ALLOWED: {
    title: 'Model not in your plan',
    detail: "This account's Google plan does not include the chosen model. Pick another model, or use an account whose plan includes it.",
  },
  INTERNAL: { title: 'Something went wrong', detail: 'An unexpected error happened inside the app. Try again; if it persists, restart the app.' },
};

const REASON_DETAILS: Readonly<Record<string, string>> = {
  PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED:
    'ImageFX does not generate images of prominent people. Rephrase the prompt without naming real people.',
  PUBLIC_ERROR_UNUSUAL_ACTIVITY: 'Google noticed unusual activity on this account and paused generation. Try again later.',
  FLOW_SILENT_FILTER:
    'Flow answered without an image, which is how its content filter declines a prompt without saying so. Rephrase the prompt and try again.',
};

/**
 * Failures that other parts of the app may still report under `SERVICE_ERROR` with a reason (the gallery
 * refusing bytes it cannot read): shown as the dedicated code, so one thing reads one way everywhere.
 */
const REASON_CODES: Readonly<Record<string, ErrorCode>> = { UNREADABLE_IMAGE: 'UNREADABLE_IMAGE' };

/** Codes whose detail is the main process's own sentence, because it names what to change. */
export const SERVICE_SENTENCE_CODES: readonly ErrorCode[] = ['INVALID_INPUT', 'MODEL_NOT_ALLOWED', 'BUSY'];

/** "in 30 seconds", "in 2 minutes", for a retry delay. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `in ${minutes} minutes`;
  return `in ${Math.ceil(minutes / 60)} hours`;
}

/** The presentation of one failure (an IPC error or a failed job). */
export function presentError(error: Pick<IpcErrorShape, 'code' | 'message' | 'reason' | 'retryAfterMs'>): ErrorPresentation {
  const base = ERROR_PRESENTATIONS[(error.code === 'SERVICE_ERROR' && error.reason ? REASON_CODES[error.reason] : undefined) ?? error.code];
  // For input problems ("the file has no prompts"), a model the plan lacks ("… does not include Nano
  // Banana Pro") and work already running ("An export is already running…") the main process's sentence is the useful part; it is written for people and never
  // carries a secret (the reply guard checks).
  if (SERVICE_SENTENCE_CODES.includes(error.code) && error.message.trim() !== '') return { title: base.title, detail: error.message };
  const reasonDetail = error.reason ? REASON_DETAILS[error.reason] : undefined;
  if (reasonDetail) return { title: base.title, detail: reasonDetail };
  if (error.code === 'RATE_LIMITED' && typeof error.retryAfterMs === 'number' && error.retryAfterMs > 0) {
    return { title: base.title, detail: `ImageFX asked us to slow down. You can generate again ${describeWait(error.retryAfterMs)}.` };
  }
  return base;
}
