/**
 * GenerationQueue batches (one request per job) and the line: move a waiting job, remove one, retry a
 * failed or cancelled one (at the end of the line), retry every failed job, when each run began, and the
 * list read in pages in that line's order.
 */
import { describe, expect, it } from 'vitest';
import type { GenerationQueue } from '../../../src/services/imagefx/generation-queue.ts';
import { createTestQueue, NO_PACING } from '../../support/generation-queue-fixture.ts';
import { ImageServiceError } from '../../../src/services/imagefx/image-service-error.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { GatedGenerator, RecordingSink } from '../../support/imagefx-gated-generator.ts';
import { batch, gatedQueue as setup, settle, SETTINGS } from '../../support/queue-fixture.ts';

describe('batches', () => {
  it('queues one job per request, each with its own settings, in order under one batch id', async () => {
    const { queue, generator } = setup();
    const jobs = queue.enqueueBatch([
      { ...SETTINGS, prompt: 'a castle', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE' },
      { ...SETTINGS, prompt: 'b castle', seed: null },
    ]);
    expect(jobs.map((job) => [job.request.prompt, job.request.count, job.request.aspectRatio, job.request.seed])).toEqual([
      ['a castle', 1, 'IMAGE_ASPECT_RATIO_LANDSCAPE', 11],
      ['b castle', 2, 'IMAGE_ASPECT_RATIO_SQUARE', null],
    ]);
    expect(new Set(jobs.map((job) => job.batchId))).toEqual(new Set(['batch-1']));
    expect(generator.callFor('a castle').request).toMatchObject({ count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE' });
    generator.callFor('a castle').succeed();
    await settle();
    expect(generator.prompts).toEqual(['a castle', 'b castle']);
    expect(queue.enqueueBatch(batch(['c castle']))[0]!.batchId).toBe('batch-2');
  });
});

describe('the line: move, remove, retry', () => {
  it('moves a waiting job to the front, up or down among the waiting jobs; the next to run follows the new order', async () => {
    const { generator, queue, statuses } = setup();
    const [a, b, c, d] = queue.enqueueBatch(batch(['a', 'b', 'c', 'd']));
    queue.pause(c!.id);
    expect(queue.move(d!.id, 'top')).toBe(true);
    expect(statuses()).toEqual(['a:running', 'd:queued', 'b:queued', 'c:paused']);
    expect(queue.move(b!.id, 'down')).toBe(true);
    expect(statuses()).toEqual(['a:running', 'd:queued', 'c:paused', 'b:queued']);
    expect(queue.move(c!.id, 'up')).toBe(true);
    expect(statuses()).toEqual(['a:running', 'c:paused', 'd:queued', 'b:queued']);
    expect(queue.move(c!.id, 'up')).toBe(true); // already first among the waiting: stays
    expect(queue.move(b!.id, 'down')).toBe(true); // already last: stays
    expect(statuses()).toEqual(['a:running', 'c:paused', 'd:queued', 'b:queued']);
    expect(queue.move(a!.id, 'top')).toBe(false); // running
    expect(queue.move('job-99', 'top')).toBe(false);
    generator.callFor('a').succeed();
    await settle();
    expect(generator.prompts).toEqual(['a', 'd']);
    expect(queue.move(a!.id, 'down')).toBe(false); // finished
  });

  it('removes a waiting or finished job (a waiting one never runs), never the running one', async () => {
    const { generator, queue, statuses } = setup();
    const [a, b, c] = queue.enqueueBatch(batch(['a', 'b', 'c']));
    expect(queue.remove(a!.id)).toBe(false);
    expect(queue.remove(b!.id)).toBe(true);
    expect(queue.remove(b!.id)).toBe(false);
    generator.callFor('a').succeed();
    await settle();
    expect(generator.prompts).toEqual(['a', 'c']);
    expect(queue.remove(a!.id)).toBe(true);
    generator.callFor('c').succeed();
    await queue.whenIdle();
    expect(statuses()).toEqual(['c:completed']);
    expect(queue.getJob(c!.id)).toBeDefined();
  });

  it('retries a failed or cancelled job at the end of the line, as new; retryFailed retries every failed job', async () => {
    const { generator, queue, statuses, events } = setup();
    const [a, , c, d] = queue.enqueueBatch(batch(['a', 'b', 'c', 'd']));
    generator.callFor('a').fail(new ImageServiceError('SAFETY_REFUSED', 'refused'));
    await settle();
    queue.cancel(c!.id);
    generator.callFor('b').fail(new ImageServiceError('SERVICE_ERROR', 'oops'));
    await settle();
    expect(statuses()).toEqual(['a:failed', 'b:failed', 'c:cancelled', 'd:running']);
    expect(queue.retry(d!.id)).toBe(false); // running
    expect(queue.retry(c!.id)).toBe(true);
    expect(statuses()).toEqual(['a:failed', 'b:failed', 'd:running', 'c:queued']);
    expect(events.at(-1)).toMatchObject({ type: 'queued', job: { id: c!.id, failure: null, finishedAt: null, startedAt: null } });
    expect(queue.retryFailed()).toBe(2);
    expect(statuses()).toEqual(['d:running', 'c:queued', 'a:queued', 'b:queued']);
    expect(queue.getJob(a!.id)).toMatchObject({ failure: null, images: [], settings: null });
    for (const prompt of ['d', 'c', 'a', 'b']) {
      generator.calls.filter((call) => call.request.prompt === prompt).at(-1)!.succeed();
      await settle();
    }
    await queue.whenIdle();
    expect(statuses()).toEqual(['d:completed', 'c:completed', 'a:completed', 'b:completed']);
    expect(queue.retry(a!.id)).toBe(false); // completed
    expect(queue.retryFailed()).toBe(0);
  });

  it('a retried job waits under a hold like any new job', async () => {
    const { generator, queue } = setup();
    const [a] = queue.enqueueBatch(batch(['a']));
    generator.callFor('a').fail(new ImageServiceError('SERVICE_ERROR', 'oops'));
    await queue.whenIdle();
    queue.pauseAll();
    expect(queue.retry(a!.id)).toBe(true);
    expect(queue.getJob(a!.id)).toMatchObject({ status: 'paused', pauseReason: 'USER' });
  });

  it('records when each run began, so the window can estimate how long the line takes', async () => {
    const clock = new FakeClock(1_000);
    const generator = new GatedGenerator();
    const { queue } = createTestQueue({ generator, sink: new RecordingSink(), clock, pacing: NO_PACING });
    const [a, b] = queue.enqueueBatch(batch(['a', 'b']));
    expect(queue.getJob(a!.id)).toMatchObject({ startedAt: 1_000, finishedAt: null });
    expect(queue.getJob(b!.id)?.startedAt).toBeNull();
    await clock.advance(5_000);
    generator.callFor('a').succeed();
    await settle();
    expect(queue.getJob(a!.id)).toMatchObject({ startedAt: 1_000, finishedAt: 6_000 });
    expect(queue.getJob(b!.id)?.startedAt).toBe(6_000);
  });
});

describe('the list in pages', () => {
  /** Reads the whole list `limit` jobs at a time, as the window does; `between` runs after each page. */
  function readAll(queue: GenerationQueue, limit: number, between: (page: number) => void = () => {}): string[] {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 1; ; page += 1) {
      const snapshot = queue.snapshot({ after, limit });
      ids.push(...snapshot.jobs.map((job) => job.id));
      if (snapshot.nextCursor === null) return ids;
      after = snapshot.nextCursor;
      between(page);
    }
  }

  it('pages through the line in its order after retries and moves, every job once', async () => {
    const { generator, queue } = setup();
    const jobs = queue.enqueueBatch(batch(['a', 'b', 'c', 'd', 'e', 'f', 'g']));
    generator.callFor('a').fail(new ImageServiceError('SAFETY_REFUSED', 'refused'));
    await settle();
    generator.callFor('b').fail(new ImageServiceError('SAFETY_REFUSED', 'refused'));
    await settle();
    expect(queue.retryFailed()).toBe(2); // a and b go to the end of the line, behind g
    expect(queue.move(jobs[5]!.id, 'top')).toBe(true); // f becomes the next to run
    const line = queue.listJobs().map((job) => job.id);
    expect(line).toEqual(['job-3', 'job-6', 'job-4', 'job-5', 'job-7', 'job-1', 'job-2']);
    for (const limit of [1, 2, 3, 7, 200]) expect(readAll(queue, limit), `pages of ${limit}`).toEqual(line);
  });

  it('starts again from the front when the job a page ended on left the list, so no job is missed', () => {
    const { queue } = setup();
    queue.enqueueBatch(batch(['a', 'b', 'c', 'd', 'e']));
    const ids = readAll(queue, 2, (page) => {
      if (page === 1) expect(queue.remove('job-2')).toBe(true);
    });
    expect(ids).toEqual(['job-1', 'job-2', 'job-1', 'job-3', 'job-4', 'job-5']);
    expect(queue.snapshot({ after: 'job-5', limit: 2 })).toMatchObject({ jobs: [], nextCursor: null });
  });
});
