/**
 * GenerationQueue scheduling and control, with a gated generator so every step is observable.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/app-error.ts';
import { ImageServiceError } from '../../../src/services/imagefx/image-service-error.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { createTestQueue, NO_PACING, TEST_ACCOUNT, TestAccounts } from '../../support/generation-queue-fixture.ts';
import { GatedGenerator, RecordingSink } from '../../support/imagefx-gated-generator.ts';
import { batch, gatedQueue as setup, settle, SETTINGS } from '../../support/queue-fixture.ts';

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
    expect(job).toMatchObject({ id: 'job-1', batchId: null, accountId: TEST_ACCOUNT, status: 'running', wait: null, request: { prompt: 'owl', seed: null } });
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
    queue.accountRestored(TEST_ACCOUNT);
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
    queue.accountRestored(TEST_ACCOUNT);
    const fresh = queue.enqueue({ ...SETTINGS, prompt: 'after sign-in' });
    expect(queue.getJob(fresh.id)?.status).toBe('running');
    generator.callFor('after sign-in').succeed();
    await queue.whenIdle();
    expect(queue.getJob(fresh.id)?.status).toBe('completed');
  });

  it('Resume on a job waiting for sign-in, while still signed out, does not re-fail it: it waits for the sign-in, visibly', async () => {
    const accounts = new TestAccounts();
    const generator = new GatedGenerator();
    const { queue } = createTestQueue({ generator, sink: new RecordingSink(), clock: new FakeClock(), accounts, pacing: NO_PACING });
    const [a] = queue.enqueueBatch(batch(['a', 'b']));
    generator.callFor('a').fail(new ImageServiceError('AUTH_REQUIRED', 'sign in'));
    await queue.whenIdle();
    expect(queue.getJob(a!.id)).toMatchObject({ status: 'paused', pauseReason: 'AUTH_REQUIRED', wait: { reason: 'sign-in', until: null } });
    accounts.signedIn = false;
    expect(queue.resume(a!.id)).toBe(true);
    queue.resumeAll();
    expect(queue.listJobs().map((job) => [job.status, job.wait?.reason])).toEqual([['queued', 'sign-in'], ['queued', 'sign-in']]);
    expect(generator.calls).toHaveLength(1);
    accounts.signedIn = true;
    queue.accountRestored(TEST_ACCOUNT);
    expect(queue.getJob(a!.id)).toMatchObject({ status: 'running', wait: null });
  });

  it('leaves other holds alone: quota and unusual activity wait for the user', async () => {
    const { generator, queue, statuses } = setup();
    queue.enqueueBatch(batch(['a', 'b']));
    generator.callFor('a').fail(new ImageServiceError('QUOTA_REACHED', 'quota'));
    await queue.whenIdle();
    queue.accountRestored(TEST_ACCOUNT);
    expect(queue.snapshot().holdReason).toBe('QUOTA_REACHED');
    expect(statuses()).toEqual(['a:paused', 'b:paused']);
  });
});
