/**
 * Every way a Flow generation can fail, each produced by the emulated flow.google.com and read through the
 * page's own reply in real Chromium: unusual activity and a model the plan lacks are never retried, an
 * overload gets one cool-down and one more press, a 200 without an image is the silent filter, a signed-out
 * page or a 401 asks for sign-in, a changed page is PAGE_CHANGED with a redacted capture, and a cancelled
 * job stops waiting at once and leaves a page that the next job reloads.
 */
import { describe, expect, it } from 'vitest';
import type { FlowPageCapture } from '../../../../src/services/imagefx/flow/flow-page-capture.ts';
import { ImageServiceError } from '../../../../src/services/imagefx/image-service-error.ts';
import { MIGRATED_ACCOUNT } from '../../../support/emulator/index.ts';
import { flowTask, withFlowBackend } from '../../../support/flow-backend-fixture.ts';
import { sentGenerations, sentRpcs } from '../../../support/flow-sent-rpcs.ts';
import { rejectionOf } from '../../../support/rejection.ts';

const flow = withFlowBackend();

const failure = (promise: Promise<unknown>): Promise<ImageServiceError> => rejectionOf(promise, ImageServiceError);

const generations = (): number => sentGenerations(flow.emu).length;

describe('Flow refuses', () => {
  it('unusual activity (code 7): SERVICE_ERROR with the reason the queue pauses on, pressed once, never again', async () => {
    const { backend } = flow.create({ overloadCooldownMs: 0 });
    flow.emu.control.queueFault({ kind: 'flow-unusual-activity' });
    const error = await failure(backend.generate(flowTask()));
    expect([error.code, error.reason]).toEqual(['SERVICE_ERROR', 'PUBLIC_ERROR_UNUSUAL_ACTIVITY']);
    expect(error.message).toContain('unusual activity');
    expect(generations()).toBe(1);
  });

  it('a model the plan lacks: MODEL_NOT_ALLOWED naming the model, not retried', async () => {
    flow.emu.control.setAccountKind(MIGRATED_ACCOUNT.email, { plan: 'free' });
    const { backend } = flow.create({ overloadCooldownMs: 0 });
    const error = await failure(backend.generate(flowTask({ model: 'GEM_PIX_2' })));
    expect([error.code, error.reason]).toEqual(['MODEL_NOT_ALLOWED', 'PUBLIC_ERROR_MODEL_ACCESS_DENIED']);
    expect(error.message).toContain('Nano Banana Pro (GEM_PIX_2)');
    expect(sentGenerations(flow.emu).map((call) => call[0]!.model)).toEqual(['GEM_PIX_2']);
  });

  it('overload [8] once: one cool-down (announced), one more press of Generate, and the images', async () => {
    const { backend } = flow.create({ overloadCooldownMs: 25 });
    flow.emu.control.queueFault({ kind: 'flow-overloaded' });
    const notices: { attempt: number; delayMs: number; reason: string | null }[] = [];
    const images = await backend.generate(flowTask({ count: 2 }), { onRetry: (notice) => notices.push({ attempt: notice.attempt, delayMs: notice.delayMs, reason: notice.failure.reason }) });
    expect(images).toHaveLength(2);
    expect(notices).toEqual([{ attempt: 2, delayMs: 25, reason: 'FLOW_OVERLOADED' }]);
    expect(generations()).toBe(2);
  });

  it('overload [8] twice: gives up after the one retry', async () => {
    const { backend } = flow.create({ overloadCooldownMs: 0 });
    flow.emu.control.queueFault({ kind: 'flow-overloaded' }, { times: 2 });
    const error = await failure(backend.generate(flowTask()));
    expect([error.code, error.reason]).toEqual(['SERVICE_ERROR', 'FLOW_OVERLOADED']);
    expect(generations()).toBe(2);
  });

  it('a 200 with no image: SAFETY_REFUSED, said to be the silent content filter', async () => {
    const { backend } = flow.create();
    flow.emu.control.queueFault({ kind: 'flow-no-image' });
    const error = await failure(backend.generate(flowTask()));
    expect([error.code, error.reason]).toEqual(['SAFETY_REFUSED', 'FLOW_SILENT_FILTER']);
    expect(error.message).toContain('content filter');
    expect(generations()).toBe(1);
  });
});

describe('the pictures', () => {
  it('signed URLs that lapsed before the download: SERVICE_ERROR saying the images are in the Flow project', async () => {
    const { backend } = flow.create();
    flow.emu.control.queueFault({ kind: 'flow-expired-url' });
    const error = await failure(backend.generate(flowTask({ count: 2 })));
    expect([error.code, error.reason, error.httpStatus]).toEqual(['SERVICE_ERROR', 'FLOW_IMAGE_UNAVAILABLE', 403]);
    expect(error.message).toContain('in your Flow project');
  });
});

describe('signed out', () => {
  it('a page that lands on /about asks for sign-in before anything is pressed', async () => {
    flow.emu.control.forceFlowAbout();
    const { backend } = flow.create();
    const error = await failure(backend.generate(flowTask()));
    expect([error.code, error.reason]).toEqual(['AUTH_REQUIRED', 'FLOW_SIGNED_OUT']);
    expect(generations()).toBe(0);
  });

  it('an identity to confirm (the page goes to /about) asks for sign-in', async () => {
    flow.emu.control.forceConfirmIdentity();
    const { backend } = flow.create();
    expect((await failure(backend.generate(flowTask()))).code).toBe('AUTH_REQUIRED');
  });

  it('cookies that die mid-session (HTTP 401 with an er envelope) ask for sign-in', async () => {
    const { backend } = flow.create();
    flow.emu.control.queueFault({ kind: 'flow-dead-session' });
    const error = await failure(backend.generate(flowTask()));
    expect([error.code, error.reason, error.httpStatus]).toEqual(['AUTH_REQUIRED', 'FLOW_SIGNED_OUT', 401]);
  });
});

describe('a changed page', () => {
  it('is PAGE_CHANGED with a capture that names what is missing and holds no cookie, token, account or prompt', async () => {
    const { backend, diagnostics } = flow.create({ timeouts: { controlMs: 3_000 } });
    flow.emu.control.queueFault({ kind: 'flow-page-changed' });
    const prompt = 'a secret prompt about the harbour';
    const error = await failure(backend.generate(flowTask({ prompt })));
    expect([error.code, error.reason]).toEqual(['PAGE_CHANGED', 'FLOW_CONTROL_MISSING']);
    expect(error.message).toContain('Google changed the Flow page');

    expect(diagnostics.captures.map((entry) => entry.kind)).toEqual(['flow-page-changed']);
    const capture = diagnostics.captures[0]!.capture as FlowPageCapture;
    expect(capture.missing).toContain('textbox "Prompt"');
    expect(capture.location).toMatch(/^https:\/\/flow\.google\.com\/project\/[0-9a-f-]{36}$/);
    expect(capture.trail.rpcs.map((rpc) => [rpc.rpcids, rpc.status])).toContainEqual(['jHPbke', 200]);
    expect(capture.trail.steps.map((step) => step.step)).toContain('create a project');
    const text = JSON.stringify(capture);
    expect(text).toContain('Describe your idea'); // the renamed box is in the outline, by its label
    const [load] = flow.emu.control.flowPageLoads();
    for (const secret of [...flow.cookies.map((cookie) => cookie.value), load!.at, load!.fsid, prompt, MIGRATED_ACCOUNT.email]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/[?&](f\.sid|at|Signature)=/);
  });
});

describe('cancellation', () => {
  it('stops waiting at once while Flow holds the request; the next job reloads the page and generates', async () => {
    const { backend } = flow.create();
    await backend.generate(flowTask({ prompt: 'warm up' }));
    flow.emu.control.queueFault({ kind: 'flow-slow', holdMs: 60_000 });
    const controller = new AbortController();
    const cancelled = failure(backend.generate(flowTask({ prompt: 'never mind' }), { signal: controller.signal }));
    await expect.poll(() => sentGenerations(flow.emu).length, { timeout: 30_000 }).toBe(2);
    controller.abort();
    const error = await cancelled;
    expect(error.code).toBe('CANCELLED');
    // Abandoned, not answered: the held request had not come back when the job let go of it.
    expect(sentRpcs(flow.emu, 'ogiZ0b')[1]!.request.status).toBeNull();

    const loads = flow.emu.requests.all({ host: 'flow.google.com', path: /^\/project\// }).length;
    const images = await backend.generate(flowTask({ prompt: 'after the cancel' }));
    expect(images).toHaveLength(1);
    expect(flow.emu.requests.all({ host: 'flow.google.com', path: /^\/project\// }).length).toBe(loads + 1);
    expect(sentGenerations(flow.emu).map((call) => call[0]!.prompt)).toEqual(['warm up', 'never mind', 'after the cancel']);
  });

  it('a page that closes under a job fails it (not as a page change), and the next job opens a new page', async () => {
    const { backend, pages, diagnostics } = flow.create();
    flow.emu.control.queueFault({ kind: 'flow-slow', holdMs: 60_000 });
    const pending = failure(backend.generate(flowTask({ prompt: 'lost' })));
    await expect.poll(() => sentGenerations(flow.emu).length, { timeout: 30_000 }).toBe(1);
    await pages.opened[0]!.page.close();
    const error = await pending;
    expect([error.code, error.reason]).toEqual(['SERVICE_ERROR', 'FLOW_PAGE_CLOSED']);
    expect(diagnostics.captures).toEqual([]);
    expect(await backend.generate(flowTask({ prompt: 'found' }))).toHaveLength(1);
    expect(pages.opened).toHaveLength(2);
  });
});
