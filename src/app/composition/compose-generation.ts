/**
 * The composition root's image half: the offline gallery under userData, the ImageFX service on the real
 * library (its session port watched, so the IPC reply guard knows which secrets are live), the generation
 * queue with the gallery as its sink (following the active account, waiting on the reachability monitor),
 * and the user's settings. Built once by main.ts after `ready`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AccountService } from '../../auth/accounts/index.ts';
import type { LoginSettings } from '../../auth/login/index.ts';
import type { SecureSessionManager } from '../../auth/session/index.ts';
import type { Clock } from '../../core/index.ts';
import { Gallery, GalleryImageSink } from '../../services/gallery/index.ts';
import {
  FileCaptionImageStager, GenerationQueue, ImageFXLibraryBackend, ImageFXService, ReachabilityMonitor, type NetworkStatus,
} from '../../services/imagefx/index.ts';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GalleryImageFiles } from '../ipc/ipc-ports.ts';
import { SessionSecretWatch } from '../ipc/session-secret-watch.ts';
import { AppSettingsService } from './app-settings.ts';
import { generationAccounts } from './generation-accounts.ts';

export interface GenerationCompositionOptions {
  readonly userDataPath: string;
  readonly clock: Clock;
  /** Uniform in [0, 1): random seeds and backoff jitter. */
  readonly random: () => number;
  readonly sessions: Pick<SecureSessionManager, 'getCookieHeader' | 'getToken' | 'renewToken' | 'getCookies'>;
  readonly accounts: Pick<AccountService, 'snapshot' | 'optInToWeakerStorage'>;
  /** The operating system's network state (Electron's `net.isOnline()`). */
  readonly network: NetworkStatus;
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
  /** Offline vs. Google unreachable; `recheck()` when the network may be back. */
  readonly reachability: ReachabilityMonitor;
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
  const backend = new ImageFXLibraryBackend({ clock });
  const images = new ImageFXService({
    session: secrets.watch(sessions),
    backend,
    captionImages: new FileCaptionImageStager(),
    clock,
    random,
  });
  const sink = new GalleryImageSink({ gallery, onDidAdd: options.onGalleryAdded });
  const reachability = new ReachabilityMonitor({ network: options.network, probe: (signal) => backend.reachable(signal), clock });
  const queue = new GenerationQueue({ generator: images, sink, clock, random, accounts: generationAccounts(options.accounts), reachability });
  const settings = new AppSettingsService({ login: options.login, accounts: options.accounts });
  return {
    gallery,
    imageFiles: gallery,
    images,
    queue,
    reachability,
    settings,
    secrets,
    async dispose() {
      queue.dispose();
      await gallery.close();
    },
  };
}
