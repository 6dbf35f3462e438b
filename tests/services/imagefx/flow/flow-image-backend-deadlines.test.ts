/**
 * Nothing a page does can hold the queue: a page that never answers the DevTools protocol is
 * FLOW_PAGE_UNRESPONSIVE after its deadline, one that stops answering mid-job ends the attempt at the
 * attempt deadline (FLOW_TIMEOUT), and a cancelled job lets go at once — all on the injected clock, with a
 * scripted page port standing in for the browser.
 */
import { describe, expect, it } from 'vitest';
import { FlowImageBackend } from '../../../../src/services/imagefx/flow/flow-image-backend.ts';
import type { FlowPagePort } from '../../../../src/services/imagefx/flow/flow-page-port.ts';
import { KeyValueFlowProjectStore } from '../../../../src/services/imagefx/flow/flow-project-store.ts';
import { abortablePort } from '../../../../src/services/imagefx/flow/page-waits.ts';
import { ImageServiceError } from '../../../../src/services/imagefx/image-service-error.ts';
import { FakeClock } from '../../../support/fake-clock.ts';
import { flowTask, MemoryDiagnostics } from '../../../support/flow-backend-fixture.ts';
import { MemoryKeyValueStore } from '../../../support/memory-key-value-store.ts';

const forever = new Promise<never>(() => {});

/** A page port that answers `answer(method)`; `undefined` means it never answers that command. */
function scriptedPort(answer: (method: string) => unknown) {
  const listeners = new Map<string, Set<(params: unknown) => void>>();
  const emit = (event: string, params: unknown): void => listeners.get(event)?.forEach((listener) => listener(params));
  const navigations: string[] = [];
  const port: FlowPagePort = {
    send: async (method) => {
      const result = answer(method);
      return result === undefined ? forever : result;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    async navigate(url) {
      navigations.push(url);
      emit('Page.frameNavigated', { frame: { id: 'main', url } });
      emit('Page.loadEventFired', {});
    },
    close: async () => undefined,
  };
  return { port, navigations };
}

function backendOn(port: FlowPagePort, clock: FakeClock) {
  return new FlowImageBackend({
    accountId: 'a',
    pages: { pageFor: async () => port, release: async () => undefined },
    projects: new KeyValueFlowProjectStore(new MemoryKeyValueStore()),
    diagnostics: new MemoryDiagnostics(),
    fetch: () => forever,
    clock,
    timeouts: { controlMs: 1_000, pageLoadMs: 60 * 60_000, pollIntervalMs: 100 },
    attemptTimeoutMs: 5_000,
  });
}

/** Moves the fake clock on in small steps until `promise` settles (or `limitMs` passed). */
async function settle<T>(clock: FakeClock, promise: Promise<T>, limitMs = 120_000): Promise<T | ImageServiceError> {
  let outcome: { value: T } | { error: unknown } | undefined;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  for (let spent = 0; outcome === undefined && spent < limitMs; spent += 50) await clock.advance(50);
  if (!outcome) throw new Error('never settled');
  if ('value' in outcome) return outcome.value;
  if (outcome.error instanceof ImageServiceError) return outcome.error;
  throw outcome.error;
}

const reasonOf = (result: unknown): unknown => (result instanceof ImageServiceError ? [result.code, result.reason] : result);
const ready = (method: string): unknown => (method === 'Page.getFrameTree' ? { frameTree: { frame: { id: 'main', url: 'about:blank' } } } : method.endsWith('.enable') ? {} : undefined);

describe('deadlines', () => {
  it('a page that never answers is FLOW_PAGE_UNRESPONSIVE after its deadline', async () => {
    const clock = new FakeClock();
    const { port } = scriptedPort(() => undefined);
    expect(reasonOf(await settle(clock, backendOn(port, clock).generate(flowTask())))).toEqual(['SERVICE_ERROR', 'FLOW_PAGE_UNRESPONSIVE']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a page that stops answering mid-job ends the attempt at the attempt deadline, and the next job reloads', async () => {
    const clock = new FakeClock();
    const { port, navigations } = scriptedPort(ready); // DOM and accessibility queries never come back
    const backend = backendOn(port, clock);
    const started = clock.now();
    expect(reasonOf(await settle(clock, backend.generate(flowTask())))).toEqual(['SERVICE_ERROR', 'FLOW_TIMEOUT']);
    expect(clock.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(navigations).toEqual(['https://flow.google.com/']);
    expect(reasonOf(await settle(clock, backend.generate(flowTask())))).toEqual(['SERVICE_ERROR', 'FLOW_TIMEOUT']);
    expect(navigations).toEqual(['https://flow.google.com/', 'https://flow.google.com/']);
  });

  it('a cancelled job lets go of a hung page at once', async () => {
    const clock = new FakeClock();
    const { port } = scriptedPort(ready);
    const controller = new AbortController();
    const job = backendOn(port, clock).generate(flowTask(), { signal: controller.signal });
    await clock.advance(300);
    controller.abort();
    const before = clock.now();
    expect(reasonOf(await settle(clock, job))).toEqual(['CANCELLED', null]);
    expect(clock.now() - before).toBeLessThan(1_000);
  });

  it('abortablePort: a command that never settles rejects when its signal aborts; events pass through', async () => {
    const { port } = scriptedPort(() => undefined);
    const stop = new AbortController();
    const guarded = abortablePort(port, stop.signal);
    const pending = guarded.send('DOM.getDocument');
    stop.abort();
    await expect(pending).rejects.toThrow('DOM.getDocument abandoned');
    await expect(guarded.send('Page.enable')).rejects.toThrow('not sent');
    const heard: unknown[] = [];
    guarded.on('Page.loadEventFired', (params) => heard.push(params));
    await port.navigate('https://flow.google.com/');
    expect(heard).toEqual([{}]);
  });
});
