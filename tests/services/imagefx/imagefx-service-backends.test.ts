/**
 * The service over the backend port: it asks the resolver for the job's backend each time, refuses before
 * sending anything what that backend cannot serve (naming what it offers), hands the backend the staged
 * reference pictures, records the seed a self-seeding backend reports, and says when a backend does not
 * caption. The per-account resolver follows the account's choice and keeps one Flow backend per account.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccountBackendResolver } from '../../../src/services/imagefx/account-backend-resolver.ts';
import { CLASSIC_CAPABILITIES } from '../../../src/shared/generation-options.ts';
import { FLOW_CAPABILITIES } from '../../../src/services/imagefx/flow/site/flow-site.ts';
import { fixedBackend, type GenerationTask, type ImageBackend } from '../../../src/services/imagefx/image-backend.ts';
import { ImageFXService } from '../../../src/services/imagefx/imagefx-service.ts';
import { ReferenceImageStore } from '../../../src/services/imagefx/reference-image-store.ts';
import { AppError } from '../../../src/shared/app-error.ts';
import type { BackendCapabilities } from '../../../src/shared/backend-schemas.ts';
import type { GenerateRequest } from '../../../src/shared/generation-schemas.ts';
import { rejectionOf } from '../../support/rejection.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** A backend that records its tasks and answers one image per requested count, seeds 100, 101, …. */
class RecordingBackend implements ImageBackend {
  readonly tasks: GenerationTask[] = [];
  readonly capabilities: BackendCapabilities;

  constructor(capabilities: BackendCapabilities) {
    this.capabilities = capabilities;
  }

  async generate(task: GenerationTask) {
    this.tasks.push(task);
    return Array.from({ length: task.settings.count }, (_, index) => ({
      mediaId: `m${index}`,
      workflowId: 'w',
      prompt: task.settings.prompt,
      seed: this.capabilities.seed ? task.settings.seed + index : 100 + index,
      model: task.settings.model,
      aspectRatio: task.settings.aspectRatio,
      mimeType: 'image/jpeg' as const,
      encodedImage: new Uint8Array([0xff, 0xd8, 0xff]),
    }));
  }
}

function serviceOn(backend: ImageBackend) {
  const references = new ReferenceImageStore({ randomBytes });
  return { service: new ImageFXService({ backends: fixedBackend(backend), references, random: () => 0.25 }), references };
}

const request = (changes: Partial<GenerateRequest> = {}): GenerateRequest => ({
  prompt: ' a lighthouse ',
  count: 1,
  aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
  seed: null,
  model: 'NARWHAL',
  ...changes,
});

const refusal = (promise: Promise<unknown>): Promise<AppError> => rejectionOf(promise);

describe('what a backend cannot serve is refused before anything is sent', () => {
  it.each([
    [{ model: 'IMAGEN_3_5' }, 'Google Flow does not offer Imagen 3.5 (IMAGEN_3_5). Its models: Nano Banana 2 (NARWHAL), Nano Banana Pro (GEM_PIX_2), Nano Banana 2 Lite (HARBOR_SEAL).'],
    [{ aspectRatio: 'IMAGE_ASPECT_RATIO_UNSPECIFIED' }, 'Google Flow does not offer the aspect ratio IMAGE_ASPECT_RATIO_UNSPECIFIED. Its aspect ratios: 1:1, 9:16, 16:9, 3:4, 4:3.'],
    [{ count: 5 }, 'Google Flow makes 1 to 4 images per request; 5 were asked for.'],
    [{ seed: 42 }, "Google Flow picks its own seeds; leave the seed empty (each image's seed is recorded with it)."],
  ] as const)('Flow: %o', async (change, message) => {
    const backend = new RecordingBackend(FLOW_CAPABILITIES);
    const error = await refusal(serviceOn(backend).service.generate(request(change)));
    expect([error.code, error.message]).toEqual(['INVALID_INPUT', message]);
    expect(backend.tasks).toEqual([]);
  });

  it('classic: Flow models, 3:4 and reference pictures', async () => {
    const backend = new RecordingBackend(CLASSIC_CAPABILITIES);
    const { service, references } = serviceOn(backend);
    expect((await refusal(service.generate(request({ model: 'GEM_PIX_2' })))).message).toBe(
      'ImageFX (classic) does not offer Nano Banana Pro (GEM_PIX_2). Its models: Imagen 3.5 (IMAGEN_3_5).',
    );
    expect((await refusal(service.generate(request({ model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR' })))).code).toBe('INVALID_INPUT');
    const { id } = references.add({ bytes: PNG });
    expect((await refusal(service.generate(request({ model: 'IMAGEN_3_5', referenceIds: [id] })))).message).toBe('ImageFX (classic) does not take reference images.');
    expect(backend.tasks).toEqual([]);
  });

  it('a reference id the store no longer holds', async () => {
    const backend = new RecordingBackend(FLOW_CAPABILITIES);
    const error = await refusal(serviceOn(backend).service.generate(request({ referenceIds: [`ref-${'f'.repeat(32)}`] })));
    expect([error.code, error.message]).toEqual(['INVALID_INPUT', 'A reference image is no longer available (the app keeps the last 16). Add it again.']);
    expect(backend.tasks).toEqual([]);
  });
});

describe('what the backend is given and what comes back', () => {
  it('Flow: the staged pictures in order, the trimmed prompt, and the seed the backend reported', async () => {
    const backend = new RecordingBackend(FLOW_CAPABILITIES);
    const { service, references } = serviceOn(backend);
    const first = references.add({ bytes: PNG });
    const second = references.add({ bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) });
    const result = await service.generate(request({ count: 2, referenceIds: [second.id, first.id] }));
    const [task] = backend.tasks;
    expect(task!.references.map((reference) => [reference.id, reference.mimeType])).toEqual([
      [second.id, 'image/jpeg'],
      [first.id, 'image/png'],
    ]);
    expect(task!.settings).toMatchObject({ prompt: 'a lighthouse', referenceIds: [second.id, first.id] });
    expect(result.settings.seed).toBe(100);
    expect(result.images.map((image) => image.seed)).toEqual([100, 101]);
  });

  it('classic: the seed drawn from the injected randomness is the one sent and recorded', async () => {
    const backend = new RecordingBackend(CLASSIC_CAPABILITIES);
    const result = await serviceOn(backend).service.generate(request({ model: 'IMAGEN_3_5' }));
    expect(result.settings).toEqual({ prompt: 'a lighthouse', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: Math.floor(0.25 * 2 ** 31), model: 'IMAGEN_3_5' });
    expect(backend.tasks[0]!.settings.seed).toBe(result.settings.seed);
  });

  it('states the backend’s capabilities, and refuses to caption on a backend that does not', async () => {
    const { service } = serviceOn(new RecordingBackend(FLOW_CAPABILITIES));
    expect(await service.capabilities()).toBe(FLOW_CAPABILITIES);
    const error = await refusal(service.caption({ bytes: PNG, mimeType: 'image/png', count: 1 }));
    expect([error.code, error.message]).toEqual(['INVALID_INPUT', 'Google Flow does not describe images.']);
  });
});

describe('AccountBackendResolver', () => {
  it('follows the active account’s choice, making one Flow backend per account and keeping it', async () => {
    let active: string | null = 'ada';
    const choice: Record<string, 'flow' | 'classic'> = { ada: 'flow', grace: 'classic', lin: 'flow' };
    const classic = new RecordingBackend(CLASSIC_CAPABILITIES);
    const made: string[] = [];
    const resolver = new AccountBackendResolver({
      activeAccountId: () => active,
      backendOf: (id) => choice[id]!,
      classic,
      createFlow: (id) => (made.push(id), new RecordingBackend(FLOW_CAPABILITIES)),
    });
    const adaFlow = await resolver.current();
    expect(adaFlow.capabilities.backend).toBe('flow');
    expect(await resolver.current()).toBe(adaFlow);
    active = 'grace';
    expect(await resolver.current()).toBe(classic);
    active = 'lin';
    expect(await resolver.current()).not.toBe(adaFlow);
    active = 'ada';
    expect(await resolver.current()).toBe(adaFlow);
    active = null;
    expect(await resolver.current()).toBe(classic);
    expect(made).toEqual(['ada', 'lin']);
  });
});
