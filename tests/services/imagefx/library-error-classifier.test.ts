/**
 * The classifier on message shapes the emulator does not produce (RetryInfo details, QuotaFailure,
 * tRPC errors, wrapped causes), and the promise that nothing from a response body reaches a message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProtoDuration, readGoogleErrorFacts } from '../../../src/services/imagefx/google-error-body.ts';
import { classifyLibraryError } from '../../../src/services/imagefx/library-error-classifier.ts';

/** An error shaped exactly as 3.0.3 throws it (name and message; the class itself is not needed). */
function libraryError(message: string, name = 'ImageFXError'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function httpFailure(status: number, body: unknown, verb = 'invalid'): Error {
  return libraryError(`Server responded with ${verb} response (${status}): ${typeof body === 'string' ? body : JSON.stringify(body)}`);
}

function googleBody(code: number, status: string, details: unknown[] = []): unknown {
  return { error: { code, status, message: 'whatever Google says', details } };
}

describe('Google error bodies', () => {
  it('reads RetryInfo delays in both JSON forms', () => {
    expect(parseProtoDuration('30s')).toBe(30_000);
    expect(parseProtoDuration('1.500s')).toBe(1_500);
    expect(parseProtoDuration({ seconds: '2', nanos: 250_000_000 })).toBe(2_250);
    expect(parseProtoDuration('soon')).toBeNull();
    expect(parseProtoDuration(-1)).toBeNull();
  });

  it('keeps only machine-readable identifiers', () => {
    const facts = readGoogleErrorFacts(
      JSON.stringify(googleBody(400, 'INVALID_ARGUMENT', [{ reason: 'PUBLIC_ERROR_UNSAFE_GENERATION' }, { reason: 'has spaces <script>' }, 'junk'])),
    );
    expect(facts).toEqual({ status: 'INVALID_ARGUMENT', reasons: ['PUBLIC_ERROR_UNSAFE_GENERATION'], retryDelayMs: null, quotaFailure: false });
    expect(readGoogleErrorFacts('<html>')).toEqual({ status: null, reasons: [], retryDelayMs: null, quotaFailure: false });
  });
});

describe('classifyLibraryError', () => {
  it('takes a 429 delay from RetryInfo', () => {
    const error = classifyLibraryError(
      httpFailure(429, googleBody(429, 'RESOURCE_EXHAUSTED', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }])),
      'generate',
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 17_000, retryable: true, httpStatus: 429 });
    expect(error.message).toContain('17 s');
  });

  it('tells quota apart from rate limiting', () => {
    const quotaFailure = googleBody(429, 'RESOURCE_EXHAUSTED', [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] }]);
    expect(classifyLibraryError(httpFailure(429, quotaFailure), 'generate')).toMatchObject({ code: 'QUOTA_REACHED', retryable: false });
    expect(classifyLibraryError(httpFailure(429, googleBody(429, 'RESOURCE_EXHAUSTED')), 'generate')).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: null });
  });

  it('maps labs.google tRPC errors', () => {
    const trpc = (code: string, status: number): Error =>
      httpFailure(status, { error: { json: { message: 'x', code: -1, data: { code, httpStatus: status } } } }, 'unexpected');
    expect(classifyLibraryError(trpc('UNAUTHORIZED', 401), 'caption').code).toBe('AUTH_REQUIRED');
    expect(classifyLibraryError(trpc('NOT_FOUND', 404), 'fetch-media').code).toBe('NOT_FOUND');
    expect(classifyLibraryError(trpc('BAD_REQUEST', 400), 'caption').code).toBe('INVALID_INPUT');
    expect(classifyLibraryError(trpc('TOO_MANY_REQUESTS', 429), 'caption').code).toBe('RATE_LIMITED');
    expect(classifyLibraryError(trpc('INTERNAL_SERVER_ERROR', 500), 'caption')).toMatchObject({ code: 'SERVICE_ERROR', retryable: true });
  });

  it('treats other PUBLIC_ERROR reasons of a 400 as safety refusals', () => {
    const body = googleBody(400, 'INVALID_ARGUMENT', [{ reason: 'PUBLIC_ERROR_MINORS' }]);
    expect(classifyLibraryError(httpFailure(400, body), 'generate')).toMatchObject({ code: 'SAFETY_REFUSED', reason: 'PUBLIC_ERROR_MINORS', retryable: false });
    expect(classifyLibraryError(httpFailure(400, googleBody(400, 'INVALID_ARGUMENT')), 'generate').code).toBe('INVALID_INPUT');
  });

  it('maps the library’s non-HTTP failures', () => {
    expect(classifyLibraryError(libraryError('Failed to generate image: fetch failed'), 'generate')).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(classifyLibraryError(libraryError('Failed to fetch image: terminated'), 'caption').code).toBe('NETWORK');
    expect(classifyLibraryError(libraryError('Failed to generate image: Unexpected end of JSON input'), 'generate').reason).toBe('MALFORMED_RESPONSE');
    expect(classifyLibraryError(libraryError('Server responded with empty images'), 'generate')).toMatchObject({ code: 'SERVICE_ERROR', reason: 'EMPTY_RESPONSE' });
    expect(classifyLibraryError(libraryError('Server responded with empty image'), 'fetch-media').code).toBe('NOT_FOUND');
    expect(classifyLibraryError(libraryError('Failed to fetch image: Body is unusable: Body has already been read'), 'caption').reason).toBe('EMPTY_RESPONSE');
    expect(classifyLibraryError(libraryError('Encoded image data is required', 'ImageError'), 'generate').reason).toBe('EMPTY_IMAGE');
    expect(classifyLibraryError(libraryError("Image doesn't exist at path: /x.png"), 'caption').code).toBe('INVALID_INPUT');
    expect(classifyLibraryError(new TypeError('fetch failed'), 'generate').code).toBe('NETWORK');
    expect(classifyLibraryError('a string', 'generate').code).toBe('SERVICE_ERROR');
  });

  it('maps the library’s own session failures (AccountError)', () => {
    expect(classifyLibraryError(libraryError('Authentication failed (401): {}', 'AccountError'), 'generate')).toMatchObject({ code: 'AUTH_REQUIRED', httpStatus: 401 });
    expect(classifyLibraryError(libraryError('Invalid session response: missing required fields', 'AccountError'), 'generate').code).toBe('AUTH_REQUIRED');
    expect(classifyLibraryError(libraryError('Authentication failed (503): down', 'AccountError'), 'generate')).toMatchObject({ code: 'SERVICE_ERROR', retryable: true });
  });

  it('never puts anything from the response body into the message', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(400, 401, 403, 404, 429, 500, 503),
        // A marker no message of ours contains, around arbitrary text a body could echo (a token, say).
        fc.string().map((text) => `QZX${text}XZQ`),
        fc.constantFrom('generate', 'caption', 'fetch-media') as fc.Arbitrary<'generate' | 'caption' | 'fetch-media'>,
        (status, secret, operation) => {
          const body = { ...(googleBody(status, 'SOMETHING', [{ reason: 'PUBLIC_ERROR_X', note: secret }, { retryDelay: secret }]) as object), echo: secret };
          const classified = [
            classifyLibraryError(httpFailure(status, body), operation),
            classifyLibraryError(httpFailure(status, secret), operation),
            classifyLibraryError(libraryError(`Failed to generate image: ${secret}`), operation),
            classifyLibraryError(libraryError(`Authentication failed (${status}): ${secret}`, 'AccountError'), operation),
          ];
          for (const error of classified) {
            expect(`${error.message} ${error.reason ?? ''}`).not.toContain('QZX');
            expect(error.message).not.toMatch(/[{<]/);
          }
        },
      ),
    );
  });
});
