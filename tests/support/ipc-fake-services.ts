/**
 * Fake image, queue, gallery, dialog and settings services for the IPC tests (see ipc-fakes.ts for the
 * rules they follow: real validation, a call log, leak bait).
 */
import { checkedId, checkedIds, parsePageRequest, parseSearchRequest } from '../../src/services/gallery/gallery-requests.ts';
import { validateCaptionBytes, validateCaptionCount, type CaptionRequest } from '../../src/services/imagefx/caption-input.ts';
import type { GeneratedImage, GenerationResult } from '../../src/services/imagefx/generated-image.ts';
import type { GenerationJob } from '../../src/services/imagefx/generation-job.ts';
import {
  resolveGenerationSettings,
  validateBatchSettings,
  validatePrompt,
  type BatchSettings,
  type GenerateRequest,
  type GenerationSettings,
} from '../../src/services/imagefx/generation-settings.ts';
import { parsePromptFile, validatePromptBatch } from '../../src/services/imagefx/prompt-batch.ts';
import type {
  GalleryImageSaver,
  GalleryOperations,
  GenerationQueueControls,
  ImageOperations,
  MainProcessDialogs,
  SettingsControls,
} from '../../src/app/ipc/ipc-ports.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { GalleryItem, GalleryPage } from '../../src/shared/gallery-types.ts';
import type { AppSettings, UserAgentStrategy } from '../../src/shared/ipc-contract.ts';
import { fakeImages } from './imagefx-gated-generator.ts';
import { KNOWN_GALLERY_IDS, KNOWN_JOB_IDS, withSecrets, type FakeServiceContext } from './ipc-fakes.ts';

export function fakeGalleryItem(id: string, image?: Pick<GeneratedImage, 'prompt' | 'model' | 'aspectRatio' | 'mediaId'> & { seed: number }): GalleryItem {
  return {
    id,
    prompt: image?.prompt ?? 'a harbour',
    seed: image?.seed ?? 1,
    model: image?.model ?? 'IMAGEN_3_5',
    aspectRatio: image?.aspectRatio ?? 'IMAGE_ASPECT_RATIO_SQUARE',
    mediaId: image?.mediaId ?? '',
    createdAt: 1_767_225_600_000,
    favourite: false,
    width: 64,
    height: 64,
  };
}

export function createFakeImages({ log, bait }: FakeServiceContext): ImageOperations {
  return {
    async generate(request: GenerateRequest): Promise<GenerationResult> {
      log.record('images.generate');
      const settings = resolveGenerationSettings(request, () => 0.5);
      bait.spring();
      return { settings, images: fakeImages(settings).map(withSecrets) };
    },
    async caption(request: CaptionRequest) {
      log.record('images.caption');
      validateCaptionCount(request.count);
      if ('bytes' in request) validateCaptionBytes(request.bytes, request.mimeType);
      bait.spring();
      return withSecrets({ captions: ['a harbour at dawn'] });
    },
    async fetchById(mediaId: string): Promise<GeneratedImage> {
      log.record('images.fetchById');
      bait.spring();
      const [image] = fakeImages({ prompt: 'a harbour', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 5, model: 'IMAGEN_3_5' });
      return withSecrets({ ...image!, mediaId });
    },
  };
}

function fakeJob(id: string, prompt: string, settings: BatchSettings): GenerationJob {
  return {
    id,
    batchId: null,
    request: { prompt, ...settings },
    status: 'queued',
    pauseReason: null,
    failure: null,
    settings: null,
    images: [],
    createdAt: 0,
    finishedAt: null,
  };
}

export function createFakeQueue({ log, bait }: FakeServiceContext): GenerationQueueControls {
  const known = (id: string): boolean => (KNOWN_JOB_IDS as readonly string[]).includes(id);
  const jobsFor = (prompts: readonly string[], settings: BatchSettings): GenerationJob[] =>
    prompts.slice(0, 3).map((prompt, index) => fakeJob(`job-${index + 10}`, prompt, settings));
  return {
    concurrency: 2,
    holdReason: null,
    enqueue(request) {
      log.record('queue.enqueue');
      const prompt = validatePrompt(request.prompt);
      const settings = validateBatchSettings(request);
      bait.spring();
      return fakeJob('job-10', prompt, settings);
    },
    enqueueBatch(prompts, settings) {
      log.record('queue.enqueueBatch');
      const checked = validatePromptBatch(prompts);
      return jobsFor(checked, validateBatchSettings(settings));
    },
    enqueuePromptFile(text, settings) {
      log.record('queue.enqueuePromptFile');
      const prompts = parsePromptFile(text);
      return jobsFor(prompts, validateBatchSettings(settings));
    },
    pause: (id) => (log.record('queue.pause'), known(id)),
    resume: (id) => (log.record('queue.resume'), known(id)),
    cancel: (id) => (log.record('queue.cancel'), known(id)),
    pauseAll: () => log.record('queue.pauseAll'),
    resumeAll: () => log.record('queue.resumeAll'),
    cancelAll: () => log.record('queue.cancelAll'),
    clearFinished: () => (log.record('queue.clearFinished'), 0),
    listJobs: () => (log.record('queue.listJobs'), KNOWN_JOB_IDS.map((id) => fakeJob(id, 'a harbour', { count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' }))),
  };
}

export function createFakeGallery({ log, bait }: FakeServiceContext): GalleryOperations {
  const existing = (id: string): string => {
    const checked = checkedId(id);
    if (!(KNOWN_GALLERY_IDS as readonly string[]).includes(checked)) throw new AppError('NOT_FOUND', 'No gallery image has this id.');
    return checked;
  };
  const page = (): GalleryPage => ({ items: KNOWN_GALLERY_IDS.map((id) => fakeGalleryItem(id)), nextCursor: null });
  return {
    page: async (request) => (log.record('gallery.page'), parsePageRequest(request), bait.spring(), page()),
    search: async (request) => (log.record('gallery.search'), parseSearchRequest(request), page()),
    get: async (id) => (log.record('gallery.get'), bait.spring(), fakeGalleryItem(existing(id))),
    setFavourite: async (id, favourite) => (log.record('gallery.setFavourite'), { ...fakeGalleryItem(existing(id)), favourite }),
    delete: async (id) => {
      log.record('gallery.delete');
      existing(id);
    },
    export: async (ids, directory) => {
      log.record('gallery.export');
      const checked = checkedIds(ids).map(existing);
      return { directory, imageFiles: checked.map((id) => `${id}.png`), metadataJsonFile: 'metadata.json', metadataCsvFile: 'metadata.csv' };
    },
    reuseSettings: async (id) => (log.record('gallery.reuseSettings'), existing(id), { prompt: 'a harbour', seed: 1, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' }),
  };
}

/** Saves into nothing; hands out ids from a counter. */
export function createFakeGallerySaver({ log }: FakeServiceContext): GalleryImageSaver & { readonly saved: GeneratedImage[] } {
  const saved: GeneratedImage[] = [];
  return {
    saved,
    async save(image: GeneratedImage, settings: GenerationSettings) {
      log.record('gallerySaver.save');
      saved.push(image);
      return fakeGalleryItem(KNOWN_GALLERY_IDS[0], { ...image, seed: image.seed ?? settings.seed });
    },
  };
}

/** Dialogs answering from `answers` (default: the user cancels). */
export function createFakeDialogs({ log }: FakeServiceContext, answers: { exportDirectory?: string | null; captionImage?: string | null } = {}): MainProcessDialogs {
  return {
    chooseExportDirectory: async () => (log.record('dialogs.chooseExportDirectory'), answers.exportDirectory ?? null),
    chooseCaptionImage: async () => (log.record('dialogs.chooseCaptionImage'), answers.captionImage ?? null),
  };
}

export function createFakeSettings({ log }: FakeServiceContext): SettingsControls {
  let current: AppSettings = { userAgentStrategy: 'electron', concurrency: 2, storage: { mode: 'encrypted' } };
  const answer = (): AppSettings => current;
  return {
    get: () => (log.record('settings.get'), answer()),
    setUserAgentStrategy: (strategy: UserAgentStrategy) => (log.record('settings.setUserAgentStrategy'), (current = { ...current, userAgentStrategy: strategy }), answer()),
    setConcurrency: (concurrency: number) => (log.record('settings.setConcurrency'), (current = { ...current, concurrency }), answer()),
    optInToWeakerStorage: async () => (log.record('settings.optInToWeakerStorage'), answer()),
  };
}
