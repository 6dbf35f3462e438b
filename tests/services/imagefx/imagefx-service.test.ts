/**
 * ImageFXService on the real library against the emulator: what comes back, and what reaches Google.
 */
import { describe, expect, it } from 'vitest';
import { readPng } from '../../support/png-reader.ts';
import { pictureBytes } from '../../support/classic-image-service.ts';
import { withImageFXService } from '../../support/imagefx-service-fixture.ts';

const env = withImageFXService();
const RUN = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' };
const SESSION = { host: 'labs.google', path: '/fx/api/auth/session' };

describe('ImageFXService.generate', () => {
  it('returns the images with their metadata, and count, aspect ratio, seed and model reach the request', async () => {
    const { service, secrets } = await env.signedIn();
    const result = await service.generate({
      prompt: '  a lighthouse at dusk ',
      count: 3,
      aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT',
      seed: 1234,
      model: 'IMAGEN_3_5',
    });

    expect(result.settings).toEqual({
      prompt: 'a lighthouse at dusk',
      count: 3,
      aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT',
      seed: 1234,
      model: 'IMAGEN_3_5',
    });
    expect(result.images).toHaveLength(3);
    expect(result.images.map((image) => image.seed)).toEqual([1234, 1235, 1236]);
    const workflowIds = new Set(result.images.map((image) => image.workflowId));
    expect(workflowIds.size).toBe(1);
    for (const image of result.images) {
      expect(image).toMatchObject({ prompt: 'a lighthouse at dusk', model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT', mimeType: 'image/png' });
      expect(image.mediaId).toMatch(/^CAMa/);
      expect(image.workflowId).toEqual(expect.any(String));
      const png = readPng(pictureBytes(image));
      expect([png.width, png.height]).toEqual([36, 64]);
    }

    // One request, no session round trip: the token came from the session layer.
    expect(env.emu.requests.count(SESSION)).toBe(0);
    const [run, ...others] = env.emu.requests.all();
    expect(others).toEqual([]);
    expect(run).toMatchObject({ ...RUN, method: 'POST', status: 200, bearerToken: secrets.accessToken });
    // The image API authenticates with the token; the labs.google cookie is for labs.google only.
    expect(run?.cookies).toEqual({});
    expect(JSON.parse(run!.body)).toEqual({
      userInput: { candidatesCount: 3, prompts: ['a lighthouse at dusk'], seed: 1234 },
      clientContext: { sessionId: expect.any(String), tool: 'IMAGE_FX' },
      modelInput: { modelNameType: 'IMAGEN_3_5' },
      aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT',
    });
    // The headers 3.0.3 means to send but drops are restored.
    expect(run?.headers).toMatchObject({
      origin: 'https://labs.google',
      referer: 'https://labs.google/fx/tools/image-fx',
      'content-type': 'application/json',
    });

    // Results are data only: no cookie or token anywhere in them.
    const serialised = JSON.stringify(result);
    expect(serialised).not.toContain(secrets.accessToken);
    expect(serialised).not.toContain(secrets.cookieValue);
  });

  it('draws a null seed from the injected randomness and records it', async () => {
    const { service } = await env.signedIn({ random: () => 0.25 });
    const result = await service.generate({ prompt: 'fog', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' });
    const expectedSeed = Math.floor(0.25 * 2 ** 31);
    expect(result.settings.seed).toBe(expectedSeed);
    expect(result.images[0]?.seed).toBe(expectedSeed);
    expect(JSON.parse(env.emu.requests.last(RUN)!.body).userInput.seed).toBe(expectedSeed);
  });

  it('reaches Google with every aspect ratio', async () => {
    const { service } = await env.signedIn();
    for (const aspectRatio of [
      'IMAGE_ASPECT_RATIO_SQUARE',
      'IMAGE_ASPECT_RATIO_PORTRAIT',
      'IMAGE_ASPECT_RATIO_LANDSCAPE',
      'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE',
      'IMAGE_ASPECT_RATIO_UNSPECIFIED',
    ] as const) {
      const result = await service.generate({ prompt: 'dune', count: 1, aspectRatio, seed: 1, model: 'IMAGEN_3_5' });
      expect(result.images[0]?.aspectRatio).toBe(aspectRatio);
      expect(JSON.parse(env.emu.requests.last(RUN)!.body).aspectRatio).toBe(aspectRatio);
    }
  });

  it('passes on fewer images than asked for when Google returns fewer', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'fewer-images', count: 2 });
    const result = await service.generate({ prompt: 'rain', count: 4, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 9, model: 'IMAGEN_3_5' });
    expect(result.settings.count).toBe(4);
    expect(result.images).toHaveLength(2);
    expect(env.emu.requests.count(RUN)).toBe(1);
  });
});
