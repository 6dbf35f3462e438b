/**
 * Generation through the registered IPC handlers, called as the app's page calls them, on the real
 * stack (library, session manager, queue, gallery) against the labs.google emulator: what comes back,
 * what reaches Google, every error class as its code, a 429 waited out on the fake clock, and a session
 * revoked in the middle of a batch, which pauses and then completes after signing in again.
 */
import { describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../src/shared/ipc-contract.ts';
import type { GenerateRequest, GenerationJob, GenerationJobEvent } from '../../../src/shared/generation-schemas.ts';
import { planBatch } from '../../../src/shared/prompt-batch-syntax.ts';
import type { EmulatorFault } from '../../support/emulator/index.ts';
import { readPng } from '../../support/png-reader.ts';
import { withIpcImageFX, type IpcImageFXStack } from '../../support/ipc-imagefx-environment.ts';

const env = withIpcImageFX();
const RUN = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' };
const REQUEST: GenerateRequest = { prompt: 'a quiet harbour', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 42, model: 'IMAGEN_3_5' };

function expectNoSecrets(stack: IpcImageFXStack, ...values: unknown[]): void {
  const text = JSON.stringify([values, stack.harness.events()]);
  expect(text).not.toContain(stack.secrets.cookieValue);
  expect(text).not.toContain(stack.secrets.accessToken);
  expect(stack.harness.withheld).toEqual([]);
}

function jobEvents(stack: IpcImageFXStack): GenerationJobEvent[] {
  return stack.harness.events().flatMap((event: AppEvent) => (event.type === 'job' ? [event.event] : []));
}

/** Queues `request` as the window does, waits until the queue is idle, and returns the job as listed. */
async function generateThroughQueue(stack: IpcImageFXStack, request: unknown): Promise<GenerationJob> {
  const enqueued = await stack.harness.invokeRaw('generation:enqueue', undefined, request);
  const { ok, value } = enqueued as { ok: boolean; value: GenerationJob };
  if (!ok) throw new Error('enqueue failed');
  await stack.drain();
  const listed = await stack.harness.invoke('generation:list-jobs', { after: null, limit: 200 });
  const job = listed.ok ? listed.value.jobs.find((candidate) => candidate.id === value.id) : undefined;
  if (!job) throw new Error('the job is not listed');
  return job;
}

describe('a generation queued through IPC', () => {
  it('saves the images with their metadata to the gallery; count, aspect ratio and seed reach Google', async () => {
    const stack = await env.start();
    const job = await generateThroughQueue(stack, {
      prompt: '  a lighthouse at dusk ',
      count: 3,
      aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT',
      seed: 1234,
      model: 'IMAGEN_3_5',
    });
    expect(job.status).toBe('completed');
    expect(job.settings).toEqual({ prompt: 'a lighthouse at dusk', count: 3, aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT', seed: 1234, model: 'IMAGEN_3_5' });
    expect(job.images.map((image) => image.seed)).toEqual([1234, 1235, 1236]);
    for (const image of job.images) {
      expect(image).toMatchObject({ prompt: 'a lighthouse at dusk', model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT', mimeType: 'image/png' });
      expect(image.mediaId).toMatch(/^CAMa/);
      expect(image.workflowId).toEqual(expect.any(String));
    }

    const [run, ...others] = env.emu.requests.all(RUN);
    expect(others).toEqual([]);
    expect(JSON.parse(run!.body)).toMatchObject({
      userInput: { candidatesCount: 3, prompts: ['a lighthouse at dusk'], seed: 1234 },
      aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT',
      modelInput: { modelNameType: 'IMAGEN_3_5' },
    });

    // The window heard about each new gallery item; the gallery pages them over IPC too.
    const added = stack.harness.events().flatMap((event) => (event.type === 'gallery' && event.change.type === 'added' ? [event.change.item] : []));
    expect(added).toHaveLength(3);
    const page = await stack.harness.invoke('gallery:page', { limit: 10 });
    if (!page.ok) throw new Error('gallery:page failed');
    expect(page.value.items.map((item) => item.id).sort()).toEqual(added.map((item) => item.id).sort());
    for (const item of page.value.items) {
      expect(item).toMatchObject({ prompt: 'a lighthouse at dusk', width: 36, height: 64 });
      expect(job.images.map((image) => image.mediaId)).toContain(item.mediaId);
      const png = await stack.gallery.readImage(item.id);
      expect(readPng(Buffer.from(png!))).toMatchObject({ width: 36, height: 64 });
    }
    expectNoSecrets(stack, job, page);
  });
});

describe('every error class crosses IPC as its code', () => {
  const cases: { fault: EmulatorFault; times?: number; code: string; reason?: string; retryAfterMs?: number }[] = [
    { fault: { kind: 'unsafe-generation' }, code: 'SAFETY_REFUSED', reason: 'PUBLIC_ERROR_UNSAFE_GENERATION' },
    { fault: { kind: 'prominent-people' }, code: 'SAFETY_REFUSED', reason: 'PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED' },
    { fault: { kind: 'rate-limited', retryAfterSeconds: 3_600 }, code: 'RATE_LIMITED', retryAfterMs: 3_600_000 },
    { fault: { kind: 'quota-exhausted' }, code: 'QUOTA_REACHED', reason: 'PUBLIC_ERROR_QUOTA_EXCEEDED' },
    { fault: { kind: 'drop-connection' }, times: 4, code: 'NETWORK' },
    { fault: { kind: 'server-error', status: 503 }, times: 4, code: 'SERVICE_ERROR' },
    { fault: { kind: 'unusual-activity' }, code: 'SERVICE_ERROR', reason: 'PUBLIC_ERROR_UNUSUAL_ACTIVITY' },
    { fault: { kind: 'malformed-json' }, code: 'SERVICE_ERROR', reason: 'MALFORMED_RESPONSE' },
    { fault: { kind: 'unauthenticated' }, times: 2, code: 'AUTH_REQUIRED' },
  ];
  for (const { fault, times, code, reason, retryAfterMs } of cases) {
    it(`${fault.kind} → ${code}`, async () => {
      // One attempt per call, so no backoff has to be waited out; retries are shown below.
      const stack = await env.start({ retry: { maxAttempts: 1 } });
      env.emu.control.queueFault(fault, { times: times ?? 3 });
      const job = await generateThroughQueue(stack, REQUEST);
      expect(['failed', 'paused']).toContain(job.status);
      const error = job.failure!;
      expect(error.code).toBe(code);
      if (reason) expect(error.reason).toBe(reason);
      if (retryAfterMs) expect(error.retryAfterMs).toBe(retryAfterMs);
      expect(Object.keys(error).sort()).toEqual(['code', 'message', 'reason', 'retryAfterMs']);
      expect(error.message).not.toMatch(/[{<]|googleapis|Bearer/);
      if (code === 'SAFETY_REFUSED') expect(env.emu.requests.count(RUN)).toBe(1);
      expectNoSecrets(stack, job);
    });
  }

  it('INVALID_INPUT: at the boundary and from the service’s own rules', async () => {
    const stack = await env.start();
    const boundary = await stack.harness.invokeRaw('generation:enqueue', undefined, { ...REQUEST, count: 9 });
    const tooMany = await stack.harness.invokeRaw('generation:enqueue-batch', undefined, Array.from({ length: 501 }, () => REQUEST));
    const jpegBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
    const service = await stack.harness.invoke('caption:describe', { bytes: jpegBytes, mimeType: 'image/png', count: 1 });
    expect(boundary).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(service).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'The image is not a PNG file.' } });
    expect(stack.queue.listJobs()).toEqual([]);
    expect(env.emu.requests.count(RUN)).toBe(0);
  });

  it('a 429 waits exactly its Retry-After (fake clock), reported as a retrying job event; CANCELLED ends a waiting job', async () => {
    const stack = await env.start();
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 30 });
    const enqueued = await stack.harness.invoke('generation:enqueue', REQUEST);
    const jobId = enqueued.ok ? enqueued.value.id : '';
    await vi.waitFor(() => expect(jobEvents(stack).some((event) => event.type === 'retrying')).toBe(true));
    expect(jobEvents(stack).find((event) => event.type === 'retrying')).toMatchObject({
      attempt: 2,
      delayMs: 30_000,
      failure: { code: 'RATE_LIMITED', retryAfterMs: 30_000 },
    });
    await env.clock.advance(29_999);
    expect(env.emu.requests.count(RUN)).toBe(1);
    await env.clock.advance(1);
    await stack.drain();
    expect(jobEvents(stack).at(-1)).toMatchObject({ type: 'completed', job: { id: jobId, status: 'completed' } });
    const [first, second] = env.emu.requests.all(RUN);
    expect(second!.time - first!.time).toBe(30_000);

    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 30 });
    const waiting = await stack.harness.invoke('generation:enqueue', REQUEST);
    const waitingId = waiting.ok ? waiting.value.id : '';
    // The pause between two generations comes first, visibly, then the request.
    expect(stack.queue.getJob(waitingId)?.wait).toMatchObject({ reason: 'pacing', until: expect.any(Number) });
    await env.clock.advance(stack.queue.getJob(waitingId)!.wait!.until! - env.clock.now());
    await vi.waitFor(() => expect(jobEvents(stack).filter((event) => event.type === 'retrying')).toHaveLength(2));
    expect(await stack.harness.invoke('generation:cancel-job', waitingId)).toEqual({ ok: true, value: true });
    await stack.drain();
    expect(jobEvents(stack).at(-1)).toMatchObject({ type: 'cancelled', job: { id: waitingId, status: 'cancelled' } });
    await env.clock.advance(60_000);
    expect(env.emu.requests.count(RUN)).toBe(3);
    expectNoSecrets(stack, enqueued, waiting);
  });
});

describe('a session revoked in the middle of a batch, over IPC', () => {
  it('pauses the rest with AUTH_REQUIRED, keeps finished images, and completes after auth:sign-in', async () => {
    const stack = await env.start();
    stack.queue.onDidChangeJob((event) => {
      if (event.type === 'completed' && event.job.id === 'job-1') env.emu.control.revokeSessions();
    });
    const settings = { count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE', seed: 100, model: 'IMAGEN_3_5' } as const;
    const file = '# harbour series\nharbour at dawn\nharbour at noon\n\nharbour at dusk\n';
    const queued = await stack.harness.invoke('generation:enqueue-batch', planBatch(file, { defaults: settings }).requests);
    expect(queued.ok && queued.value.map((job) => job.request.prompt)).toEqual(['harbour at dawn', 'harbour at noon', 'harbour at dusk']);
    await stack.drain();

    const listed = await stack.harness.invoke('generation:list-jobs', { after: null, limit: 200 });
    if (!listed.ok) throw new Error('list-jobs failed');
    expect(listed.value.jobs.map((job) => `${job.id}:${job.status}:${job.pauseReason ?? '-'}`)).toEqual([
      'job-1:completed:-',
      'job-2:paused:AUTH_REQUIRED',
      'job-3:paused:AUTH_REQUIRED',
    ]);
    expect(listed.value.holdReason).toBe('AUTH_REQUIRED');
    expect(listed.value.jobs[1]!.failure).toMatchObject({ code: 'AUTH_REQUIRED' });
    const kept = await stack.harness.invoke('gallery:page', { limit: 50 });
    expect(kept.ok && kept.value.items.map((item) => item.prompt)).toEqual(['harbour at dawn', 'harbour at dawn']);
    const authStates = (): string[] => stack.harness.events().flatMap((event) => (event.type === 'auth' ? [event.snapshot.state] : []));
    expect(authStates()).toContain('reauth-required');
    expect(jobEvents(stack).filter((event) => event.type === 'paused').map((event) => event.type === 'paused' && event.reason)).toEqual([
      'AUTH_REQUIRED',
      'AUTH_REQUIRED',
    ]);

    // The user signs in again from the window; the paused jobs resume on their own.
    env.emu.resetLog();
    const signedIn = await stack.harness.invoke('auth:sign-in');
    expect(signedIn).toMatchObject({ ok: true, value: { email: 'ada@example.test' } });
    await stack.drain();
    const after = await stack.harness.invoke('generation:list-jobs', { after: null, limit: 200 });
    expect(after.ok && after.value.jobs.map((job) => job.status)).toEqual(['completed', 'completed', 'completed']);
    expect(after.ok && after.value.holdReason).toBeNull();
    const all = await stack.harness.invoke('gallery:page', { limit: 50 });
    expect(all.ok && all.value.items.map((item) => item.prompt).sort()).toEqual(
      ['harbour at dawn', 'harbour at dawn', 'harbour at noon', 'harbour at noon', 'harbour at dusk', 'harbour at dusk'].sort(),
    );
    expect(env.emu.requests.all(RUN).every((request) => request.bearerToken === stack.secrets.accessToken && request.status === 200)).toBe(true);
    expect(authStates().at(-1)).toBe('signed-in');
    expectNoSecrets(stack, listed, kept, after, all);
  });
});
