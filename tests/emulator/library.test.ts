/**
 * The unmodified published library (`@rohitaryal/imagefx-api` 3.0.3), using Node's global fetch, talks to
 * the emulator exactly as it would to Google.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AspectRatio, ImageFX, Prompt } from '@rohitaryal/imagefx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, EMULATED_IMAGE_SIZES } from '../support/emulator/index.ts';
import { withEmulator } from '../support/network.ts';
import { readPng } from '../support/png-reader.ts';

const env = withEmulator();
let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'imagefx-library-test-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function signedInClient(): ImageFX {
  return new ImageFX(env.emu.control.createSession().cookieHeader);
}

describe('ImageFX.generateImage against the emulator', () => {
  it('returns real PNGs of the requested count, size and metadata', async () => {
    const prompt = new Prompt({ prompt: 'a lighthouse at dusk', seed: 7, numberOfImages: 4, aspectRatio: AspectRatio.PORTRAIT });
    const images = await signedInClient().generateImage(prompt);
    expect(images).toHaveLength(4);
    for (const image of images) {
      const png = readPng(Buffer.from(image.encodedImage, 'base64'));
      expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
      expect([png.width, png.height]).toEqual([36, 64]); // 9:16, like the real portrait ratio
      expect(png.rgb.length).toBe(36 * 64 * 3);
      expect(image.prompt).toBe('a lighthouse at dusk');
      expect(image.model).toBe('IMAGEN_3_5');
      expect(image.aspectRatio).toBe('IMAGE_ASPECT_RATIO_PORTRAIT');
      expect(image.mediaId).toMatch(/^CAMa/);
      // Declared private in the library's typings, but set from the response.
      const hidden = image as unknown as { workflowId: string; fingerprintId: string };
      expect(hidden.workflowId).toMatch(/^[0-9a-f-]{36}$/);
      expect(hidden.fingerprintId).toMatch(/^\d+$/);
    }
    expect(new Set(images.map((image) => image.mediaId)).size).toBe(4);
    expect(new Set(images.map((image) => image.encodedImage)).size).toBe(4);
    expect(images.map((image) => image.seed)).toEqual([7, 8, 9, 10]);

    // The library sent what ARCHITECTURE.md §2 describes: session first, then Bearer + cookie.
    const [session, run] = env.emu.requests.all();
    expect(session).toMatchObject({ host: 'labs.google', path: '/fx/api/auth/session', status: 200 });
    expect(run).toMatchObject({ host: 'aisandbox-pa.googleapis.com', method: 'POST', path: '/v1:runImageFx', status: 200 });
    expect(run?.bearerToken).toMatch(/^ya29\.emu-/);
    expect(Object.keys(run?.cookies ?? {})).toEqual(['__Secure-next-auth.session-token']);
    expect(JSON.parse(run?.body ?? '')).toMatchObject({ userInput: { candidatesCount: 4, seed: 7 }, clientContext: { tool: 'IMAGE_FX' } });
  });

  it('gives the same picture for the same prompt and seed, and a different one for another seed or prompt', async () => {
    const client = signedInClient();
    const pixels = async (prompt: string, seed: number): Promise<Buffer> => {
      const [image] = await client.generateImage(new Prompt({ prompt, seed }));
      return readPng(Buffer.from(image!.encodedImage, 'base64')).rgb;
    };
    const first = await pixels('a red fox', 1);
    expect((await pixels('a red fox', 1)).equals(first)).toBe(true);
    expect((await pixels('a red fox', 2)).equals(first)).toBe(false);
    expect((await pixels('a blue fox', 1)).equals(first)).toBe(false);
  });

  it('follows every aspect ratio', async () => {
    const client = signedInClient();
    for (const aspectRatio of Object.values(AspectRatio)) {
      const [image] = await client.generateImage(new Prompt({ prompt: 'ratio check', aspectRatio }));
      const png = readPng(Buffer.from(image!.encodedImage, 'base64'));
      expect({ width: png.width, height: png.height }).toEqual(EMULATED_IMAGE_SIZES[aspectRatio]);
    }
  });

  it('is refused when the session cookie is unknown (/session answers {})', async () => {
    const client = new ImageFX('__Secure-next-auth.session-token=not-a-session');
    await expect(client.generateImage('anything')).rejects.toThrow(/Invalid session response/);
  });
});

describe('ImageFX.getImageFromId', () => {
  it('fetches a generated image again by its media id, for its owner only', async () => {
    const client = signedInClient();
    const [generated] = await client.generateImage(new Prompt({ prompt: 'a paper boat', seed: 3 }));
    const fetched = await client.getImageFromId(generated!.mediaId);
    expect(fetched.encodedImage).toBe(generated!.encodedImage);
    expect(fetched.seed).toBe(3);
    expect(fetched.prompt).toBe('a paper boat');
    expect(readPng(Buffer.from(fetched.encodedImage, 'base64')).width).toBe(64);

    const request = env.emu.requests.last({ path: '/fx/api/trpc/media.fetchMedia' });
    expect(JSON.parse(new URLSearchParams(request!.search).get('input')!)).toEqual({ json: { mediaKey: generated!.mediaId } });

    env.emu.control.addAccount({ email: 'other@example.test', password: 'pw' });
    const stranger = new ImageFX(env.emu.control.createSession('other@example.test').cookieHeader);
    await expect(stranger.getImageFromId(generated!.mediaId)).rejects.toThrow(/\(404\).*NOT_FOUND/);
    await expect(client.getImageFromId('CAMa-no-such-media')).rejects.toThrow(/\(404\)/);
  });
});

describe('ImageFX.generateCaptionsFromImage', () => {
  it('captions an uploaded PNG, naming the prompt when the emulator generated it', async () => {
    const client = signedInClient();
    const [image] = await client.generateImage(new Prompt({ prompt: 'a snowy owl', seed: 11 }));
    const file = path.join(workDir, 'owl.png');
    await writeFile(file, Buffer.from(image!.encodedImage, 'base64'));
    const captions = await client.generateCaptionsFromImage(file, 'png', 3);
    expect(captions).toHaveLength(3);
    expect(captions[0]).toBe('An image of a snowy owl');
    expect(captions[1]).toContain('variation 2');
    const body = JSON.parse(env.emu.requests.last({ path: '/fx/api/trpc/backbone.captionImage' })!.body) as {
      json: { captionInput: { candidatesCount: number } };
    };
    expect(body.json.captionInput.candidatesCount).toBe(3);
  });

  it('rejects a request without a live session with a tRPC 401', async () => {
    const file = path.join(workDir, 'any.png');
    await writeFile(file, Buffer.from('89504e470d0a1a0a', 'hex'));
    const { cookieHeader } = env.emu.control.createSession();
    const client = new ImageFX(cookieHeader);
    // The session is fine when the library fetches it, then revoked before the caption call.
    const originalFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (String(input).includes('captionImage')) env.emu.control.revokeSessions(DEFAULT_ACCOUNT.email);
      return originalFetch(input, init);
    };
    try {
      await expect(client.generateCaptionsFromImage(file, 'png')).rejects.toThrow(/\(401\).*UNAUTHORIZED/);
    } finally {
      globalThis.fetch = originalFetch;
    }
  });
});
