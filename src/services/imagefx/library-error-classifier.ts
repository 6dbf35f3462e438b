/**
 * The one place that turns what `@rohitaryal/imagefx-api` 3.0.3 throws into an {@link ImageServiceError}.
 *
 * The library loses the response object: it folds status and body into the message
 * (`Server responded with invalid response (429): {…}`), wraps network and JSON failures as
 * `Failed to generate image: <cause message>`, and throws `AccountError` for session trouble. So the
 * classification is by message shape, parsed here once; messages we produce are our own, never the body.
 */
import { ImageServiceError } from './image-service-error.ts';
import { readGoogleErrorFacts, type GoogleErrorFacts } from './google-error-body.ts';

/** Which library call failed: decides what an empty answer means. */
export type LibraryOperation = 'generate' | 'caption' | 'fetch-media';

/** Reasons that are account-level blocks rather than refusals of the prompt. */
const NON_SAFETY_PUBLIC_REASONS = new Set(['PUBLIC_ERROR_QUOTA_EXCEEDED', 'PUBLIC_ERROR_UNUSUAL_ACTIVITY']);

export const UNUSUAL_ACTIVITY_REASON = 'PUBLIC_ERROR_UNUSUAL_ACTIVITY';

const HTTP_FAILURE = /^Server responded with (?:invalid|unexpected) response \((\d{3})\):\s?([\s\S]*)$/;
const WRAPPED_CAUSE = /^Failed to (?:generate|fetch) image: ([\s\S]*)$/;
const AUTH_FAILURE = /^Authentication failed \((\d{3})\)/;
/** undici's fetch failures ("fetch failed", "terminated" mid-body) and socket error codes. */
const NETWORK_CAUSE = /fetch failed|terminated|network|socket|other side closed|ECONN|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|UND_ERR/i;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function retryHint(retryAfterMs: number | null): string {
  if (retryAfterMs === null) return 'Try again shortly.';
  return `Try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`;
}

function safetyMessage(reason: string): string {
  if (reason.includes('PROMINENT_PEOPLE')) {
    return 'Google declined this prompt because it seems to name or show a well-known person. Rephrase it and try again.';
  }
  return 'Google declined this prompt under its safety policy. Rephrase it and try again.';
}

/** A 200 with a web page (captive portal, Google interstitial) instead of JSON: it may pass, so retried. */
export function webPageError(): ImageServiceError {
  return new ImageServiceError('UNEXPECTED_PAGE', 'Google answered with a web page instead of data (a notice, a sign-in page or a portal?).', {
    reason: 'UNEXPECTED_HTML',
    retryable: true,
  });
}

function networkError(): ImageServiceError {
  return new ImageServiceError('NETWORK', 'Could not reach Google. Check the internet connection.', { retryable: true });
}

/**
 * Maps an HTTP failure (status + Google's error body) to a code. The wait is the longer of the body's
 * RetryInfo and the `Retry-After` header, when the caller could read one.
 */
export function classifyHttpFailure(status: number, body: string, operation: LibraryOperation, retryAfterHeaderMs: number | null = null): ImageServiceError {
  const read: GoogleErrorFacts = readGoogleErrorFacts(body);
  const waits = [read.retryDelayMs, retryAfterHeaderMs].filter((ms): ms is number => ms !== null);
  const facts: GoogleErrorFacts = { ...read, retryDelayMs: waits.length > 0 ? Math.max(...waits) : null };
  const publicReason = facts.reasons.find((reason) => reason.startsWith('PUBLIC_ERROR_')) ?? null;
  const reason = publicReason ?? facts.reasons[0] ?? facts.status;
  const details = { reason, httpStatus: status };

  if (status === 401 || facts.status === 'UNAUTHENTICATED' || facts.status === 'UNAUTHORIZED') {
    return new ImageServiceError('AUTH_REQUIRED', 'Your ImageFX session has ended. Sign in again to continue.', details);
  }
  if (publicReason && !NON_SAFETY_PUBLIC_REASONS.has(publicReason) && status < 500) {
    return new ImageServiceError('SAFETY_REFUSED', safetyMessage(publicReason), details);
  }
  if (status === 429 || facts.status === 'RESOURCE_EXHAUSTED' || facts.status === 'TOO_MANY_REQUESTS') {
    if (facts.quotaFailure || facts.reasons.some((r) => r.includes('QUOTA'))) {
      return new ImageServiceError('QUOTA_REACHED', 'You have reached the ImageFX generation limit for now. Try again later.', details);
    }
    return new ImageServiceError('RATE_LIMITED', `Google is limiting how fast images can be made. ${retryHint(facts.retryDelayMs)}`, {
      ...details,
      retryAfterMs: facts.retryDelayMs,
      retryable: true,
    });
  }
  if (publicReason === UNUSUAL_ACTIVITY_REASON) {
    return new ImageServiceError(
      'SERVICE_ERROR',
      'Google reported unusual activity on this account and paused it. Wait a while, or open ImageFX in a browser, before trying again.',
      details,
    );
  }
  if (status === 404 || facts.status === 'NOT_FOUND') {
    return new ImageServiceError('NOT_FOUND', operation === 'fetch-media' ? 'That image was not found for this account.' : 'ImageFX did not find what was asked for.', details);
  }
  if (status === 400 || facts.status === 'INVALID_ARGUMENT' || facts.status === 'BAD_REQUEST') {
    return new ImageServiceError('INVALID_INPUT', 'Google rejected the request as invalid.', details);
  }
  const retryable = status >= 500 || status === 408;
  return new ImageServiceError('SERVICE_ERROR', `ImageFX had a problem (HTTP ${status}). ${retryable ? 'Try again shortly.' : ''}`.trim(), {
    ...details,
    retryAfterMs: facts.retryDelayMs,
    retryable,
  });
}

/** What a non-HTTP failure inside the library (network, unreadable response) means. */
function classifyCause(cause: string): ImageServiceError {
  if (/Unexpected token '?</.test(cause)) return webPageError();
  if (/JSON/.test(cause)) {
    return new ImageServiceError('SERVICE_ERROR', 'ImageFX sent a response the app could not read.', { reason: 'MALFORMED_RESPONSE' });
  }
  if (NETWORK_CAUSE.test(cause)) return networkError();
  return new ImageServiceError('SERVICE_ERROR', 'ImageFX sent a response the app could not use.', { reason: 'UNEXPECTED_RESPONSE' });
}

/** Classifies anything the library threw. Never copies the library's message (it may hold the body). */
export function classifyLibraryError(error: unknown, operation: LibraryOperation): ImageServiceError {
  if (error instanceof ImageServiceError) return error;
  const message = errorMessage(error);
  const name = errorName(error);

  if (name === 'AccountError') {
    // Only reachable through the library's own session fetch or a missing token: the session is unusable,
    // unless the session endpoint itself failed with a server/rate error.
    const status = Number(AUTH_FAILURE.exec(message)?.[1] ?? 0);
    if (status >= 500 || status === 429) return classifyHttpFailure(status, '', operation);
    return new ImageServiceError('AUTH_REQUIRED', 'Your ImageFX session has ended. Sign in again to continue.', {
      reason: 'SESSION_REJECTED',
      httpStatus: status || null,
    });
  }
  if (name === 'ImageError') {
    return new ImageServiceError('SERVICE_ERROR', 'ImageFX returned an image without picture data.', { reason: 'EMPTY_IMAGE' });
  }
  const http = HTTP_FAILURE.exec(message);
  if (http) return classifyHttpFailure(Number(http[1]), http[2] ?? '', operation);

  if (/^Server responded with empty image/.test(message)) {
    return operation === 'fetch-media'
      ? new ImageServiceError('NOT_FOUND', 'That image was not found for this account.', { reason: 'EMPTY_RESPONSE' })
      : new ImageServiceError('SERVICE_ERROR', 'ImageFX returned no images.', { reason: 'EMPTY_RESPONSE' });
  }
  if (/^Image caption was not in the response/.test(message) || /Body is unusable/.test(message)) {
    // 3.0.3 reads the body a second time to build this message, which itself throws "Body is unusable".
    return new ImageServiceError('SERVICE_ERROR', 'ImageFX returned no caption.', { reason: 'EMPTY_RESPONSE' });
  }
  if (/^Image doesn't exist at path/.test(message)) {
    return new ImageServiceError('INVALID_INPUT', 'The image file could not be found.');
  }
  if (/^(?:Prompt|Image ID) (?:is required|cannot be empty)/.test(message)) {
    return new ImageServiceError('INVALID_INPUT', 'The request is missing its prompt or image id.');
  }
  const wrapped = WRAPPED_CAUSE.exec(message);
  if (wrapped) return classifyCause(wrapped[1] ?? '');
  if (name === 'TypeError' && NETWORK_CAUSE.test(message)) return networkError();
  return new ImageServiceError('SERVICE_ERROR', 'ImageFX failed in an unexpected way.', { reason: 'UNEXPECTED_FAILURE' });
}
