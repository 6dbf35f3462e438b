/**
 * Fake image, queue, gallery, dialog and settings services for the IPC tests (see ipc-fakes.ts for the
 * rules they follow: a call log, leak bait).
 */
import type { DiagnosticsOperations, GalleryOperations, GenerationQueueControls, ImageOperations, MainProcessDialogs, SettingsControls } from '../../src/app/ipc/ipc-ports.ts';
import { CLASSIC_CAPABILITIES } from '../../src/services/imagefx/classic-image-backend.ts';
import { parsePromptFile } from '../../src/services/imagefx/prompt-batch.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { UserAgentStrategy } from '../../src/shared/auth-options.ts';
import type { GalleryItem, GalleryPage } from '../../src/shared/gallery-schemas.ts';
import type { BatchSettings, GenerationJob } from '../../src/shared/generation-schemas.ts';
import type { AppSettings } from '../../src/shared/ipc-contract.ts';
import { KNOWN_GALLERY_IDS, KNOWN_JOB_IDS, withSecrets, type FakeServiceContext } from './ipc-fakes.ts';

export function fakeGalleryItem(id: string): GalleryItem {
  return {
    id,
    prompt: 'a harbour',
    seed: 1,
    model: 'IMAGEN_3_5',
    aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
    mediaId: '',
    createdAt: 1_767_225_600_000,
    favourite: false,
    width: 64,
    height: 64,
  };
}

export function createFakeImages({ log, bait }: FakeServiceContext): ImageOperations {
  return {
    async caption() {
      log.record('images.caption');
      bait.spring();
      return withSecrets({ captions: ['a harbour at dawn'] });
    },
    async capabilities() {
      log.record('images.capabilities');
      bait.spring();
      return withSecrets(CLASSIC_CAPABILITIES);
    },
    addReference() {
      log.record('images.addReference');
      bait.spring();
      return withSecrets({ id: `ref-${'0'.repeat(32)}`, mimeType: 'image/png' as const });
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
    enqueue({ prompt, ...settings }) {
      log.record('queue.enqueue');
      bait.spring();
      return withSecrets(fakeJob('job-10', prompt, settings));
    },
    enqueueBatch(prompts, settings) {
      log.record('queue.enqueueBatch');
      return jobsFor(prompts, settings);
    },
    enqueuePromptFile(text, settings) {
      log.record('queue.enqueuePromptFile');
      return jobsFor(parsePromptFile(text), settings);
    },
    pause: (id) => (log.record('queue.pause'), known(id)),
    resume: (id) => (log.record('queue.resume'), known(id)),
    cancel: (id) => (log.record('queue.cancel'), known(id)),
    pauseAll: () => log.record('queue.pauseAll'),
    resumeAll: () => log.record('queue.resumeAll'),
    cancelAll: () => log.record('queue.cancelAll'),
    clearFinished: () => (log.record('queue.clearFinished'), 0),
    snapshot: () => (
      log.record('queue.snapshot'),
      {
        jobs: KNOWN_JOB_IDS.map((id) => fakeJob(id, 'a harbour', { count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' })),
        holdReason: null,
      }
    ),
  };
}

export function createFakeGallery({ log, bait }: FakeServiceContext): GalleryOperations {
  const existing = (id: string): string => {
    if (!(KNOWN_GALLERY_IDS as readonly string[]).includes(id)) throw new AppError('NOT_FOUND', 'No gallery image has this id.');
    return id;
  };
  const page = (): GalleryPage => ({ items: KNOWN_GALLERY_IDS.map((id) => withSecrets(fakeGalleryItem(id))), nextCursor: null });
  return {
    page: async () => (log.record('gallery.page'), bait.spring(), page()),
    search: async () => (log.record('gallery.search'), page()),
    setFavourite: async (id, favourite) => (log.record('gallery.setFavourite'), { ...fakeGalleryItem(existing(id)), favourite }),
    delete: async (id) => {
      log.record('gallery.delete');
      existing(id);
    },
    export: async (ids, directory) => {
      log.record('gallery.export');
      const checked = ids.map(existing);
      return { directory, imageFiles: checked.map((id) => `${id}.png`), metadataJsonFile: 'metadata.json', metadataCsvFile: 'metadata.csv' };
    },
  };
}

/** Dialogs answering from `answers` (default: the user cancels). */
export function createFakeDialogs(
  { log }: FakeServiceContext,
  answers: { exportDirectory?: string | null | undefined; diagnosticsFile?: string | null | undefined } = {},
): MainProcessDialogs {
  return {
    chooseExportDirectory: async () => (log.record('dialogs.chooseExportDirectory'), answers.exportDirectory ?? null),
    chooseDiagnosticsFile: async () => (log.record('dialogs.chooseDiagnosticsFile'), answers.diagnosticsFile ?? null),
  };
}

export function createFakeDiagnostics({ log }: FakeServiceContext): DiagnosticsOperations {
  return {
    exportTo: async (file) => (log.record('diagnostics.exportTo'), { file, captures: 2 }),
  };
}

export function createFakeSettings({ log }: FakeServiceContext): SettingsControls {
  let current: AppSettings = { userAgentStrategy: 'electron', storage: { mode: 'encrypted' } };
  return {
    get: () => (log.record('settings.get'), current),
    setUserAgentStrategy: (strategy: UserAgentStrategy) => (log.record('settings.setUserAgentStrategy'), (current = { ...current, userAgentStrategy: strategy }), current),
    optInToWeakerStorage: async () => (log.record('settings.optInToWeakerStorage'), current),
  };
}
