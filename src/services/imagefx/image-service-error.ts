/**
 * The one error type the image service throws. Besides the stable `code` it carries what a caller needs to
 * act on (Google's reason, how long to wait) and never the raw response body, which could echo a secret.
 */
import { AppError, type ErrorCode } from '../../shared/app-error.ts';
import type { FailureInfo } from '../../shared/failure-info.ts';

export interface ImageServiceErrorDetails {
  /** Google's machine-readable reason (`PUBLIC_ERROR_UNSAFE_GENERATION`, `RESOURCE_EXHAUSTED`, …), when known. */
  readonly reason?: string | null;
  /** How long Google asked us to wait before trying again, milliseconds. */
  readonly retryAfterMs?: number | null;
  /** HTTP status of the failed response, when there was one. */
  readonly httpStatus?: number | null;
  /** True when trying the same request again may succeed (network, 5xx, rate limit). */
  readonly retryable?: boolean;
}

export class ImageServiceError extends AppError {
  readonly reason: string | null;
  readonly retryAfterMs: number | null;
  readonly httpStatus: number | null;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, details: ImageServiceErrorDetails = {}) {
    super(code, message);
    this.name = 'ImageServiceError';
    this.reason = details.reason ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.httpStatus = details.httpStatus ?? null;
    this.retryable = details.retryable ?? false;
  }
}

/**
 * Turns anything thrown into a serialisable failure. An `AppError` keeps its code and message (both written
 * to be shown); anything else becomes `INTERNAL` with a generic message, since its text is not ours to show.
 */
export function toFailureInfo(error: unknown): FailureInfo {
  if (error instanceof ImageServiceError) {
    return { code: error.code, message: error.message, reason: error.reason, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof AppError) return { code: error.code, message: error.message, reason: null, retryAfterMs: null };
  return { code: 'INTERNAL', message: 'Something went wrong inside the app.', reason: null, retryAfterMs: null };
}

/** The error for an operation stopped by its caller. */
export function cancelledError(): ImageServiceError {
  return new ImageServiceError('CANCELLED', 'The request was cancelled.');
}
