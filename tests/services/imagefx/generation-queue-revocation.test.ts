/**
 * A session revoked in the middle of a batch, end to end: the real queue, service, library, session
 * manager and emulator. Finished images stay in the sink, the rest of the batch pauses with
 * AUTH_REQUIRED (not failed), and after signing in again `resumeAll()` completes it.
 */
import { describe, expect, it } from 'vitest';
import type { GenerationJobEvent } from '../../../src/shared/generation-schemas.ts';
import { planBatch } from '../../../src/shared/prompt-batch-syntax.ts';
import { createTestQueue, runUntilIdle } from '../../support/generation-queue-fixture.ts';
import { RecordingSink } from '../../support/imagefx-gated-generator.ts';
import { withImageFXService } from '../../support/imagefx-service-fixture.ts';

const env = withImageFXService();
const SETTINGS = { count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE', seed: 100, model: 'IMAGEN_3_5' } as const;

describe('revocation in the middle of a batch', () => {
  it('pauses the remaining jobs with AUTH_REQUIRED, keeps finished images, and completes after re-sign-in', async () => {
    const { service, backend, session, secrets } = await env.signedIn();
    const sink = new RecordingSink();
    const { queue, probe } = createTestQueue({ generator: service, sink, clock: env.clock, probe: (signal) => backend.reachable(signal) });
    const events: GenerationJobEvent[] = [];
    queue.onDidChangeJob((event) => {
      events.push(event);
      // Google revokes the session right after the first job (the emulator cannot target "the 2nd request").
      if (event.type === 'completed' && event.job.id === 'job-1') env.emu.control.revokeSessions();
    });

    const file = '# harbour series\nharbour at dawn\nharbour at noon\n\nharbour at dusk\nharbour at night\n';
    queue.enqueueBatch(planBatch(file, { defaults: SETTINGS, format: 'text' }).requests);
    await runUntilIdle(queue, env.clock, probe);

    const statuses = (): string[] => queue.listJobs().map((job) => `${job.id}:${job.status}:${job.pauseReason ?? '-'}`);
    expect(statuses()).toEqual(['job-1:completed:-', 'job-2:paused:AUTH_REQUIRED', 'job-3:paused:AUTH_REQUIRED', 'job-4:paused:AUTH_REQUIRED']);
    expect(events.some((event) => event.type === 'failed')).toBe(false);
    expect(queue.getJob('job-2')?.failure).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(queue.snapshot().holdReason).toBe('AUTH_REQUIRED');
    expect(sink.images.map((entry) => entry.image.prompt)).toEqual(['harbour at dawn', 'harbour at dawn']);
    // One refresh found the session gone; nothing was tried after that.
    expect(env.emu.requests.all().map((request) => `${request.path} ${request.status}`)).toEqual([
      '/v1:runImageFx 200',
      '/v1:runImageFx 401',
      '/fx/api/auth/session 200',
    ]);
    expect(session.manager.getMetadata().state).toBe('reauth-required');
    const serialisedEvents = JSON.stringify(events);
    expect(serialisedEvents).not.toContain(secrets.accessToken);
    expect(serialisedEvents).not.toContain(secrets.cookieValue);

    // The user signs in again (a new labs.google session, stored in the session layer), then resumes.
    const renewed = await session.signIn();
    env.emu.resetLog();
    queue.resumeAll();
    await runUntilIdle(queue, env.clock, probe);

    expect(statuses()).toEqual(['job-1:completed:-', 'job-2:completed:-', 'job-3:completed:-', 'job-4:completed:-']);
    expect(queue.snapshot().holdReason).toBeNull();
    expect(sink.images.map((entry) => entry.image.prompt)).toEqual([
      'harbour at dawn',
      'harbour at dawn',
      'harbour at noon',
      'harbour at noon',
      'harbour at dusk',
      'harbour at dusk',
      'harbour at night',
      'harbour at night',
    ]);
    const runs = env.emu.requests.all();
    expect(runs.map((request) => `${request.path} ${request.status}`)).toEqual(Array(3).fill('/v1:runImageFx 200'));
    expect(runs.every((request) => request.bearerToken === renewed.accessToken)).toBe(true);
  });
});
