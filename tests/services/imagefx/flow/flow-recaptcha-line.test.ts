/**
 * The line the Flow backend never crosses, checked on a real run: every reCAPTCHA token of a run of several
 * generations (through the queue, one with a reference picture) was minted by Flow's own page code — one per
 * press of Generate, one per upload — and used exactly once; and when Google reports unusual activity the
 * queue stops pressing. The source side of the line is flow-source-lines.test.ts.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.ts';
import { fixedBackend } from '../../../../src/services/imagefx/image-backend.ts';
import { createTestQueue, NO_PACING } from '../../../support/generation-queue-fixture.ts';
import { ImageFXService } from '../../../../src/services/imagefx/imagefx-service.ts';
import { ReferenceImageStore } from '../../../../src/services/imagefx/reference-image-store.ts';
import type { GeneratedImage } from '../../../../src/shared/generation-schemas.ts';
import { withFlowBackend } from '../../../support/flow-backend-fixture.ts';
import { sentGenerations, sentRpcs } from '../../../support/flow-sent-rpcs.ts';

const flow = withFlowBackend();
function queueOnFlow() {
  const { backend } = flow.create();
  const service = new ImageFXService({ backends: fixedBackend(backend), references: new ReferenceImageStore({ randomBytes }), random: Math.random });
  const saved: GeneratedImage[] = [];
  // No pause between generations: this file is about what the page mints per press, not about pacing.
  const { queue } = createTestQueue({ generator: service, sink: { add: async (image) => void saved.push(image) }, clock: systemClock, pacing: NO_PACING });
  return { service, queue, saved };
}

describe('reCAPTCHA tokens', () => {
  it('after a run of generations: all minted by the page, one per Generate press or upload, each used once, never twice', async () => {
    const { service, queue, saved } = queueOnFlow();
    const picture = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c06030' } }).png().toBuffer();
    const staged = service.addReference({ bytes: new Uint8Array(picture) });
    const settings = { count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'NARWHAL' } as const;
    queue.enqueue({ prompt: 'a kite over dunes', ...settings, referenceIds: [staged.id] });
    queue.enqueueBatch(['a tram at night', 'a bowl of figs'].map((prompt) => ({ prompt, ...settings })));
    await queue.whenIdle();
    expect(queue.listJobs().map((job) => job.status)).toEqual(['completed', 'completed', 'completed']);
    expect(saved).toHaveLength(6);

    const mints = flow.emu.control.recaptchaMints();
    const uses = flow.emu.control.recaptchaUses();
    const presses = sentGenerations(flow.emu);
    expect(presses).toHaveLength(3);
    expect(sentRpcs(flow.emu, 'maseQ')).toHaveLength(1);
    expect(mints.map((mint) => [mint.action, mint.minter, mint.uses])).toEqual([
      ['UPLOAD_IMAGE', 'page', 1],
      ['IMAGE_GENERATION', 'page', 1],
      ['IMAGE_GENERATION', 'page', 1],
      ['IMAGE_GENERATION', 'page', 1],
    ]);
    expect(new Set(mints.map((mint) => mint.token)).size).toBe(mints.length);
    // Each press carried the token the page minted for it, in every item.
    const generationTokens = mints.filter((mint) => mint.action === 'IMAGE_GENERATION').map((mint) => mint.token);
    expect(presses.map((items) => [...new Set(items.map((item) => item.token))])).toEqual(generationTokens.map((token) => [token]));
    expect(uses.map((use) => [use.rpcid, use.verdict])).toEqual([
      ['maseQ', 'accepted'],
      ['ogiZ0b', 'accepted'],
      ['ogiZ0b', 'accepted'],
      ['ogiZ0b', 'accepted'],
    ]);
  });

  it('unusual activity pauses the queue with that reason and says so; nothing is pressed again until the user resumes', async () => {
    const { queue } = queueOnFlow();
    flow.emu.control.queueFault({ kind: 'flow-unusual-activity' });
    const settings = { count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'NARWHAL' } as const;
    queue.enqueueBatch(['first', 'second', 'third'].map((prompt) => ({ prompt, ...settings })));
    await queue.whenIdle();
    const snapshot = queue.snapshot();
    expect(snapshot.holdReason).toBe('UNUSUAL_ACTIVITY');
    expect(snapshot.jobs.map((job) => [job.status, job.pauseReason])).toEqual(Array(3).fill(['paused', 'UNUSUAL_ACTIVITY']));
    expect(snapshot.jobs[0]!.failure).toMatchObject({ code: 'SERVICE_ERROR', reason: 'PUBLIC_ERROR_UNUSUAL_ACTIVITY' });
    expect(snapshot.jobs[0]!.failure!.message).toContain('unusual activity');
    expect(sentGenerations(flow.emu)).toHaveLength(1);
  });
});
