/**
 * Every fault the emulator can inject, seen by a raw fetch and (where it matters) by the real library.
 */
import { ImageFX, Prompt } from '@rohitaryal/imagefx-api';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ANY_PATH, PNG_SIGNATURE, type EmulatorFault } from '../support/emulator/index.ts';
import { withEmulator } from '../support/network.ts';

const env = withEmulator();
let token: string;
let cookieHeader: string;
beforeEach(() => {
  ({ accessToken: token, cookieHeader } = env.emu.control.createSession());
});

interface GoogleError {
  error: { code: number; status: string; message: string; details: { reason?: string }[] };
}

function runImageFx(count = 1): Promise<Response> {
  return fetch('https://aisandbox-pa.googleapis.com/v1:runImageFx', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, cookie: cookieHeader, 'content-type': 'application/json' },
    body: JSON.stringify({
      userInput: { candidatesCount: count, prompts: ['a harbour'], seed: 5 },
      clientContext: { sessionId: ';1', tool: 'IMAGE_FX' },
      modelInput: { modelNameType: 'IMAGEN_3_5' },
      aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE',
    }),
  });
}

async function errorOf(fault: EmulatorFault): Promise<{ response: Response; body: GoogleError }> {
  env.emu.control.queueFault(fault);
  const response = await runImageFx();
  return { response, body: (await response.json()) as GoogleError };
}

describe('queued faults on runImageFx', () => {
  it('rate-limited without RetryInfo: only the Retry-After header names the delay', async () => {
    const { response, body } = await errorOf({ kind: 'rate-limited', retryAfterSeconds: 7, retryInfo: false });
    expect(response.headers.get('retry-after')).toBe('7');
    expect(JSON.stringify(body.error.details )).not.toContain('RetryInfo');
  });

  it('rate-limited: 429 RESOURCE_EXHAUSTED with Retry-After, then the next request succeeds', async () => {
    const { response, body } = await errorOf({ kind: 'rate-limited', retryAfterSeconds: 12 });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('12');
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' });
    expect((await runImageFx()).status).toBe(200);
    expect(env.emu.requests.all().map((entry) => [entry.status, entry.fault])).toEqual([
      [429, 'rate-limited'],
      [200, null],
    ]);
  });

  it('rate-limited with retryAfterAsDate: Retry-After is an HTTP date that many seconds after the request', async () => {
    const { response } = await errorOf({ kind: 'rate-limited', retryAfterSeconds: 7, retryAfterAsDate: true });
    const header = response.headers.get('retry-after') ?? '';
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // HTTP dates have whole seconds; the emulator read its clock once more after logging the request.
    expect(Math.abs(Date.parse(header) - (env.emu.requests.last()!.time + 7_000))).toBeLessThanOrEqual(1_000);
  });

  it('quota-exhausted: 429 RESOURCE_EXHAUSTED without Retry-After', async () => {
    const { response, body } = await errorOf({ kind: 'quota-exhausted' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(body.error.details[0]?.reason).toBe('PUBLIC_ERROR_QUOTA_EXCEEDED');
  });

  it('server-error: 500 INTERNAL by default, 503 UNAVAILABLE on request', async () => {
    expect((await errorOf({ kind: 'server-error' })).body.error).toMatchObject({ code: 500, status: 'INTERNAL' });
    const unavailable = await errorOf({ kind: 'server-error', status: 503 });
    expect(unavailable.response.status).toBe(503);
    expect(unavailable.body.error.status).toBe('UNAVAILABLE');
    expect(unavailable.response.headers.get('retry-after')).toBeNull();
    const busy = await errorOf({ kind: 'server-error', status: 503, retryAfterSeconds: 12 });
    expect(busy.response.headers.get('retry-after')).toBe('12');
  });

  it('safety refusals: 400 INVALID_ARGUMENT with the unsafe-generation or prominent-people reason', async () => {
    const unsafe = await errorOf({ kind: 'unsafe-generation' });
    expect(unsafe.response.status).toBe(400);
    expect(unsafe.body.error.status).toBe('INVALID_ARGUMENT');
    expect(unsafe.body.error.details[0]?.reason).toBe('PUBLIC_ERROR_UNSAFE_GENERATION');
    const people = await errorOf({ kind: 'prominent-people' });
    expect(people.response.status).toBe(400);
    expect(people.body.error.details[0]?.reason).toBe('PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED');
  });

  it('unusual-activity: 403 PERMISSION_DENIED; unauthenticated: 401', async () => {
    const blocked = await errorOf({ kind: 'unusual-activity' });
    expect(blocked.response.status).toBe(403);
    expect(blocked.body.error).toMatchObject({ status: 'PERMISSION_DENIED' });
    expect(blocked.body.error.message).toMatch(/unusual activity/);
    const unauthenticated = await errorOf({ kind: 'unauthenticated' });
    expect(unauthenticated.response.status).toBe(401);
    expect(unauthenticated.body.error.status).toBe('UNAUTHENTICATED');
  });

  it('malformed-json: 200 with a truncated JSON body, which the library cannot parse', async () => {
    env.emu.control.queueFault({ kind: 'malformed-json' });
    const response = await runImageFx();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);

    env.emu.control.queueFault({ kind: 'malformed-json' });
    await expect(new ImageFX(cookieHeader).generateImage('a harbour')).rejects.toThrow(/Failed to generate image: .*JSON/);
  });

  it('html-page: 200 with an HTML page instead of JSON', async () => {
    env.emu.control.queueFault({ kind: 'html-page' });
    const response = await runImageFx();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/^<!doctype html>/);
    env.emu.control.queueFault({ kind: 'html-page' });
    await expect(new ImageFX(cookieHeader).generateImage('a harbour')).rejects.toThrow(/Failed to generate image/);
  });

  it('drop-connection: the socket is destroyed without a response', async () => {
    env.emu.control.queueFault({ kind: 'drop-connection' });
    const failure = await runImageFx().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(String((failure?.cause as Error | undefined)?.message)).toMatch(/closed|socket|reset/i);
    expect(env.emu.requests.last()).toMatchObject({ fault: 'drop-connection', status: null });
    expect((await runImageFx()).status).toBe(200);
  });

  it('hang: the request is read and never answered, until the client gives up', async () => {
    env.emu.control.queueFault({ kind: 'hang' });
    const controller = new AbortController();
    const pending = fetch('https://aisandbox-pa.googleapis.com/v1:runImageFx', { method: 'POST', body: '{}', signal: controller.signal });
    await vi.waitFor(() => expect(env.emu.requests.count({ path: '/v1:runImageFx' })).toBe(1), { timeout: 10_000 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(env.emu.requests.last()).toMatchObject({ fault: 'hang', status: null, completedAt: null });
    expect((await runImageFx()).status).toBe(200);
  });

  it('not-an-image: 200 in the usual shape, each encodedImage holding bytes that are no picture', async () => {
    env.emu.control.queueFault({ kind: 'not-an-image', count: 2 });
    const response = await runImageFx(2);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { imagePanels: { generatedImages: { encodedImage: string; mediaGenerationId: string }[] }[] };
    const images = body.imagePanels[0]!.generatedImages;
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.mediaGenerationId).toEqual(expect.any(String));
      const bytes = Buffer.from(image.encodedImage, 'base64');
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)).toBe(false);
    }
  });

  it('fewer-images: returns fewer candidates than asked, through the library too', async () => {
    env.emu.control.queueFault({ kind: 'fewer-images', count: 2 });
    const body = (await (await runImageFx(4)).json()) as { imagePanels: { generatedImages: unknown[] }[] };
    expect(body.imagePanels[0]?.generatedImages).toHaveLength(2);
    env.emu.control.queueFault({ kind: 'fewer-images', count: 1 });
    const images = await new ImageFX(cookieHeader).generateImage(new Prompt({ prompt: 'four boats', numberOfImages: 4 }));
    expect(images).toHaveLength(1);
  });
});

describe('fault targeting and bookkeeping', () => {
  it('applies a fault `times` times, counting down pendingFaults', async () => {
    env.emu.control.queueFault({ kind: 'server-error', status: 502 }, { times: 2 });
    expect(env.emu.control.pendingFaults()).toBe(2);
    expect((await runImageFx()).status).toBe(502);
    expect(env.emu.control.pendingFaults()).toBe(1);
    expect((await runImageFx()).status).toBe(502);
    expect((await runImageFx()).status).toBe(200);
    expect(env.emu.control.pendingFaults()).toBe(0);
  });

  it('aims at another endpoint by name, leaving runImageFx alone; the library does not survive a failing /session', async () => {
    env.emu.control.queueFault({ kind: 'server-error', status: 503 }, { on: 'session' });
    expect((await runImageFx()).status).toBe(200);
    await expect(new ImageFX(cookieHeader).generateImage('a harbour')).rejects.toThrow(/Authentication failed \(503\)/);
    expect(env.emu.requests.last({ path: '/fx/api/auth/session' })).toMatchObject({ status: 503, fault: 'server-error' });
  });

  it('aims at every path of a host with ANY_PATH (Google down), until its repetitions are used up', async () => {
    env.emu.control.queueFault({ kind: 'drop-connection' }, { on: { host: 'aisandbox-pa.googleapis.com', path: ANY_PATH }, times: 2 });
    await expect(fetch('https://aisandbox-pa.googleapis.com/', { method: 'HEAD' })).rejects.toThrow(TypeError);
    await expect(runImageFx()).rejects.toThrow(TypeError);
    expect((await fetch('https://labs.google/fx/api/auth/session')).status).toBe(200); // other hosts answer
    expect((await fetch('https://aisandbox-pa.googleapis.com/', { method: 'HEAD' })).status).toBe(404);
    expect((await runImageFx()).status).toBe(200);
  });

  it('lets the blind library retry pass a transient failure (one 500, retries = 1)', async () => {
    env.emu.control.queueFault({ kind: 'server-error' });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const images = await new ImageFX(cookieHeader).generateImage('a harbour', 1);
    expect(log).toHaveBeenCalledWith('[!] Failed to generate image. Retrying...');
    log.mockRestore();
    expect(images).toHaveLength(1);
    expect(env.emu.requests.all({ path: '/v1:runImageFx' }).map((entry) => entry.status)).toEqual([500, 200]);
  });

  it('rejects unknown fault kinds and bad repetition counts; clearFaults empties the queue', () => {
    expect(() => env.emu.control.queueFault({ kind: 'meteor' } as unknown as EmulatorFault)).toThrow(/unknown fault kind/);
    expect(() => env.emu.control.queueFault({ kind: 'html-page' }, { times: 0 })).toThrow(/positive integer/);
    env.emu.control.queueFault({ kind: 'html-page' }, { times: 3 });
    env.emu.control.clearFaults();
    expect(env.emu.control.pendingFaults()).toBe(0);
  });
});
