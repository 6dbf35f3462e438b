/**
 * Latency (under a fake clock), the request log, request validation, harmless 404s and the HTTP control
 * surface on 127.0.0.1.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../support/fake-clock.ts';
import type { LoggedRequest } from '../support/emulator/index.ts';
import { withEmulator } from '../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 2, 1));
const env = withEmulator({ clock });

function generateBody(overrides: Record<string, unknown> = {}, userInput: Record<string, unknown> = {}): string {
  return JSON.stringify({
    userInput: { candidatesCount: 1, prompts: ['a lantern'], seed: 0, ...userInput },
    clientContext: { sessionId: ';1', tool: 'IMAGE_FX' },
    modelInput: { modelNameType: 'IMAGEN_3_5' },
    aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
    ...overrides,
  });
}

function runImageFx(token: string | undefined, body = generateBody()): Promise<Response> {
  return fetch('https://aisandbox-pa.googleapis.com/v1:runImageFx', {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body,
  });
}

describe('latency', () => {
  it('holds a response for the scripted time on the emulator clock, per host', async () => {
    const { accessToken, cookieHeader } = env.emu.control.createSession();
    env.emu.control.setLatency(5_000, 'aisandbox-pa.googleapis.com');
    const slow = runImageFx(accessToken);
    await vi.waitFor(() => expect(env.emu.requests.count({ path: '/v1:runImageFx' })).toBe(1), { timeout: 15_000 });
    const entry = env.emu.requests.last({ path: '/v1:runImageFx' })!;

    // labs.google has no latency: it answers while the generation is still held.
    const session = await fetch('https://labs.google/fx/api/auth/session', { headers: { cookie: cookieHeader } });
    expect(session.status).toBe(200);
    expect(entry.status).toBeNull();

    await clock.advance(4_999);
    expect(entry.status).toBeNull();
    await clock.advance(1);
    expect((await slow).status).toBe(200);
    expect(entry.completedAt! - entry.time).toBe(5_000);
    const order = env.emu.requests.all().map((request) => request.path);
    expect(order).toEqual(['/v1:runImageFx', '/fx/api/auth/session']);
    expect(env.emu.requests.last({ path: '/fx/api/auth/session' })!.completedAt).toBeLessThan(entry.completedAt!);
  });

  it('applies an all-hosts latency, which clearLatency removes', async () => {
    env.emu.control.setLatency(1_000);
    const pending = fetch('https://labs.google/fx/api/auth/session');
    await vi.waitFor(() => expect(env.emu.requests.count()).toBe(1), { timeout: 15_000 });
    await clock.advance(1_000);
    expect((await pending).status).toBe(200);
    expect(env.emu.requests.last()!.completedAt! - env.emu.requests.last()!.time).toBe(1_000);
    env.emu.control.clearLatency();
    expect(env.emu.control.snapshot().latency).toEqual({ allHostsMs: 0, perHostMs: {} });
    expect(() => env.emu.control.setLatency(10, 'example.com')).toThrow(/latency host/);
  });
});

describe('request log', () => {
  it('records host, method, path, query, headers, cookies, bearer token, body, status and times', async () => {
    const { accessToken, cookieHeader } = env.emu.control.createSession();
    await (await runImageFx(accessToken)).arrayBuffer();
    await (await fetch('https://labs.google/fx/api/auth/session?probe=1', { headers: { cookie: `${cookieHeader}; extra=yes` } })).arrayBuffer();
    const [run, session] = env.emu.requests.all() as [LoggedRequest, LoggedRequest];
    expect(run).toMatchObject({ host: 'aisandbox-pa.googleapis.com', method: 'POST', path: '/v1:runImageFx', bearerToken: accessToken, status: 200 });
    expect(JSON.parse(run.body)).toMatchObject({ userInput: { prompts: ['a lantern'] } });
    expect(run.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(run.time).toBe(clock.now());
    expect(session).toMatchObject({ host: 'labs.google', method: 'GET', search: '?probe=1', bearerToken: null, status: 200 });
    expect(session.cookies.extra).toBe('yes');
    expect(`__Secure-next-auth.session-token=${session.cookies['__Secure-next-auth.session-token']}`).toBe(cookieHeader);
    expect(session.seq).toBe(run.seq + 1);

    expect(env.emu.requests.count({ host: 'labs.google' })).toBe(1);
    expect(env.emu.requests.count({ path: /^\/fx\/api\// })).toBe(1);
    expect(env.emu.requests.count({ method: 'post' })).toBe(1);
    env.emu.resetLog();
    expect(env.emu.requests.count()).toBe(0);
  });
});

describe('request validation', () => {
  it('answers 400 INVALID_ARGUMENT naming each bad field of a runImageFx body', async () => {
    const { accessToken } = env.emu.control.createSession();
    const cases: [string, string][] = [
      [generateBody({}, { candidatesCount: 0 }), 'userInput.candidatesCount'],
      [generateBody({}, { candidatesCount: 9 }), 'userInput.candidatesCount'],
      [generateBody({}, { prompts: ['  '] }), 'userInput.prompts'],
      [generateBody({}, { prompts: [] }), 'userInput.prompts'],
      [generateBody({}, { seed: '7' }), 'userInput.seed'],
      [generateBody({ clientContext: { tool: 'OTHER' } }), 'clientContext.tool'],
      [generateBody({ modelInput: { modelNameType: 'DALL_E' } }), 'modelInput.modelNameType'],
      [generateBody({ aspectRatio: 'IMAGE_ASPECT_RATIO_WIDE' }), 'aspectRatio'],
      ['not json', ''],
    ];
    for (const [body, field] of cases) {
      const response = await runImageFx(accessToken, body);
      expect(response.status).toBe(400);
      const error = ((await response.json()) as { error: { status: string; details: { fieldViolations: { field: string }[] }[] } }).error;
      expect(error.status).toBe('INVALID_ARGUMENT');
      expect(error.details[0]?.fieldViolations.map((violation) => violation.field)).toEqual([field]);
    }
  });

  it('answers 401 UNAUTHENTICATED for a missing or unknown bearer token', async () => {
    for (const [token, reason] of [[undefined, 'CREDENTIALS_MISSING'], ['ya29.forged', 'ACCESS_TOKEN_INVALID']] as const) {
      const response = await runImageFx(token);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: number; status: string; details: { reason: string }[] } };
      expect(body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
      expect(body.error.details[0]?.reason).toBe(reason);
    }
  });

  it('answers tRPC errors for bad fetchMedia and captionImage input', async () => {
    const { cookieHeader } = env.emu.control.createSession();
    const media = await fetch(`https://labs.google/fx/api/trpc/media.fetchMedia?input=${encodeURIComponent('{"json":{}}')}`, {
      headers: { cookie: cookieHeader },
    });
    expect(media.status).toBe(400);
    expect(await media.json()).toMatchObject({ error: { json: { data: { code: 'BAD_REQUEST', path: 'media.fetchMedia' } } } });
    const caption = await fetch('https://labs.google/fx/api/trpc/backbone.captionImage', {
      method: 'POST',
      headers: { cookie: cookieHeader },
      body: JSON.stringify({ json: { captionInput: { candidatesCount: 1, mediaInput: { mediaCategory: 'MEDIA_CATEGORY_SUBJECT', rawBytes: 'hello' } } } }),
    });
    expect(caption.status).toBe(400);
    const unauthenticated = await fetch('https://labs.google/fx/api/trpc/media.fetchMedia?input=x');
    expect(unauthenticated.status).toBe(401);
  });

  it('answers a harmless 404 for paths it does not know, on every host', async () => {
    for (const url of ['https://accounts.google.com/ListAccounts?gpsia=1', 'https://labs.google/favicon.ico', 'https://aisandbox-pa.googleapis.com/v1:other']) {
      const response = await fetch(url);
      expect(response.status).toBe(404);
      await response.arrayBuffer();
    }
  });
});

describe('HTTP control surface on 127.0.0.1', () => {
  let agent: Agent;
  beforeAll(() => {
    // The global route only serves Google hosts; the control host is reached directly, trusting the CA.
    agent = new Agent({ connect: { ca: env.emu.caPem } });
  });
  afterAll(async () => {
    await agent.close();
  });
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> => {
    const response = await undiciFetch(`${env.emu.url}${path}`, {
      method,
      dispatcher: agent,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  };

  it('calls control methods with JSON arguments and exposes state, the log and the CA', async () => {
    expect(await call('POST', '/__emulator/control/queueFault', [{ kind: 'rate-limited', retryAfterSeconds: 3 }, { times: 1 }])).toMatchObject({
      status: 200,
      json: { ok: true, result: null },
    });
    const session = (await call('POST', '/__emulator/control/createSession', [])).json as { result: { accessToken: string } };
    const limited = await runImageFx(session.result.accessToken);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');

    const log = (await call('GET', '/__emulator/requests')).json as LoggedRequest[];
    expect(log.map((entry) => [entry.path, entry.status])).toEqual([['/v1:runImageFx', 429]]);
    expect(await call('DELETE', '/__emulator/requests')).toMatchObject({ status: 200 });
    expect(env.emu.requests.count()).toBe(0);

    expect((await call('GET', '/__emulator/state')).json).toMatchObject({ pendingFaults: 0, accounts: ['ada@example.test', 'grace@example.test', 'lin@example.test'] });
    expect((await call('GET', '/__emulator/ca.pem')).text).toBe(env.emu.caPem);
    expect((await call('GET', '/__emulator/')).json).toMatchObject({ signInUrl: 'https://labs.google/fx/api/auth/signin/google' });
  });

  it('reports bad calls: unknown method 404, bad arguments 400 with the reason', async () => {
    expect((await call('POST', '/__emulator/control/close', [])).status).toBe(404);
    expect(await call('POST', '/__emulator/control/setLatency', [-1])).toMatchObject({ status: 400, json: { ok: false } });
    expect(await call('POST', '/__emulator/control/setLatency', { ms: 1 })).toMatchObject({ status: 400 });
  });
});
