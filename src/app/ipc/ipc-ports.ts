/**
 * What the IPC handlers need from the rest of the app, as small ports. The composition root passes the
 * real services; tests pass fakes. Nothing here touches Electron.
 */
import type { AccountService } from '../../auth/accounts/account-service.ts';
import type { Gallery } from '../../services/gallery/gallery.ts';
import type { GeneratedImage } from '../../services/imagefx/generated-image.ts';
import type { GenerationSettings } from '../../services/imagefx/generation-settings.ts';
import type { GenerationQueue } from '../../services/imagefx/generation-queue.ts';
import type { ImageFXService } from '../../services/imagefx/imagefx-service.ts';
import type { GalleryItem } from '../../shared/gallery-types.ts';
import type { AppInfo, AppSettings, GalleryChange, UserAgentStrategy } from '../../shared/ipc-contract.ts';

/** Generate, caption and fetch by id (the `ImageFXService`). */
export type ImageOperations = Pick<ImageFXService, 'generate' | 'caption' | 'fetchById'>;

/** The generation queue's controls (the `GenerationQueue`). */
export type GenerationQueueControls = Pick<
  GenerationQueue,
  | 'enqueue'
  | 'enqueueBatch'
  | 'enqueuePromptFile'
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'pauseAll'
  | 'resumeAll'
  | 'cancelAll'
  | 'clearFinished'
  | 'listJobs'
  | 'concurrency'
  | 'holdReason'
>;

/** The gallery operations the renderer may ask for (the `Gallery`). */
export type GalleryOperations = Pick<Gallery, 'page' | 'search' | 'get' | 'setFavourite' | 'delete' | 'export' | 'reuseSettings'>;

/** Saves one generated image to the gallery and tells listeners (the `GalleryImageSink`). */
export interface GalleryImageSaver {
  save(image: GeneratedImage, settings: GenerationSettings): Promise<GalleryItem>;
}

/**
 * Dialogs shown by the main process. Paths the app reads or writes come from here, never from the
 * renderer, so a compromised page cannot name a file. `null` when the user cancels.
 */
export interface MainProcessDialogs {
  chooseExportDirectory(): Promise<string | null>;
  chooseCaptionImage(): Promise<string | null>;
}

/** The user's settings (the `AppSettingsService`). */
export interface SettingsControls {
  get(): AppSettings;
  setUserAgentStrategy(strategy: UserAgentStrategy): AppSettings;
  setConcurrency(concurrency: number): AppSettings;
  optInToWeakerStorage(): Promise<AppSettings>;
}

export interface IpcServices {
  readonly appInfo: AppInfo;
  readonly accounts: AccountService;
  readonly images: ImageOperations;
  readonly queue: GenerationQueueControls;
  readonly gallery: GalleryOperations;
  readonly gallerySaver: GalleryImageSaver;
  readonly dialogs: MainProcessDialogs;
  readonly settings: SettingsControls;
  /** Told about gallery changes the handlers make (favourite, delete), to push them to the window. */
  readonly onGalleryChange: (change: GalleryChange) => void;
}
