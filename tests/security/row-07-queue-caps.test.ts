/**
 * Row 7 of issue 15: no cap on queued jobs or on a prompt's raw length before trimming — 10,000 jobs made
 * a 22.7 MB `list-jobs` reply and a 20 MB whitespace prompt was accepted. Now at most MAX_QUEUED_JOBS
 * unfinished jobs (INVALID_INPUT past it, all or nothing), a raw prompt is capped before it is trimmed,
 * and `generation:list-jobs` answers one bounded page at a time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenerationQueue } from '../../src/services/imagefx/generation-queue.ts';
import { AppError } from '../../src/shared/app-error.ts';
import { MAX_JOB_PAGE, MAX_PROMPT_LENGTH, MAX_QUEUED_JOBS } from '../../src/shared/generation-options.ts';
import type { BatchSettings, GenerationJob } from '../../src/shared/generation-schemas.ts';
import { batchRequestsSchema, generateRequestSchema, promptSchema } from '../../src/shared/generation-schemas.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { createTestQueue } from '../support/generation-queue-fixture.ts';
import { GatedGenerator, RecordingSink } from '../support/imagefx-gated-generator.ts';
import { createIpcHarness, type IpcHarness } from '../support/ipc-harness.ts';

const SETTINGS: BatchSettings = { count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' };

function newQueue(): { queue: GenerationQueue; generator: GatedGenerator } {
  const generator = new GatedGenerator();
  const { queue } = createTestQueue({ generator, sink: new RecordingSink(), clock: new FakeClock(Date.UTC(2026, 2, 1)) });
  return { queue, generator };
}

function fill(queue: GenerationQueue, jobs: number): void {
  const prompts = Array.from({ length: jobs }, (_, index) => `prompt ${index}`);
  for (let start = 0; start < prompts.length; start += 500) queue.enqueueBatch(prompts.slice(start, start + 500).map((prompt) => ({ ...SETTINGS, prompt })));
}

function invalidInput(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_INPUT') return error;
    throw error;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('row 7: caps on the queue, the prompt and the job list', () => {
  it('queues at most MAX_QUEUED_JOBS unfinished jobs; past it INVALID_INPUT, all or nothing; finished jobs do not count', () => {
    expect(MAX_QUEUED_JOBS).toBe(1000);
    const { queue } = newQueue();
    fill(queue, MAX_QUEUED_JOBS); // one runs (the generator holds it), the rest wait
    const before = queue.listJobs().length;
    const single = invalidInput(() => queue.enqueue({ ...SETTINGS, prompt: 'one too many' }));
    expect(single.message).toMatch(/at most 1,?000 unfinished jobs/i);
    invalidInput(() => queue.enqueueBatch([{ ...SETTINGS, prompt: 'a' }, { ...SETTINGS, prompt: 'b' }]));
    expect(queue.listJobs()).toHaveLength(before);

    // Cancelled jobs are finished: room again, exactly as much as was freed.
    for (const job of queue.listJobs().slice(-2)) queue.cancel(job.id);
    expect(queue.enqueueBatch([{ ...SETTINGS, prompt: 'x' }, { ...SETTINGS, prompt: 'y' }])).toHaveLength(2);
    invalidInput(() => queue.enqueue({ ...SETTINGS, prompt: 'z' }));
    queue.clearFinished();
    invalidInput(() => queue.enqueue({ ...SETTINGS, prompt: 'z' }));
  });

  it('refuses a prompt whose raw text is longer than 4 × MAX_PROMPT_LENGTH, before trimming it', () => {
    const whitespace = ' '.repeat(20 * 1024 * 1024);
    expect(promptSchema.safeParse(`${whitespace}a cat${whitespace}`).success).toBe(false);
    expect(promptSchema.safeParse(`${' '.repeat(4 * MAX_PROMPT_LENGTH)}a cat`).success).toBe(false);
    expect(promptSchema.safeParse(`${' '.repeat(4 * MAX_PROMPT_LENGTH - 10)}a cat`).success).toBe(true);
    expect(generateRequestSchema.safeParse({ ...SETTINGS, prompt: `${whitespace}a cat` }).success).toBe(false);
    expect(batchRequestsSchema.safeParse([{ ...SETTINGS, prompt: 'a cat' }, { ...SETTINGS, prompt: `${whitespace}a dog` }]).success).toBe(false);
  });

  describe('generation:list-jobs', () => {
    let harness: IpcHarness;
    let queue: GenerationQueue;
    beforeEach(async () => {
      queue = newQueue().queue;
      harness = await createIpcHarness({ services: () => ({ queue }) });
    });
    afterEach(() => harness.registry.dispose());

    it('answers bounded pages that together list every job once, in order', async () => {
      fill(queue, MAX_QUEUED_JOBS);
      const seen: GenerationJob[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const reply: Awaited<ReturnType<typeof harness.invoke<'generation:list-jobs'>>> = await harness.invoke('generation:list-jobs', { after, limit: MAX_JOB_PAGE });
        if (!reply.ok) throw new Error(reply.error.message);
        expect(reply.value.jobs.length).toBeLessThanOrEqual(MAX_JOB_PAGE);
        expect(JSON.stringify(reply.value).length).toBeLessThan(1024 * 1024);
        expect(reply.value.holdReason).toBeNull();
        seen.push(...reply.value.jobs);
        after = reply.value.nextCursor;
        pages += 1;
      } while (after !== null && pages < 100);
      expect(pages).toBe(Math.ceil(MAX_QUEUED_JOBS / MAX_JOB_PAGE));
      expect(seen.map((job) => job.id)).toEqual(queue.listJobs().map((job) => job.id));
    });

    it('misses no job when the cursor job is cleared (the listing starts again from the front), and refuses pages past the cap', async () => {
      fill(queue, 10);
      const first = await harness.invoke('generation:list-jobs', { after: null, limit: 4 });
      if (!first.ok) throw new Error(first.error.message);
      expect(first.value.jobs.map((job) => job.id)).toEqual(queue.listJobs().slice(0, 4).map((job) => job.id));
      for (const job of queue.listJobs().slice(1, 4)) queue.cancel(job.id);
      queue.clearFinished();
      const second = await harness.invoke('generation:list-jobs', { after: first.value.nextCursor, limit: 4 });
      if (!second.ok) throw new Error(second.error.message);
      // job-4 (the cursor) left the list: the page starts from the front again, so nothing in line is skipped.
      expect(second.value.jobs.map((job) => job.id)).toEqual(['job-1', 'job-5', 'job-6', 'job-7']);

      for (const limit of [0, MAX_JOB_PAGE + 1, 1.5]) {
        const refused = await harness.invoke('generation:list-jobs', { after: null, limit });
        expect(refused, String(limit)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
    });
  });
});
