/**
 * The composition root's image half: the offline gallery under userData, the ImageFX service on the real
 * library (its session port watched, so the IPC reply guard knows which secrets are live), the generation
 * queue with the gallery as its sink, and the user's settings. Built once by main.ts after `ready`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AccountService } from '../../auth/accounts/account-service.ts';
import type { LoginSettings } from '../../auth/login/login-settings.ts';
import type { SecureSessionManager } from '../../auth/session/secure-session-manager.ts';
import { Gallery } from '../../services/gallery/gallery.ts';
import { FileCaptionImageStager } from '../../services/imagefx/file-caption-image-stager.ts';
import { GenerationQueue } from '../../services/imagefx/generation-queue.ts';
import { ImageFXLibraryBackend } from '../../services/imagefx/imagefx-library-backend.ts';
import { ImageFXService } from '../../services/imagefx/imagefx-service.ts';
import type { GalleryItem } from '../../shared/gallery-types.ts';
import { AppSettingsService, storedConcurrency } from './app-settings.ts';
import type { Clock } from '../../core/clock.ts';
import { openElectronKeyValueStore } from '../electron/electron-store-adapter.ts';
import { FileQuarantine } from '../../core/file-quarantine.ts';
import { GalleryImageSink } from '../../services/gallery/gallery-image-sink.ts';
import { SessionSecretWatch } from '../ipc/session-secret-watch.ts';

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
  readonly images: ImageFXService;
  readonly queue: GenerationQueue;
  readonly sink: GalleryImageSink;
  readonly settings: AppSettingsService;
  readonly secrets: SessionSecretWatch;
  /** Cancels unfinished jobs and closes the gallery (after the save in progress). */
  dispose(): Promise<void>;
}

export async function composeGeneration(options: GenerationCompositionOptions): Promise<GenerationComposition> {
  const { userDataPath, clock, random, sessions } = options;
  const gallery = await Gallery.open({ directory: path.join(userDataPath, 'gallery'), clock, randomBytes });
  const secrets = new SessionSecretWatch({ currentCookies: () => sessions.getCookies() });
  const images = new ImageFXService({
    session: secrets.watch(sessions),
    backend: new ImageFXLibraryBackend(),
    captionImages: new FileCaptionImageStager(),
    clock,
    random,
  });
  const sink = new GalleryImageSink({ gallery, onDidAdd: options.onGalleryAdded });
  const store = openElectronKeyValueStore({
    name: 'app-settings',
    cwd: userDataPath,
    quarantine: new FileQuarantine({ directory: path.join(userDataPath, 'settings-quarantine'), clock }),
  });
  const queue = new GenerationQueue({ generator: images, sink, clock, concurrency: storedConcurrency(store) });
  const settings = new AppSettingsService({
    store,
    userAgent: { get: () => options.login.userAgentStrategy, set: (strategy) => options.login.setUserAgentStrategy(strategy) },
    queue,
    accounts: options.accounts,
  });
  return {
    gallery,
    images,
    queue,
    sink,
    settings,
    secrets,
    async dispose() {
      queue.cancelAll();
      await gallery.close();
    },
  };
}
