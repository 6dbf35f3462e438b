/**
 * Captions through the real library against the emulator, from a picked file or from bytes in memory
 * (staged in a private temporary file, since 3.0.3 only reads paths, and removed afterwards).
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileCaptionImageStager } from '../../../src/services/imagefx/file-caption-image-stager.ts';
import { pictureBytes } from '../../support/classic-image-service.ts';
import { withImageFXService } from '../../support/imagefx-service-fixture.ts';

const env = withImageFXService();
const CAPTION = { host: 'labs.google', path: '/fx/api/trpc/backbone.captionImage' };
let workDir: string;
let stagingDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'imagefx-caption-test-'));
  stagingDir = path.join(workDir, 'staging');
  await mkdir(stagingDir);
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function signedIn() {
  return env.signedIn({ captionImages: new FileCaptionImageStager({ temporaryDirectory: stagingDir }) });
}

async function generatedPng(prompt: string): Promise<Buffer> {
  const { service } = await signedIn();
  const { images } = await service.generate({ prompt, count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 3, model: 'IMAGEN_3_5' });
  return pictureBytes(images[0]!);
}

describe('ImageFXService.caption', () => {
  it('captions bytes with their MIME type, sends only the caption request, and removes the staged copy', async () => {
    const png = await generatedPng('a paper boat on a pond');
    const { service } = await signedIn();
    const result = await service.caption({ bytes: new Uint8Array(png), mimeType: 'image/png', count: 2 });
    expect(result.captions).toEqual(['An image of a paper boat on a pond', 'An image of a paper boat on a pond (variation 2)']);
    const requests = env.emu.requests.all();
    expect(requests.map((request) => request.path)).toEqual([CAPTION.path]);
    const body = JSON.parse(requests[0]!.body);
    expect(body.json.captionInput).toMatchObject({ candidatesCount: 2, mediaInput: { rawBytes: `data:image/png;base64,${png.toString('base64')}` } });
    expect(await readdir(stagingDir)).toEqual([]);
  });

  it('refuses bytes that are not of their declared type with INVALID_INPUT before anything is sent', async () => {
    const { service } = await signedIn();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const cases = [
      () => service.caption({ bytes: new Uint8Array([1, 2, 3]), mimeType: 'image/png', count: 1 }),
      () => service.caption({ bytes: png, mimeType: 'image/jpeg', count: 1 }),
      () => service.caption({ bytes: png, mimeType: 'image/webp', count: 1 }),
    ];
    for (const call of cases) await expect(call()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(env.emu.requests.count()).toBe(0);
    expect(await readdir(stagingDir)).toEqual([]);
  });

  it('maps a revoked session to AUTH_REQUIRED after one refresh, and still removes the staged copy', async () => {
    const png = await generatedPng('a stone bridge');
    const { service } = await signedIn();
    env.emu.control.revokeSessions();
    await expect(service.caption({ bytes: new Uint8Array(png), mimeType: 'image/png', count: 1 })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(env.emu.requests.all().map((request) => `${request.path} ${request.status}`)).toEqual([
      `${CAPTION.path} 401`,
      '/fx/api/auth/session 200',
    ]);
    expect(await readdir(stagingDir)).toEqual([]);
  });
});
