/**
 * How results and failures cross IPC: `{ ok: true, value }` or `{ ok: false, error: FailureInfo }`.
 * An `AppError` keeps its code and message (written by us, to be shown) and, for image-service failures,
 * Google's reason and the retry-after; anything else becomes `INTERNAL` with a fixed sentence, because a
 * foreign error's text (a fetch failure, a library message) may quote a header, a cookie or a token.
 */
import { AppError } from '../../shared/app-error.ts';
import type { FailureInfo } from '../../shared/failure-info.ts';
import type { IpcResult } from '../../shared/ipc-channels.ts';

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong inside the app.';

export function success<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function failure(error: FailureInfo): IpcResult<never> {
  return { ok: false, error };
}

/**
 * Google's reasons are machine-readable constants (`PUBLIC_ERROR_UNSAFE_GENERATION`, `RESOURCE_EXHAUSTED`);
 * anything else in that field is not passed on, as it could be text copied from a response.
 */
const MACHINE_REASON = /^[A-Z0-9][A-Z0-9_.]{0,119}$/;

function machineReason(value: unknown): string | null {
  return typeof value === 'string' && MACHINE_REASON.test(value) ? value : null;
}

function optionalNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The plain shape of anything a handler threw. */
export function toIpcError(error: unknown): FailureInfo {
  if (!(error instanceof AppError)) return { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE, reason: null, retryAfterMs: null };
  const details = error as AppError & { reason?: unknown; retryAfterMs?: unknown };
  return { code: error.code, message: error.message, reason: machineReason(details.reason), retryAfterMs: optionalNumber(details.retryAfterMs) };
}
