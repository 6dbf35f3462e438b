/**
 * The composition root's image half: the offline gallery under userData, the ImageFX service on the real
 * library (its session port watched, so the IPC reply guard knows which secrets are live), the generation
 * queue with the gallery as its sink, and the user's settings. Built once by main.ts after `ready`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AccountService } from '../../auth/accounts/index.ts';
import type { LoginSettings } from '../../auth/login/index.ts';
import type { SecureSessionManager } from '../../auth/session/index.ts';
import type { Clock } from '../../core/index.ts';
import { Gallery, GalleryImageSink } from '../../services/gallery/index.ts';
import { FileCaptionImageStager, GenerationQueue, ImageFXLibraryBackend, ImageFXService } from '../../services/imagefx/index.ts';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GalleryImageFiles } from '../ipc/ipc-ports.ts';
import { SessionSecretWatch } from '../ipc/session-secret-watch.ts';
import { AppSettingsService } from './app-settings.ts';
import { galleryImageFiles } from './gallery-image-files.ts';

export interface GenerationCompositionOptions {
  readonly userDataPath: string;
  readonly clock: Clock;
  /** Uniform in [0, 1): random seeds and backoff jitter. */
  readonly random: () => number;
  readonly sessions: Pick<SecureSessionManager, 'getCookieHeader' | 'getToken' | 'refresh' | 'getCookies'>;
  readonly accounts: Pick<AccountService, 'snapshot' | 'optInToWeakerStorage'>;
  readonly login: Pick<LoginSettings, 'userAgentStrategy' | 'setUserAgentStrategy'>;
  /** Told about every image saved to the gallery (to push it to the window). */
  readonly onGalleryAdded: (item: GalleryItem) => void;
}

export interface GenerationComposition {
  readonly gallery: Gallery;
  /** Where each image's file is ("show in folder"). */
  readonly imageFiles: GalleryImageFiles;
  readonly images: ImageFXService;
  readonly queue: GenerationQueue;
  readonly settings: AppSettingsService;
  readonly secrets: SessionSecretWatch;
  /** Cancels unfinished jobs and closes the gallery (after the save in progress). */
  dispose(): Promise<void>;
}

export async function composeGeneration(options: GenerationCompositionOptions): Promise<GenerationComposition> {
  const { userDataPath, clock, random, sessions } = options;
  const galleryDirectory = path.join(userDataPath, 'gallery');
  const gallery = await Gallery.open({ directory: galleryDirectory, clock, randomBytes });
  const secrets = new SessionSecretWatch({ currentCookies: () => sessions.getCookies() });
  const images = new ImageFXService({
    session: secrets.watch(sessions),
    backend: new ImageFXLibraryBackend(),
    captionImages: new FileCaptionImageStager(),
    clock,
    random,
  });
  const sink = new GalleryImageSink({ gallery, onDidAdd: options.onGalleryAdded });
  const queue = new GenerationQueue({ generator: images, sink, clock });
  const settings = new AppSettingsService({ login: options.login, accounts: options.accounts });
  return {
    gallery,
    imageFiles: galleryImageFiles(galleryDirectory, gallery),
    images,
    queue,
    settings,
    secrets,
    async dispose() {
      queue.cancelAll();
      await gallery.close();
    },
  };
}
