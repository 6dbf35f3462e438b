/**
 * GenerationQueue scheduling and control, with a gated generator so every step is observable.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/app-error.ts';
import type { BatchSettings, GenerateRequest, GenerationJobEvent } from '../../../src/shared/generation-schemas.ts';
import { GenerationQueue } from '../../../src/services/imagefx/generation-queue.ts';
import { ImageServiceError } from '../../../src/services/imagefx/image-service-error.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { GatedGenerator, RecordingSink } from '../../support/imagefx-gated-generator.ts';

const SETTINGS: BatchSettings = { count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 11, model: 'IMAGEN_3_5' };

/** One request per prompt, with the same settings. */
const batch = (prompts: readonly string[], settings: BatchSettings = SETTINGS): GenerateRequest[] => prompts.map((prompt) => ({ ...settings, prompt }));

/** Lets every pending promise chain run to its end. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const generator = new GatedGenerator();
  const sink = new RecordingSink();
  const queue = new GenerationQueue({ generator, sink, clock: new FakeClock() });
  const events: GenerationJobEvent[] = [];
  queue.onDidChangeJob((event) => events.push(event));
  const statuses = (): string[] => queue.listJobs().map((job) => `${job.request.prompt}:${job.status}`);
  return { generator, sink, queue, events, statuses };
}

describe('one generation in flight', () => {
  it('runs jobs one after another, in the order queued, starting the next as one finishes', async () => {
    const { generator, queue } = setup();
    queue.enqueueBatch(batch(['a', 'b', 'c']));
    expect(generator.prompts).toEqual(['a']);
    generator.callFor('a').succeed();
    await settle();
    expect(generator.prompts).toEqual(['a', 'b']);
    generator.callFor('b').fail(new ImageServiceError('SAFETY_REFUSED', 'refused'));
    await settle();
    expect(generator.prompts).toEqual(['a', 'b', 'c']);
    generator.callFor('c').succeed();
    await queue.whenIdle();
    expect(generator.maxInFlight).toBe(1);
  });
});

describe('images and events', () => {
  it('hands each image to the sink before announcing it, and reports the job life cycle', async () => {
    const { generator, sink, queue, events } = setup();
    const seen: number[] = [];
    queue.onDidChangeJob((event) => {
      if (event.type === 'image-received') seen.push(sink.images.length);
    });
    const job = queue.enqueue({ ...SETTINGS, prompt: 'owl', seed: null });
    expect(job).toMatchObject({ id: 'job-1', batchId: null, status: 'running', request: { prompt: 'owl', seed: null } });
    generator.callFor('owl').options.onRetry?.({ attempt: 2, delayMs: 1500, failure: { code: 'NETWORK', message: 'x', reason: null, retryAfterMs: null } });
    generator.callFor('owl').succeed();
    await queue.whenIdle();

    expect(events.map((event) => event.type)).toEqual(['queued', 'running', 'retrying', 'image-received', 'image-received', 'completed']);
    expect(seen).toEqual([1, 2]);
    expect(sink.images.map((entry) => entry.settings.seed)).toEqual([7, 7]);
    const received = events.filter((event) => event.type === 'image-received');
    for (const event of received) expect(event).not.toHaveProperty('image.encodedImage');
    expect(queue.getJob('job-1')).toMatchObject({ status: 'completed', settings: { prompt: 'owl', seed: 7 }, images: [{ mediaId: 'media-owl-0' }, { mediaId: 'media-owl-1' }] });
  });

  it('keeps the images of finished jobs when later jobs fail or are cancelled', async () => {
    const { generator, sink, queue, statuses } = setup();
    const [first, second, third, fourth] = queue.enqueueBatch(batch(['one', 'two', 'three', 'four']));
    generator.callFor('one').succeed();
    await settle();
    // Already stored while the batch is still running.
    expect(sink.mediaIds).toEqual(['media-one-0', 'media-one-1']);

    generator.callFor('two').fail(new ImageServiceError('SAFETY_REFUSED', 'refused', { reason: 'PUBLIC_ERROR_UNSAFE_GENERATION' }));
    await settle();
    queue.cancel(third!.id);
    queue.cancel(fourth!.id);
    await queue.whenIdle();

    expect(statuses()).toEqual(['one:completed', 'two:failed', 'three:cancelled', 'four:cancelled']);
    expect(queue.getJob(second!.id)?.failure).toMatchObject({ code: 'SAFETY_REFUSED', reason: 'PUBLIC_ERROR_UNSAFE_GENERATION' });
    expect(queue.getJob(first!.id)?.images).toHaveLength(2);
    expect(sink.mediaIds).toEqual(['media-one-0', 'media-one-1']);
  });

  it('fails the job with the sink error code when storing fails', async () => {
    const { generator, sink, queue, events } = setup();
    sink.failWith = new AppError('STORAGE_UNAVAILABLE', 'disk full');
    queue.enqueue({ ...SETTINGS, prompt: 'x' });
    generator.callFor('x').succeed();
    await queue.whenIdle();
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'STORAGE_UNAVAILABLE' });
  });
});

describe('pause, resume, cancel', () => {
  it('pauses and resumes a waiting job; a running job cannot be paused', async () => {
    const { generator, queue, events } = setup();
    const [a, b, c] = queue.enqueueBatch(batch(['a', 'b', 'c']));
    expect(queue.pause(a!.id)).toBe(false);
    expect(queue.pause(b!.id)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'paused', reason: 'USER', job: { id: b!.id } });
    generator.callFor('a').succeed();
    await settle();
    expect(generator.prompts).toEqual(['a', 'c']);
    expect(queue.resume(b!.id)).toBe(true);
    generator.callFor('c').succeed();
    await settle();
    expect(generator.prompts).toEqual(['a', 'c', 'b']);
    generator.callFor('b').succeed();
    await queue.whenIdle();
    expect(queue.getJob(c!.id)?.status).toBe('completed');
    expect(queue.resume(c!.id)).toBe(false);
  });

  it('cancels a waiting job without running it, and a running one by aborting its request', async () => {
    const { generator, queue, statuses } = setup();
    const [a, b, c] = queue.enqueueBatch(batch(['a', 'b', 'c']));
    expect(queue.cancel(b!.id)).toBe(true);
    const signal = generator.callFor('a').options.signal!;
    expect(queue.cancel(a!.id)).toBe(true);
    expect(signal.aborted).toBe(true);
    await settle();
    expect(statuses()).toEqual(['a:cancelled', 'b:cancelled', 'c:running']);
    generator.callFor('c').succeed();
    await queue.whenIdle();
    expect(queue.cancel(c!.id)).toBe(false);
    expect(generator.prompts).toEqual(['a', 'c']);
  });

  it('pauseAll holds waiting and new jobs while running ones finish; resumeAll runs them', async () => {
    const { generator, queue, statuses } = setup();
    queue.enqueueBatch(batch(['a', 'b']));
    queue.pauseAll();
    queue.enqueue({ ...SETTINGS, prompt: 'c' });
    expect(queue.snapshot().holdReason).toBe('USER');
    generator.callFor('a').succeed();
    await queue.whenIdle();
    expect(statuses()).toEqual(['a:completed', 'b:paused', 'c:paused']);
    queue.resumeAll();
    expect(queue.snapshot().holdReason).toBeNull();
    generator.callFor('b').succeed();
    await settle();
    generator.callFor('c').succeed();
    await queue.whenIdle();
    expect(statuses()).toEqual(['a:completed', 'b:completed', 'c:completed']);
  });

  it('cancelAll cancels running, waiting and paused jobs', async () => {
    const { generator, queue, statuses } = setup();
    const [, , c] = queue.enqueueBatch(batch(['a', 'b', 'c', 'd']));
    queue.pause(c!.id);
    queue.cancelAll();
    await queue.whenIdle();
    expect(statuses()).toEqual(['a:cancelled', 'b:cancelled', 'c:cancelled', 'd:cancelled']);
    expect(generator.prompts).toEqual(['a']);
    expect(generator.inFlight).toBe(0);
    expect(queue.clearFinished()).toBe(4);
    expect(queue.listJobs()).toEqual([]);
  });
});

describe('account-wide failures pause instead of failing', () => {
  for (const [error, reason] of [
    [new ImageServiceError('AUTH_REQUIRED', 'sign in'), 'AUTH_REQUIRED'],
    [new ImageServiceError('QUOTA_REACHED', 'quota'), 'QUOTA_REACHED'],
    [new ImageServiceError('SERVICE_ERROR', 'unusual', { reason: 'PUBLIC_ERROR_UNUSUAL_ACTIVITY' }), 'UNUSUAL_ACTIVITY'],
  ] as const) {
    it(`${reason}: the job and all waiting jobs pause with that reason; resumeAll finishes them`, async () => {
      const { generator, queue, events, statuses } = setup();
      queue.enqueueBatch(batch(['a', 'b', 'c']));
      generator.callFor('a').fail(error);
      await queue.whenIdle();
      expect(statuses()).toEqual(['a:paused', 'b:paused', 'c:paused']);
      expect(queue.snapshot().holdReason).toBe(reason);
      expect(events.filter((event) => event.type === 'paused').map((event) => event.type === 'paused' && event.reason)).toEqual([reason, reason, reason]);
      expect(events.some((event) => event.type === 'failed')).toBe(false);
      queue.enqueue({ ...SETTINGS, prompt: 'd' });
      expect(queue.getJob('job-4')).toMatchObject({ status: 'paused', pauseReason: reason });

      queue.resumeAll();
      for (const prompt of ['a', 'b', 'c', 'd']) {
        await settle();
        generator.calls.filter((call) => call.request.prompt === prompt).at(-1)!.succeed();
      }
      await queue.whenIdle();
      expect(statuses()).toEqual(['a:completed', 'b:completed', 'c:completed', 'd:completed']);
      expect(queue.getJob('job-1')?.failure).toBeNull();
    });
  }
});

describe('the account is restored (signed in again)', () => {
  async function pausedForSignIn() {
    const context = setup();
    const [a, b, c] = context.queue.enqueueBatch(batch(['a', 'b', 'c']));
    context.queue.pause(c!.id);
    context.generator.callFor('a').fail(new ImageServiceError('AUTH_REQUIRED', 'sign in'));
    await context.queue.whenIdle();
    return { ...context, a: a!, b: b!, c: c! };
  }

  it('puts the jobs the sign-in paused back in line and lifts the hold; jobs the user paused stay paused', async () => {
    const { generator, queue, statuses, a, c } = await pausedForSignIn();
    expect(statuses()).toEqual(['a:paused', 'b:paused', 'c:paused']);
    queue.accountRestored();
    expect(queue.snapshot().holdReason).toBeNull();
    expect(queue.getJob(a.id)?.status).toBe('running');
    generator.calls.at(-1)!.succeed();
    await settle();
    generator.calls.at(-1)!.succeed();
    await queue.whenIdle();
    expect(statuses()).toEqual(['a:completed', 'b:completed', 'c:paused']);
    expect(queue.getJob(c.id)?.pauseReason).toBe('USER');
  });

  it('after the paused jobs were cancelled, new jobs run at once (they used to stay paused until "Resume all")', async () => {
    const { generator, queue, a, b, c } = await pausedForSignIn();
    for (const job of [a, b, c]) queue.cancel(job.id);
    queue.accountRestored();
    const fresh = queue.enqueue({ ...SETTINGS, prompt: 'after sign-in' });
    expect(queue.getJob(fresh.id)?.status).toBe('running');
    generator.callFor('after sign-in').succeed();
    await queue.whenIdle();
    expect(queue.getJob(fresh.id)?.status).toBe('completed');
  });

  it('leaves other holds alone: quota and unusual activity wait for the user', async () => {
    const { generator, queue, statuses } = setup();
    queue.enqueueBatch(batch(['a', 'b']));
    generator.callFor('a').fail(new ImageServiceError('QUOTA_REACHED', 'quota'));
    await queue.whenIdle();
    queue.accountRestored();
    expect(queue.snapshot().holdReason).toBe('QUOTA_REACHED');
    expect(statuses()).toEqual(['a:paused', 'b:paused']);
  });
});

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
    const queue = new GenerationQueue({ generator, sink: new RecordingSink(), clock });
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
