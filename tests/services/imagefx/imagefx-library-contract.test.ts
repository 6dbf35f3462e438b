/**
 * The contract between imagefx-library-backend.ts and `@rohitaryal/imagefx-api`. The backend relies on
 * run-time details of 3.0.3 that its types do not promise; if one of these tests fails after a library
 * change, read its message, then update the backend (or keep the library pinned).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Account, AspectRatio, Image, ImageFX, Model, Prompt } from '@rohitaryal/imagefx-api';
import { describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, IMAGE_MODELS } from '../../../src/shared/generation-options.ts';
import { CLASSIC_CAPABILITIES } from '../../../src/shared/generation-options.ts';
import { createSeededClient, LIBRARY_ACCOUNT_FIELD, ManagedTokenAccount } from '../../../src/services/imagefx/imagefx-library-backend.ts';
import { withEmulator } from '../../support/network.ts';

const env = withEmulator();
const SESSION = { host: 'labs.google', path: '/fx/api/auth/session' };
const INTERNALS = 'imagefx-library-backend.ts replaces ImageFX.account with a ManagedTokenAccount';

async function packageJson(path: string): Promise<{ version?: string; dependencies?: Record<string, string> }> {
  return JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8'));
}

describe('@rohitaryal/imagefx-api contract', () => {
  it('is pinned to exactly 3.0.3, and 3.0.3 is installed', async () => {
    const app = await packageJson('../../../package.json');
    const library = await packageJson('../../../node_modules/@rohitaryal/imagefx-api/package.json');
    expect(app.dependencies?.['@rohitaryal/imagefx-api'], 'keep the library pinned exactly: the backend depends on its internals').toBe('3.0.3');
    expect(library.version, 'the installed library is not the pinned one; run npm ci').toBe('3.0.3');
  });

  it('keeps its Account in an own, replaceable `account` field of ImageFX', () => {
    const client = new ImageFX('cookie=value');
    expect(Object.hasOwn(client, LIBRARY_ACCOUNT_FIELD), `${INTERNALS}; ImageFX no longer has an own "account" field`).toBe(true);
    expect(Reflect.get(client, LIBRARY_ACCOUNT_FIELD), `${INTERNALS}; ImageFX.account is no longer an Account`).toBeInstanceOf(Account);
    const seeded = createSeededClient({ cookieHeader: 'cookie=value', accessToken: 'token' });
    expect(Reflect.get(seeded, LIBRARY_ACCOUNT_FIELD)).toBeInstanceOf(ManagedTokenAccount);
  });

  it('without the seeded account, fetches the session before every generation (the round trip we avoid)', async () => {
    const { cookieHeader } = env.emu.control.createSession();
    await new ImageFX(cookieHeader).generateImage(new Prompt({ prompt: 'a', seed: 1 }), 0);
    expect(env.emu.requests.all().map((request) => request.path)).toEqual(['/fx/api/auth/session', '/v1:runImageFx']);
  });

  it('uses the seeded account for generate, fetch by id and caption: no session fetch, our token and headers', async () => {
    const issued = env.emu.control.createSession();
    const client = createSeededClient({ cookieHeader: issued.cookieHeader, accessToken: issued.accessToken });
    const [image] = await client.generateImage(new Prompt({ prompt: 'b', seed: 2 }), 0);
    const again = await client.getImageFromId(image!.mediaId);
    const dir = await mkdtemp(join(tmpdir(), 'imagefx-contract-'));
    try {
      await writeFile(join(dir, 'a.png'), Buffer.from(image!.encodedImage, 'base64'));
      await client.generateCaptionsFromImage(join(dir, 'a.png'), 'png', 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    expect(env.emu.requests.count(SESSION), `${INTERNALS}; the library no longer calls account.refreshSession() before requests`).toBe(0);
    const requests = env.emu.requests.all();
    expect(requests.map((request) => request.path)).toEqual(['/v1:runImageFx', '/fx/api/trpc/media.fetchMedia', '/fx/api/trpc/backbone.captionImage']);
    for (const request of requests) {
      expect(request.bearerToken, `${INTERNALS}; the library no longer takes its headers from account.getAuthHeaders()`).toBe(issued.accessToken);
      expect(request.headers.origin).toBe('https://labs.google');
    }
    expect(again.encodedImage).toBe(image!.encodedImage);
  });

  it('builds the runImageFx body with Prompt.toString() and reads an answer entry with new Image(): the backend sends the one and parses with the other', () => {
    const body = JSON.parse(new Prompt({ prompt: 'e', numberOfImages: 3, seed: 9, aspectRatio: AspectRatio.PORTRAIT, generationModel: Model.IMAGEN_3_5 }).toString());
    expect(body, 'imagefx-library-backend.ts sends Prompt.toString() as the runImageFx body').toMatchObject({
      userInput: { candidatesCount: 3, prompts: ['e'], seed: 9 },
      clientContext: { tool: 'IMAGE_FX' },
      modelInput: { modelNameType: 'IMAGEN_3_5' },
      aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT',
    });
    const image = new Image({ encodedImage: 'iVBORw0KGgo=', seed: 4, prompt: 'e', modelNameType: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT', mediaGenerationId: 'm', workflowId: 'w', fingerprintLogRecordId: 'f' } as never);
    expect({ ...image }, 'imagefx-library-backend.ts reads these Image fields').toMatchObject({ encodedImage: 'iVBORw0KGgo=', seed: 4, mediaId: 'm', model: 'IMAGEN_3_5' });
    expect(() => new Image({ encodedImage: '' } as never), 'an empty picture must still throw ImageError').toThrow(expect.objectContaining({ name: 'ImageError' }));
  });

  it('keeps workflowId as a run-time field of Image (private in its types)', async () => {
    const issued = env.emu.control.createSession();
    const [image] = await createSeededClient({ cookieHeader: issued.cookieHeader, accessToken: issued.accessToken }).generateImage(new Prompt({ prompt: 'c' }), 0);
    expect(Reflect.get(image!, 'workflowId'), 'Image.workflowId moved; update toGeneratedImage()').toEqual(expect.any(String));
  });

  it('folds status and body into its error message in the shape the classifier parses', async () => {
    const issued = env.emu.control.createSession();
    const client = createSeededClient({ cookieHeader: issued.cookieHeader, accessToken: issued.accessToken });
    env.emu.control.queueFault({ kind: 'unsafe-generation' });
    await expect(client.generateImage(new Prompt({ prompt: 'd' }), 0), 'library-error-classifier.ts HTTP_FAILURE no longer matches').rejects.toThrow(
      /^Server responded with invalid response \(400\): \{/,
    );
    env.emu.control.queueFault({ kind: 'drop-connection' });
    await expect(client.generateImage(new Prompt({ prompt: 'd' }), 0), 'library-error-classifier.ts WRAPPED_CAUSE no longer matches').rejects.toThrow(
      /^Failed to generate image: fetch failed$/,
    );
  });

  it('offers exactly the aspect ratios and models the classic backend states, all of them names the app knows', () => {
    const aspects = CLASSIC_CAPABILITIES.aspectRatios.map((aspect) => aspect.id);
    const models = CLASSIC_CAPABILITIES.models.map((model) => model.id);
    expect([...aspects].sort()).toEqual(Object.values(AspectRatio).sort());
    expect([...models].sort()).toEqual(Object.values(Model).sort());
    for (const aspect of aspects) expect(ASPECT_RATIOS).toContain(aspect);
    for (const model of models) expect(IMAGE_MODELS).toContain(model);
  });
});
