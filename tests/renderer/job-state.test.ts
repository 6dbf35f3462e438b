/**
 * What a job card says, from `describeJob`: each wait in words, with a countdown while it has an end and
 * the cause of a retry; a sign-in wait offers "Sign in"; jobs that do not wait read by their status.
 */
import { describe, expect, it } from 'vitest';
import { describeJob, formatCountdown } from '../../src/renderer/job-state.ts';
import type { FailureInfo } from '../../src/shared/failure-info.ts';
import type { GenerationJob, JobWait } from '../../src/shared/generation-schemas.ts';

const NOW = Date.UTC(2026, 5, 1, 12, 0);

function job(changes: Partial<GenerationJob> = {}): GenerationJob {
  return {
    id: 'job-1',
    batchId: null,
    accountId: 'account-1',
    request: { prompt: 'a harbour', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' },
    status: 'running',
    pauseReason: null,
    wait: null,
    failure: null,
    settings: null,
    images: [],
    createdAt: NOW - 1_000,
    startedAt: null,
    finishedAt: null,
    ...changes,
  };
}

const failure = (code: FailureInfo['code']): FailureInfo => ({ code, message: '', reason: null, retryAfterMs: null });
const waiting = (reason: JobWait['reason'], until: number | null, changes: Partial<GenerationJob> = {}) => describeJob(job({ wait: { reason, until }, ...changes }), NOW);

describe('describeJob', () => {
  it('a retry says when and why, and counts down', () => {
    expect(waiting('retry', NOW + 12_000, { failure: failure('SERVICE_ERROR') })).toEqual({
      label: 'Retrying',
      tone: 'running',
      detail: 'Retrying in 12 s — Google is busy',
      countdownUntil: NOW + 12_000,
      action: null,
    });
    expect(waiting('retry', NOW + 1_500, { failure: failure('NETWORK') }).detail).toBe('Retrying in 2 s — the connection dropped');
    expect(waiting('retry', NOW + 4_000, { failure: failure('TIMEOUT') }).detail).toBe('Retrying in 4 s — Google did not answer in time');
    expect(waiting('retry', NOW + 4_000, { failure: failure('UNEXPECTED_PAGE') }).detail).toBe('Retrying in 4 s — Google sent a web page instead of images');
    expect(waiting('rate-limited', NOW + 600_000, { failure: failure('RATE_LIMITED') }).detail).toBe('Retrying in 10 min — Google asked us to slow down');
  });

  it('once the end has passed, it no longer counts down', () => {
    expect(waiting('retry', NOW - 10, { failure: failure('SERVICE_ERROR') })).toMatchObject({ detail: 'Retrying in 1 s — Google is busy', countdownUntil: null });
  });

  it('the pause between generations, the network, labs.google', () => {
    expect(waiting('pacing', NOW + 3_000, { status: 'queued' })).toMatchObject({ label: 'Waiting', detail: 'Starting in 3 s — a short pause between generations' });
    expect(waiting('offline', null, { status: 'queued' })).toMatchObject({ detail: expect.stringMatching(/^Waiting for the network/), countdownUntil: null });
    expect(waiting('google-unreachable', null, { status: 'queued' }).detail).toMatch(/^Waiting for Google — it is not answering/);
  });

  it('a sign-in wait offers to sign in, whether the session ended or the account is not the active one', () => {
    expect(waiting('sign-in', null, { status: 'paused', pauseReason: 'AUTH_REQUIRED' })).toEqual({
      label: 'Waiting',
      tone: 'paused',
      detail: 'Waiting for sign-in — the session ended',
      countdownUntil: null,
      action: 'sign-in',
    });
    expect(waiting('sign-in', null, { status: 'queued' })).toMatchObject({ detail: 'Waiting for sign-in — this account is not signed in', action: 'sign-in' });
  });

  it('without a wait, the status speaks: failures by their code, Google’s non-image included', () => {
    expect(describeJob(job(), NOW)).toEqual({ label: 'Generating', tone: 'running', detail: '', countdownUntil: null, action: null });
    expect(describeJob(job({ status: 'failed', failure: failure('UNREADABLE_IMAGE') }), NOW).detail).toContain('Google sent something that is not an image');
    expect(describeJob(job({ status: 'paused', pauseReason: 'USER' }), NOW)).toMatchObject({ label: 'Paused', detail: 'Paused by you', action: null });
    expect(describeJob(job({ status: 'completed', images: [] }), NOW).detail).toBe('Google sent 0 of 2 images.');
    // Zero pictures in Google's answer fail the job (it is not retried by itself): named as such, not "ImageFX had a problem".
    const empty: FailureInfo = { code: 'SERVICE_ERROR', message: 'ImageFX returned no images.', reason: 'EMPTY_RESPONSE', retryAfterMs: null };
    expect(describeJob(job({ status: 'failed', failure: empty }), NOW)).toEqual({
      label: 'No images',
      tone: 'failed',
      detail: 'Google sent 0 of 2 images, so nothing was saved. Retry it from the Queue.',
      countdownUntil: null,
      action: null,
    });
    expect(describeJob(job({ status: 'failed', failure: failure('SERVICE_ERROR') }), NOW)).toMatchObject({ label: 'Failed', detail: expect.stringMatching(/^ImageFX had a problem/) });
  });
});

describe('formatCountdown', () => {
  it('seconds under a minute and a half, then minutes; never below one second', () => {
    expect([formatCountdown(NOW + 400, NOW), formatCountdown(NOW + 89_000, NOW), formatCountdown(NOW + 91_000, NOW), formatCountdown(NOW - 5, NOW)]).toEqual([
      '1 s',
      '89 s',
      '2 min',
      '1 s',
    ]);
  });
});
