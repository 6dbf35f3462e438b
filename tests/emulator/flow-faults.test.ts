/**
 * Every fault aimed at flow.google.com, as a client of batchexecute (or of the editor page) sees it, plus the
 * configurable generation hold on the emulator clock.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../support/fake-clock.ts';
import { CHANGED_LABELS, FLOW_EDITOR_CONTROLS } from '../support/emulator/index.ts';
import { errorReason, flowImageUrls } from '../support/flow-batchexecute-reply.ts';
import { FlowTestClient, generateInner } from '../support/flow-test-client.ts';
import { withEmulator } from '../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 11, 4, 10));
const env = withEmulator({ clock });
const CREATE = { rpcid: 'jHPbke', inner: ['projects/*', [null, ['Board']], [null, 22]] };

async function generateCall(client: FlowTestClient): Promise<ReturnType<FlowTestClient['call']>> {
  return client.call([{ rpcid: 'ogiZ0b', inner: generateInner(client.projectId, await client.mint('IMAGE_GENERATION'), [{ prompt: 'faulty' }]) }]);
}

describe('errors in slot 5', () => {
  it.each([
    ['flow-unusual-activity', [7, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_UNUSUAL_ACTIVITY']]]]],
    ['flow-model-access-denied', [7, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_MODEL_ACCESS_DENIED']]]]],
    ['flow-overloaded', [8]],
  ] as const)('%s answers 200 with the error detail, once; the next call generates', async (kind, detail) => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind });
    const faulty = await generateCall(client);
    expect(faulty.status).toBe(200);
    expect(faulty.reply!.results).toEqual([{ rpcid: 'ogiZ0b', error: detail }]);
    expect(flowImageUrls((await client.generate([{ prompt: 'again' }])).payload)).toHaveLength(1);
    expect(env.emu.requests.all({ path: /batchexecute/ }).map((entry) => entry.fault)).toEqual([kind, null]);
  });

  it('flow-no-image answers 200 with [[null]] and no image URL (the silent filter)', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'flow-no-image' });
    const { payload } = await client.generate([{ prompt: 'filtered' }]);
    expect(payload).toEqual([[null]]);
    expect(flowImageUrls(payload)).toEqual([]);
  });

  it('a fault aimed at one RPC leaves the other RPCs of the same call alone', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'flow-overloaded' }, { on: 'flowCreateProject', times: 2 });
    const response = await client.call([CREATE, { rpcid: 'as29s', inner: ['x'] }]);
    expect(response.reply!.results[0]).toEqual({ rpcid: 'jHPbke', error: [8] });
    expect(errorReason(response.reply!.results[1]!.error)).toBe('PUBLIC_ERROR_NOT_FOUND');
    expect(env.emu.control.pendingFaults()).toBe(1);
  });
});

describe('whole-call faults', () => {
  it('flow-dead-session answers as for dead cookies: 401 with an er entry', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'flow-dead-session' });
    const response = await generateCall(client);
    expect(response.status).toBe(401);
    expect(response.reply!.entries[0]).toEqual(['er', null, null, null, null, 401, null, null, null, 16]);
    expect((await client.call([CREATE])).status).toBe(200);
  });

  it('server-error on the generate RPC is an HTTP 500 for the whole call', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'server-error', status: 500 }, { on: 'flowGenerate' });
    expect((await client.call([CREATE])).status).toBe(200); // aimed at ogiZ0b only
    const response = await generateCall(client);
    expect(response.status).toBe(500);
    expect(response.reply).toBeNull();
  });

  it('drop-connection on batchexecute fails the fetch without a response', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'drop-connection' }, { on: 'flowBatchExecute' });
    await expect(client.call([CREATE])).rejects.toThrow(TypeError);
    expect(env.emu.requests.last({ path: /batchexecute/ })).toMatchObject({ fault: 'drop-connection', status: null });
  });

  it('flow-* faults only aim at flow.google.com', () => {
    expect(() => env.emu.control.queueFault({ kind: 'flow-overloaded' }, { on: 'runImageFx' })).toThrow(/only applies to flow\.google\.com/);
  });
});

describe('expired URLs, page changes and holds', () => {
  it('flow-expired-url hands out URLs that lapsed a second ago: flow-content answers 403', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'flow-expired-url' });
    const [url] = flowImageUrls((await client.generate([{ prompt: 'late' }])).payload);
    expect(Number(new URL(url!).searchParams.get('Expires')) * 1000).toBeLessThan(clock.now());
    expect((await fetch(url!)).status).toBe(403);
  });

  it('flow-page-changed serves the editor with the prompt box and Generate button renamed, once', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'flow-page-changed' });
    const changed = (await client.get(`https://flow.google.com/project/${client.projectId}`)).html;
    expect(changed).not.toContain(`aria-label="${FLOW_EDITOR_CONTROLS.generate}"`);
    expect(changed).not.toContain(`aria-label="${FLOW_EDITOR_CONTROLS.prompt}"`);
    expect(changed).toContain(`aria-label="${CHANGED_LABELS.generate}"`);
    expect(changed).toContain('class="settings-trigger-button');
    const normal = (await client.get(`https://flow.google.com/project/${client.projectId}`)).html;
    expect(normal).toContain(`aria-label="${FLOW_EDITOR_CONTROLS.generate}"`);
  });

  it('flow-slow holds the RPC for holdMs of emulator time', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.queueFault({ kind: 'flow-slow', holdMs: 30_000 });
    const pending = generateCall(client);
    await vi.waitFor(() => expect(clock.pendingTimers).toBe(1));
    await clock.advance(29_999);
    expect(env.emu.requests.last({ path: /batchexecute/ })!.status).toBeNull();
    await clock.advance(1);
    expect(flowImageUrls((await pending).reply!.results[0]!.payload)).toHaveLength(1);
  });

  it('setFlowGenerationHold holds every generation (Flow holds ~20 s) but not other RPCs', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.setFlowGenerationHold(20_000);
    expect((await client.call([CREATE])).status).toBe(200);
    const pending = generateCall(client);
    await vi.waitFor(() => expect(clock.pendingTimers).toBe(1));
    await clock.advance(20_000);
    const entry = env.emu.requests.last({ path: /batchexecute/ })!;
    expect((await pending).status).toBe(200);
    expect(entry.completedAt! - entry.time).toBe(20_000);
  });
});
