/**
 * One clear message per stable error code: every code has its own title and a sentence saying what to
 * do; Google's reasons and retry delays refine it; nothing from the main process's message is shown
 * except for input problems (whose sentence is written for people).
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/app-error.ts';
import { describeWait, ERROR_PRESENTATIONS, presentError, SERVICE_SENTENCE_CODES } from '../../src/renderer/error-messages.ts';

describe('presentError', () => {
  it('has a distinct title and an actionable sentence for every error code', () => {
    expect(Object.keys(ERROR_PRESENTATIONS).sort()).toEqual([...ERROR_CODES].sort());
    const titles = ERROR_CODES.map((code) => ERROR_PRESENTATIONS[code].title);
    expect(new Set(titles).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) {
      const { title, detail } = presentError({ code, message: 'A prompt must have 1 to 2000 characters.', reason: null, retryAfterMs: null });
      expect(title.length).toBeGreaterThan(3);
      expect(detail).toMatch(/^[A-Z].*\.$/);
      if (!SERVICE_SENTENCE_CODES.includes(code)) expect(detail).not.toContain('prompt must have');
    }
  });

  it('refines by Google’s reason, shows the wait for a rate limit, and the service’s sentence for input problems', () => {
    expect(presentError({ code: 'SAFETY_REFUSED', message: '', reason: 'PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED', retryAfterMs: null }).detail).toContain('prominent people');
    expect(presentError({ code: 'SAFETY_REFUSED', message: '', reason: 'PUBLIC_ERROR_UNSAFE_GENERATION', retryAfterMs: null }).detail).toContain('safety policy');
    expect(presentError({ code: 'RATE_LIMITED', message: '', reason: null, retryAfterMs: 30_000 }).detail).toContain('in 30 seconds');
    expect(presentError({ code: 'INVALID_INPUT', message: 'The file has no prompts.', reason: null, retryAfterMs: null }).detail).toBe('The file has no prompts.');
    const denied = 'This account’s Google plan does not include Nano Banana Pro (GEM_PIX_2).';
    expect(presentError({ code: 'MODEL_NOT_ALLOWED', message: denied, reason: 'PUBLIC_ERROR_MODEL_ACCESS_DENIED', retryAfterMs: null }).detail).toBe(denied);
    expect(presentError({ code: 'SAFETY_REFUSED', message: '', reason: 'FLOW_SILENT_FILTER', retryAfterMs: null }).detail).toContain('content filter');
    expect(presentError({ code: 'PAGE_CHANGED', message: '', reason: null, retryAfterMs: null }).title).toBe('Google changed the Flow page');
  });

  it('says Google sent something that is not an image, under its own code or as a SERVICE_ERROR reason', () => {
    const own = presentError({ code: 'UNREADABLE_IMAGE', message: '', reason: null, retryAfterMs: null });
    expect(own.detail).toContain('Google sent something that is not an image');
    expect(presentError({ code: 'SERVICE_ERROR', message: '', reason: 'UNREADABLE_IMAGE', retryAfterMs: null })).toEqual(own);
    expect(presentError({ code: 'SERVICE_ERROR', message: '', reason: 'HTTP_503', retryAfterMs: null }).title).toBe('ImageFX had a problem');
  });

  it('describes waits in words', () => {
    expect(describeWait(1)).toBe('in 1 second');
    expect(describeWait(89_000)).toBe('in 89 seconds');
    expect(describeWait(5 * 60_000)).toBe('in 5 minutes');
    expect(describeWait(3 * 3_600_000)).toBe('in 3 hours');
  });
});
