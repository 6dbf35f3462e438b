/**
 * The queue as a line and its wording: order (running, waiting in the queue's order, finished newest
 * first), places in line, estimates from recent durations (median), true counts, and how each state reads
 * — a job that finished without its pictures is not "Done".
 */
import { describe, expect, it } from 'vitest';
import { describeJob } from '../../src/renderer/job-state.ts';
import { queueLine, runDuration, statusCounts, typicalDuration } from '../../src/renderer/queue-line.ts';
import { imageInfoFixture, jobFixture } from '../support/job-fixtures.ts';

const job = jobFixture;
const image = imageInfoFixture('m');

describe('queueLine', () => {
  it('orders the line and numbers the waiting jobs; estimates queued ones from the median duration', () => {
    const jobs = [
      job('job-1', 'completed', { finishedAt: 10 }),
      job('job-2', 'queued'),
      job('job-3', 'running'),
      job('job-4', 'paused'),
      job('job-5', 'queued'),
      job('job-6', 'failed', { finishedAt: 20 }),
    ];
    const line = queueLine(jobs, [30_000, 1_000_000, 20_000, 40_000, 30_000]);
    expect(line.map((entry) => [entry.job.id, entry.position, entry.waitMs])).toEqual([
      ['job-3', null, null],
      ['job-2', 1, 30_000], // behind the running job
      ['job-4', 2, null], // paused: it does not start on its own
      ['job-5', 3, 60_000], // behind the running job and job-2; the paused one is skipped
      ['job-6', null, null],
      ['job-1', null, null],
    ]);
  });

  it('gives no estimate before any generation finished', () => {
    expect(queueLine([job('job-1', 'running'), job('job-2', 'queued')], []).map((entry) => entry.waitMs)).toEqual([null, null]);
  });

  it('takes the median of the last ten durations and the run time of completed jobs only', () => {
    expect(typicalDuration([])).toBeNull();
    expect(typicalDuration([5, 1, 3])).toBe(3);
    expect(typicalDuration([9_999, ...Array(10).fill(2), 4])).toBe(2);
    expect(runDuration(job('a', 'completed', { startedAt: 100, finishedAt: 350 }))).toBe(250);
    expect(runDuration(job('b', 'failed', { startedAt: 100, finishedAt: 350 }))).toBeNull();
  });

  it('counts every job by status, however many', () => {
    const jobs = [...Array.from({ length: 380 }, (_, index) => job(`q${index}`, 'queued')), job('r', 'running'), ...Array.from({ length: 119 }, (_, index) => job(`f${index}`, 'failed'))];
    expect(statusCounts(jobs)).toEqual({ queued: 380, running: 1, paused: 0, completed: 0, failed: 119, cancelled: 0 });
  });
});

describe('describeJob', () => {
  it('words each state once for every view', () => {
    expect(describeJob(job('a', 'queued'), 0)).toEqual({ label: 'Waiting', tone: 'waiting', detail: '', countdownUntil: null, action: null });
    expect(describeJob(job('a', 'paused', { pauseReason: 'AUTH_REQUIRED' }), 0)).toEqual({ label: 'Paused', tone: 'paused', detail: 'Waiting for sign-in: the session ended', countdownUntil: null, action: null });
    expect(describeJob(job('a', 'completed', { images: [image, image, image, image] }), 0)).toEqual({ label: 'Done', tone: 'done', detail: '4 images saved to your gallery.', countdownUntil: null, action: null });
    expect(describeJob(job('a', 'cancelled'), 0).tone).toBe('cancelled');
    const failed = job('a', 'failed', { failure: { code: 'SAFETY_REFUSED', message: 'x', reason: null, retryAfterMs: null } });
    expect(describeJob(failed, 0)).toMatchObject({ label: 'Failed', tone: 'failed', detail: expect.stringMatching(/^Prompt declined\. /) });
  });

  it('does not call a job that got fewer pictures than it asked for "Done"', () => {
    expect(describeJob(job('a', 'completed'), 0)).toEqual({ label: 'No images', tone: 'warning', detail: 'Google sent 0 of 4 images.', countdownUntil: null, action: null });
    expect(describeJob(job('a', 'completed', { images: [image, image] }), 0)).toEqual({ label: 'Incomplete', tone: 'warning', detail: 'Google sent 2 of 4 images.', countdownUntil: null, action: null });
  });
});
