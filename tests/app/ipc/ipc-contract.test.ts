/**
 * The contract itself: channel names, one schema per channel, what it shares with the services (limits
 * live once, in src/shared, and both sides import them), refusal messages that never quote what was
 * sent, and the helper that turns a failed reply into an exception.
 */
import { describe, expect, it } from 'vitest';
import { isGalleryId } from '../../../src/services/gallery/gallery-id.ts';
import { CAPTION_IMAGE_TYPES } from '../../../src/services/imagefx/caption-input.ts';
import * as contract from '../../../src/shared/ipc-contract.ts';
import { IPC_ARGUMENT_SCHEMAS, parseInvokeArgs } from '../../../src/shared/ipc-schemas.ts';
import { FAKE_ACCESS_TOKEN, FAKE_SESSION_COOKIE_VALUE } from '../../support/ipc-fakes.ts';

describe('channels', () => {
  it('are named domain:verb, one per bridge function, each with an argument schema', () => {
    for (const channel of contract.INVOKE_CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    expect(new Set(contract.INVOKE_CHANNELS).size).toBe(contract.INVOKE_CHANNELS.length);
    expect(Object.keys(IPC_ARGUMENT_SCHEMAS).sort()).toEqual([...contract.INVOKE_CHANNELS].sort());
    expect(contract.EVENT_CHANNEL).toMatch(/^[a-z]+:[a-z]+$/);
    expect(contract.INVOKE_CHANNELS).not.toContain(contract.EVENT_CHANNEL);
    expect(Object.keys(contract.BRIDGE_METHODS)).not.toContain(contract.BRIDGE_EVENT_SUBSCRIPTION);
  });
});

describe('what the contract shares with the services', () => {
  it('caption MIME types name exactly the image types the caption service reads', () => {
    expect(new Set(contract.CAPTION_MIME_TYPES.map((type) => type.replace('image/', '').replace('jpg', 'jpeg')))).toEqual(new Set(CAPTION_IMAGE_TYPES));
  });

  it('gallery ids: the schema accepts exactly what the gallery calls an id', () => {
    const samples = ['01JBZ5Q7N4V4TTMQ0V8GQX2ZK1', '01JBZ5Q7N4V4TTMQ0V8GQX2ZKI', '01jbz5q7n4v4ttmq0v8gqx2zk1', '01JBZ5Q7N4V4TTMQ0V8GQX2ZK', '../01JBZ5Q7N4V4TTMQ0V8GQX2Z', ''];
    for (const id of samples) expect(parseInvokeArgs('gallery:get', [id]).ok, id).toBe(isGalleryId(id));
  });
});

describe('refusal messages', () => {
  it('name positions and contract fields, never a value or an unknown field sent', () => {
    const cases: [contract.InvokeChannel, unknown[]][] = [
      ['auth:import-cookie-header', [FAKE_SESSION_COOKIE_VALUE.repeat(2000)]],
      ['auth:import-cookie-header', [FAKE_SESSION_COOKIE_VALUE, FAKE_ACCESS_TOKEN]],
      ['gallery:page', [{ limit: 10, [FAKE_ACCESS_TOKEN]: 1 }]],
      ['gallery:page', [{ limit: 10, filters: { [FAKE_SESSION_COOKIE_VALUE]: true } }]],
      ['generation:generate', [{ prompt: FAKE_ACCESS_TOKEN, count: 9, aspectRatio: FAKE_ACCESS_TOKEN, seed: null, model: 'IMAGEN_3_5' }]],
      ['settings:set-user-agent-strategy', [FAKE_SESSION_COOKIE_VALUE]],
      ['gallery:get', [FAKE_SESSION_COOKIE_VALUE]],
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

describe('unwrapIpcResult', () => {
  it('returns the value, or throws an IpcCallError with the code, reason and retry-after', () => {
    expect(contract.unwrapIpcResult({ ok: true, value: 3 })).toBe(3);
    let caught: unknown;
    try {
      contract.unwrapIpcResult({ ok: false, error: { code: 'RATE_LIMITED', message: 'Wait a minute.', retryAfterMs: 60_000 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(contract.IpcCallError);
    expect(caught).toMatchObject({ code: 'RATE_LIMITED', message: 'Wait a minute.', reason: null, retryAfterMs: 60_000 });
  });
});
