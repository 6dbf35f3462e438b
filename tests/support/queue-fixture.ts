/**
 * A GenerationQueue over the gated generator and a recording sink, for the queue's own tests: every
 * event kept, statuses as `prompt:status`, batches of one request per prompt.
 */
import type { BatchSettings, GenerateRequest, GenerationJobEvent } from '../../src/shared/generation-schemas.ts';
import { FakeClock } from './fake-clock.ts';
import { createTestQueue, NO_PACING } from './generation-queue-fixture.ts';
import { GatedGenerator, RecordingSink } from './imagefx-gated-generator.ts';

export const SETTINGS: BatchSettings = { count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 11, model: 'IMAGEN_3_5' };

/** One request per prompt, with the same settings. */
export const batch = (prompts: readonly string[], settings: BatchSettings = SETTINGS): GenerateRequest[] => prompts.map((prompt) => ({ ...settings, prompt }));

/** Lets every pending promise chain run to its end. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function gatedQueue() {
  const generator = new GatedGenerator();
  const sink = new RecordingSink();
  const { queue } = createTestQueue({ generator, sink, clock: new FakeClock(), pacing: NO_PACING });
  const events: GenerationJobEvent[] = [];
  queue.onDidChangeJob((event) => events.push(event));
  const statuses = (): string[] => queue.listJobs().map((job) => `${job.request.prompt}:${job.status}`);
  return { generator, sink, queue, events, statuses };
}
