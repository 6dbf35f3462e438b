/**
 * The contract itself: channel names, one args and one result schema per channel, the zod-free channel
 * list kept equal to the schemas, what it shares with the services, refusal messages that never quote what
 * was sent, replies stripped to the contract's fields, and the helper that turns a failed reply into an
 * exception.
 */
import { describe, expect, it } from 'vitest';
import { parseAppEvent, parseInvokeArgs, parseInvokeResult } from '../../../src/app/ipc/ipc-parsing.ts';
import { isGalleryId } from '../../../src/services/gallery/gallery-id.ts';
import { CAPTION_IMAGE_TYPES } from '../../../src/services/imagefx/caption-input.ts';
import { CAPTION_MIME_TYPES } from '../../../src/shared/generation-options.ts';
import { EVENT_CHANNEL, INVOKE_CHANNELS, IpcCallError, unwrapIpcResult, type InvokeChannel } from '../../../src/shared/ipc-channels.ts';
import { IPC_CONTRACT } from '../../../src/shared/ipc-contract.ts';
import { FAKE_ACCESS_TOKEN, FAKE_SESSION_COOKIE_VALUE } from '../../support/ipc-fakes.ts';

describe('channels', () => {
  it('are named domain:verb, listed once, each with an argument and a result schema', () => {
    for (const channel of INVOKE_CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_CHANNELS.length);
    expect(Object.keys(IPC_CONTRACT).sort()).toEqual([...INVOKE_CHANNELS].sort());
    for (const channel of INVOKE_CHANNELS) expect(Object.keys(IPC_CONTRACT[channel]).sort()).toEqual(['args', 'result']);
    expect(EVENT_CHANNEL).toMatch(/^[a-z]+:[a-z]+$/);
    expect(INVOKE_CHANNELS).not.toContain(EVENT_CHANNEL);
  });
});

describe('what the contract shares with the services', () => {
  it('caption MIME types name exactly the image types the caption service reads', () => {
    expect(new Set(CAPTION_MIME_TYPES.map((type) => type.replace('image/', '').replace('jpg', 'jpeg')))).toEqual(new Set(CAPTION_IMAGE_TYPES));
  });

  it('gallery ids: the schema accepts exactly what the gallery calls an id', () => {
    const samples = ['01JBZ5Q7N4V4TTMQ0V8GQX2ZK1', '01JBZ5Q7N4V4TTMQ0V8GQX2ZKI', '01jbz5q7n4v4ttmq0v8gqx2zk1', '01JBZ5Q7N4V4TTMQ0V8GQX2ZK', '../01JBZ5Q7N4V4TTMQ0V8GQX2Z', ''];
    for (const id of samples) expect(parseInvokeArgs('gallery:delete', [id]).ok, id).toBe(isGalleryId(id));
  });
});

describe('refusal messages', () => {
  it('name positions and contract fields, never a value or an unknown field sent', () => {
    const cases: [InvokeChannel, unknown[]][] = [
      ['auth:import-cookie-header', [FAKE_SESSION_COOKIE_VALUE.repeat(2000)]],
      ['auth:import-cookie-header', [FAKE_SESSION_COOKIE_VALUE, FAKE_ACCESS_TOKEN]],
      ['gallery:page', [{ limit: 10, [FAKE_ACCESS_TOKEN]: 1 }]],
      ['gallery:page', [{ limit: 10, filters: { [FAKE_SESSION_COOKIE_VALUE]: true } }]],
      ['generation:enqueue', [{ prompt: FAKE_ACCESS_TOKEN, count: 9, aspectRatio: FAKE_ACCESS_TOKEN, seed: null, model: 'IMAGEN_3_5' }]],
      ['settings:set-user-agent-strategy', [FAKE_SESSION_COOKIE_VALUE]],
      ['gallery:delete', [FAKE_SESSION_COOKIE_VALUE]],
    ];
    for (const [channel, args] of cases) {
      const parsed = parseInvokeArgs(channel, args);
      expect(parsed.ok).toBe(false);
      const message = parsed.ok ? '' : parsed.message;
      expect(message).toMatch(new RegExp(`^Invalid arguments for ${channel}: `));
      expect(message).not.toContain(FAKE_SESSION_COOKIE_VALUE);
      expect(message).not.toContain(FAKE_ACCESS_TOKEN);
    }
    expect(parseInvokeArgs('gallery:page', [{ limit: 10, extra: 1 }])).toEqual({ ok: false, message: 'Invalid arguments for gallery:page: [0]: unknown field.' });
  });

  it('a Date, Map or RegExp is not an object of the contract', () => {
    for (const filters of [new Date(), new Map(), /x/]) expect(parseInvokeArgs('gallery:page', [{ limit: 1, filters }]).ok).toBe(false);
    expect(parseInvokeArgs('gallery:page', [{ limit: 1, filters: Object.create(null) as object }]).ok).toBe(true);
  });
});

describe('replies and events', () => {
  const ada = { id: 'account-1', email: 'ada@example.test', name: 'Ada Lovelace', avatarUrl: 'https://labs.google/a.png', backend: 'flow' as const };

  it('keep only the fields the contract names', () => {
    expect(parseInvokeResult('auth:sign-in', { ...ada, cookieHeader: FAKE_SESSION_COOKIE_VALUE, token: FAKE_ACCESS_TOKEN })).toEqual({ value: ada });
    const event = parseAppEvent({ type: 'gallery', change: { type: 'deleted', id: 'x', path: '/home/ada/secret' }, extra: 1 });
    expect(event).toEqual({ type: 'gallery', change: { type: 'deleted', id: 'x' } });
  });

  it('that are not of the contract shape are refused', () => {
    expect(parseInvokeResult('auth:sign-in', { id: 'account-1' })).toBeNull();
    expect(parseInvokeResult('generation:clear-finished', 'three')).toBeNull();
    expect(parseAppEvent({ type: 'telemetry', data: 1 })).toBeNull();
  });
});

describe('unwrapIpcResult', () => {
  it('returns the value, or throws an IpcCallError with the code, reason and retry-after', () => {
    expect(unwrapIpcResult({ ok: true, value: 3 })).toBe(3);
    let caught: unknown;
    try {
      unwrapIpcResult({ ok: false, error: { code: 'RATE_LIMITED', message: 'Wait a minute.', reason: null, retryAfterMs: 60_000 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IpcCallError);
    expect(caught).toMatchObject({ code: 'RATE_LIMITED', message: 'Wait a minute.', reason: null, retryAfterMs: 60_000 });
  });
});
