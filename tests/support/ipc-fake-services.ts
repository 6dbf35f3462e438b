/**
 * Fake image, queue, gallery, dialog, desktop and settings services for the IPC tests (see ipc-fakes.ts for the
 * rules they follow: a call log, leak bait).
 */
import type {
  DesktopIntegration, DiagnosticsOperations, GalleryExportControls, GalleryImageFiles, GalleryOperations, GenerationQueueControls, ImageOperations, MainProcessDialogs, SettingsControls,
} from '../../src/app/ipc/ipc-ports.ts';
import { GalleryExportRunner } from '../../src/services/gallery/gallery-export-runner.ts';
import { CLASSIC_CAPABILITIES } from '../../src/shared/generation-options.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { UserAgentStrategy } from '../../src/shared/auth-options.ts';
import type { GalleryItem, GalleryPage, GallerySelection } from '../../src/shared/gallery-schemas.ts';
import type { GenerateRequest, GenerationJob } from '../../src/shared/generation-schemas.ts';
import type { AppSettings } from '../../src/shared/ipc-contract.ts';
import { KNOWN_GALLERY_IDS, KNOWN_JOB_IDS, withSecrets, type FakeServiceContext } from './ipc-fakes.ts';
import { jobFixture } from './job-fixtures.ts';

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

function fakeJob(id: string, request: GenerateRequest): GenerationJob {
  return jobFixture(id, 'queued', { request });
}

export function createFakeQueue({ log, bait }: FakeServiceContext): GenerationQueueControls {
  const known = (id: string): boolean => (KNOWN_JOB_IDS as readonly string[]).includes(id);
  return {
    enqueue(request) {
      log.record('queue.enqueue');
      bait.spring();
      return withSecrets(fakeJob('job-10', request));
    },
    enqueueBatch(requests) {
      log.record('queue.enqueueBatch');
      return requests.slice(0, 3).map((request, index) => fakeJob(`job-${index + 10}`, request));
    },
    pause: (id) => (log.record('queue.pause'), known(id)),
    resume: (id) => (log.record('queue.resume'), known(id)),
    cancel: (id) => (log.record('queue.cancel'), known(id)),
    move: (id) => (log.record('queue.move'), known(id)),
    remove: (id) => (log.record('queue.remove'), known(id)),
    retry: (id) => (log.record('queue.retry'), known(id)),
    retryFailed: () => (log.record('queue.retryFailed'), 0),
    pauseAll: () => log.record('queue.pauseAll'),
    resumeAll: () => log.record('queue.resumeAll'),
    cancelAll: () => log.record('queue.cancelAll'),
    cancelAccountJobs: () => (log.record('queue.cancelAccountJobs'), 0),
    clearFinished: () => (log.record('queue.clearFinished'), 0),
    snapshot: () => (
      log.record('queue.snapshot'),
      {
        jobs: KNOWN_JOB_IDS.map((id) => fakeJob(id, { prompt: 'a harbour', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' })),
        holdReason: null,
        nextCursor: null,
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
    count: async () => (log.record('gallery.count'), { total: KNOWN_GALLERY_IDS.length, newer: 0, snapshot: null }),
    indexProgress: () => (log.record('gallery.indexProgress'), { phase: 'idle', done: 0, total: 0 }),
    setFavourite: async (id, favourite) => (log.record('gallery.setFavourite'), { ...fakeGalleryItem(existing(id)), favourite }),
    setFavouriteMany: async (selection) => (log.record('gallery.setFavouriteMany'), selectedIds(selection)),
    delete: async (id) => {
      log.record('gallery.delete');
      existing(id);
    },
    deleteSelection: async (selection) => (log.record('gallery.deleteSelection'), selectedIds(selection)),
    readImage: async (id) => (log.record('gallery.readImage'), (KNOWN_GALLERY_IDS as readonly string[]).includes(id) ? PNG_SIGNATURE : null),
  };
}

/** The known ids a selection names (all of them for "all matching"). */
function selectedIds(selection: GallerySelection): string[] {
  const known = KNOWN_GALLERY_IDS as readonly string[];
  return selection.kind === 'ids' ? selection.ids.filter((id) => known.includes(id)) : known.filter((id) => !selection.except?.includes(id));
}

/** An export runner over the fake gallery (one at a time, as the real one), every call logged; results name the known ids. */
export function createFakeExports({ log }: FakeServiceContext): GalleryExportControls {
  const runner = new GalleryExportRunner({
    exportSelection: async (selection, directory) => {
      log.record('exports.exportSelection');
      const ids = selection.kind === 'matching' ? selectedIds(selection) : selection.ids.map((id) => {
        if (!(KNOWN_GALLERY_IDS as readonly string[]).includes(id)) throw new AppError('NOT_FOUND', 'No gallery image has this id.');
        return id;
      });
      return { directory, imageFiles: ids.map((id) => `${id}.png`), metadataJsonFile: 'metadata.json', metadataCsvFile: 'metadata.csv' };
    },
  });
  return {
    run: (selection, directory) => (log.record('exports.run'), runner.run(selection, directory)),
    cancel: () => (log.record('exports.cancel'), runner.cancel()),
    status: () => (log.record('exports.status'), runner.status()),
    assertIdle: () => (log.record('exports.assertIdle'), runner.assertIdle()),
  };
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Image files under a made-up gallery folder, for the known ids only. */
export function createFakeImageFiles({ log }: FakeServiceContext): GalleryImageFiles {
  return {
    imageFile: async (id) => (log.record('imageFiles.imageFile'), (KNOWN_GALLERY_IDS as readonly string[]).includes(id) ? `/gallery/images/${id.slice(-2)}/${id}.png` : null),
  };
}

/** A desktop that records what it was asked to show and copy. */
export function createFakeDesktop({ log }: FakeServiceContext): DesktopIntegration & { readonly shown: string[]; readonly copied: Uint8Array[] } {
  const shown: string[] = [];
  const copied: Uint8Array[] = [];
  return {
    shown,
    copied,
    showItemInFolder: (fullPath) => (log.record('desktop.showItemInFolder'), shown.push(fullPath), undefined),
    copyImage: async (bytes) => (log.record('desktop.copyImage'), copied.push(bytes), undefined),
  };
}

/** Dialogs answering from `answers` (default: the user cancels). */
export function createFakeDialogs(
  { log }: FakeServiceContext,
  answers: { exportDirectory?: string | null | undefined; diagnosticsFile?: string | null | undefined; confirm?: boolean } = {},
): MainProcessDialogs {
  return {
    chooseExportDirectory: async () => (log.record('dialogs.chooseExportDirectory'), answers.exportDirectory ?? null),
    confirmWeakerStorage: async () => (log.record('dialogs.confirmWeakerStorage'), answers.confirm ?? true),
    confirmStartOver: async () => (log.record('dialogs.confirmStartOver'), answers.confirm ?? true),
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
