/**
 * batchexecute framing: the emulator's encoder against an independent scanning decoder, the request parser,
 * and the whole-call checks of the endpoint (method, encoding, X-Same-Domain, cookies, `at`, rpcids).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBatchReply, parseBatchRequest, resultEntry } from '../support/emulator/batchexecute-wire.ts';
import { FLOW_BATCHEXECUTE_PATH, XSSI_PREFIX } from '../support/emulator/index.ts';
import { decodeBatchReply } from '../support/flow-batchexecute-reply.ts';
import { FlowTestClient } from '../support/flow-test-client.ts';
import { withEmulator } from '../support/network.ts';

const env = withEmulator();
const CREATE = { rpcid: 'jHPbke', inner: ['projects/*', [null, ['Board 1']], [null, 22]] };

describe('reply framing', () => {
  it('round-trips any payload through the length-prefixed frames, lengths counting UTF-16 units plus the newline', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue()), { minLength: 1, maxLength: 4 }), (calls) => {
        const frames = calls.map(([rpcid, payload]) => [resultEntry(rpcid, { payload })]);
        const text = encodeBatchReply(frames);
        expect(text.startsWith(`${XSSI_PREFIX}\n`)).toBe(true);
        const decoded = decodeBatchReply(text);
        expect(decoded.results).toEqual(calls.map(([rpcid, payload]) => ({ rpcid, payload: JSON.parse(JSON.stringify(payload)) as unknown })));
        for (const frame of decoded.frames) expect(frame.declaredLength).toBe(frame.json.length + 1);
      }),
    );
  });

  it('keeps brackets, quotes, escapes and astral characters inside strings intact, and puts errors in slot 5', () => {
    const tricky = ['a ] b [ "c" \\ d', '🦊 \u2028 ]]', { nested: [']'] }];
    const text = encodeBatchReply([[resultEntry('ogiZ0b', { payload: tricky })], [resultEntry('maseQ', { error: [8] })]]);
    const decoded = decodeBatchReply(text);
    expect(decoded.results).toEqual([
      { rpcid: 'ogiZ0b', payload: tricky },
      { rpcid: 'maseQ', error: [8] },
    ]);
    expect(decoded.entries[1]).toEqual(['wrb.fr', 'maseQ', null, null, null, [8]]);
    expect(decoded.entries[0]).toHaveLength(7);
    expect(decoded.entries[0]![6]).toBe('generic');
  });

  it('a live reply carries the result frame, then the di/af.httprm frame and the closing e frame', async () => {
    const client = await FlowTestClient.open(env.emu);
    const response = await client.call([CREATE]);
    expect(response.status).toBe(200);
    expect(response.text.startsWith(")]}'\n\n")).toBe(true);
    const frames = response.reply!.frames.map((frame) => frame.value);
    expect(frames).toHaveLength(3);
    expect(frames[1]!.map((entry) => (entry as unknown[])[0])).toEqual(['di', 'af.httprm']);
    expect((frames[2]![0] as unknown[])[0]).toBe('e');
  });

  it('answers several RPCs of one call in order, one wrb.fr frame each', async () => {
    const client = await FlowTestClient.open(env.emu);
    const response = await client.call([CREATE, { rpcid: 'as29s', inner: ['no-such-media'] }]);
    expect(response.reply!.results.map((result) => [result.rpcid, 'payload' in result && result.payload !== undefined])).toEqual([
      ['jHPbke', true],
      ['as29s', false],
    ]);
  });
});

describe('request parsing', () => {
  const form = (fReq: unknown): URLSearchParams => new URLSearchParams({ 'f.req': JSON.stringify(fReq), at: 'x' });
  const query = (rpcids: string): URLSearchParams => new URLSearchParams({ rpcids });

  it('reads [[[rpcid, "<inner JSON>", null, "generic"], …]] and checks rpcids against it', () => {
    expect(parseBatchRequest(form([[['jHPbke', '["projects/*"]', null, 'generic']]]), query('jHPbke'))).toEqual([
      { rpcid: 'jHPbke', inner: ['projects/*'] },
    ]);
    expect(parseBatchRequest(form([[['jHPbke', '[]', null, 'generic']]]), query('ogiZ0b'))).toMatch(/does not match/);
    expect(parseBatchRequest(form([[['jHPbke', '{not json', null, 'generic']]]), query('jHPbke'))).toMatch(/not JSON/);
    expect(parseBatchRequest(form({}), query('jHPbke'))).toMatch(/f\.req must be/);
    expect(parseBatchRequest(new URLSearchParams('f.req=%5B'), query('jHPbke'))).toBe('f.req is not JSON');
  });
});

describe('whole-call checks', () => {
  function erOf(text: string): unknown[] {
    return decodeBatchReply(text).entries[0]!;
  }

  it('refuses a missing X-Same-Domain header or a non-form body with 400', async () => {
    const client = await FlowTestClient.open(env.emu);
    const projectsBefore = env.emu.control.flowProjects().length;
    const noHeader = await client.call([CREATE], { headers: { 'x-same-domain': '0' } });
    expect(noHeader.status).toBe(400);
    expect(erOf(noHeader.text)).toEqual(['er', null, null, null, null, 400, null, null, null, 3]);
    const json = await client.call([CREATE], { headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(400);
    expect(env.emu.control.flowProjects().length).toBe(projectsBefore); // neither call reached jHPbke
  });

  it('refuses an `at` that was not issued to this session (another session, or made up) with 400', async () => {
    const mine = await FlowTestClient.open(env.emu);
    const theirs = await FlowTestClient.open(env.emu);
    expect((await mine.call([CREATE], { at: theirs.wiz!.SNlM0e })).status).toBe(400);
    expect((await mine.call([CREATE], { at: 'AKlEn5g-invented:1700000000000' })).status).toBe(400);
    expect((await mine.call([CREATE])).status).toBe(200);
  });

  it('answers 401 with an er entry (gRPC 16) when the cookies are missing or dead', async () => {
    const client = await FlowTestClient.open(env.emu);
    const anonymous = await client.call([CREATE], { cookieHeader: '' });
    expect(anonymous.status).toBe(401);
    expect(erOf(anonymous.text)).toEqual(['er', null, null, null, null, 401, null, null, null, 16]);
    const withoutOsid = client.cookieHeader.replace(/(^|; )__Secure-OSID=[^;]*/, '');
    expect((await client.call([CREATE], { cookieHeader: withoutOsid })).status).toBe(401);
  });

  it('refuses an rpcids list that does not match f.req, and a GET', async () => {
    const client = await FlowTestClient.open(env.emu);
    expect((await client.call([CREATE], { rpcids: 'ogiZ0b' })).status).toBe(400);
    const get = await fetch(`https://flow.google.com${FLOW_BATCHEXECUTE_PATH}`, { headers: { cookie: client.cookieHeader } });
    expect(get.status).toBe(405);
  });

  it('answers an unknown rpc id with gRPC 12 in slot 5', async () => {
    const client = await FlowTestClient.open(env.emu);
    expect(await client.rpc('Zzl0ze', [`projects/${client.projectId}`, null, null, null, [1]])).toEqual({ rpcid: 'Zzl0ze', error: [12] });
  });
});
