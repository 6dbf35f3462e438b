/**
 * What the IPC handlers need from the rest of the app, as small ports. The composition root passes the
 * real services; tests pass fakes. Nothing here touches Electron.
 */
import type { AccountService } from '../../auth/accounts/index.ts';
import type { FileDiagnosticsStore } from '../../core/index.ts';
import type { Gallery } from '../../services/gallery/index.ts';
import type { GenerationQueue, ImageFXService } from '../../services/imagefx/index.ts';
import type { GalleryChange } from '../../shared/gallery-schemas.ts';
import type { AppInfo } from '../../shared/ipc-contract.ts';
import type { AppSettingsService } from '../composition/app-settings.ts';

/** Describe an image, say what the backend offers, stage a reference picture (the `ImageFXService`). */
export type ImageOperations = Pick<ImageFXService, 'caption' | 'capabilities' | 'addReference'>;

/** The app's redacted diagnostic captures (the `FileDiagnosticsStore`). */
export type DiagnosticsOperations = Pick<FileDiagnosticsStore, 'exportTo'>;

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
  | 'snapshot'
>;

/** The gallery operations the renderer may ask for (the `Gallery`). */
export type GalleryOperations = Pick<Gallery, 'page' | 'search' | 'setFavourite' | 'delete' | 'export'>;

/**
 * Dialogs shown by the main process. Paths the app writes come from here, never from the renderer, so a
 * compromised page cannot name a file. `null` when the user cancels.
 */
export interface MainProcessDialogs {
  chooseExportDirectory(): Promise<string | null>;
  /** Where to save the diagnostics export (a new `.json` file). */
  chooseDiagnosticsFile(): Promise<string | null>;
}

/** The user's settings (the `AppSettingsService`). */
export type SettingsControls = Pick<AppSettingsService, 'get' | 'setUserAgentStrategy' | 'optInToWeakerStorage'>;

export interface IpcServices {
  readonly appInfo: AppInfo;
  readonly accounts: AccountService;
  readonly images: ImageOperations;
  readonly queue: GenerationQueueControls;
  readonly gallery: GalleryOperations;
  readonly dialogs: MainProcessDialogs;
  readonly settings: SettingsControls;
  readonly diagnostics: DiagnosticsOperations;
  /** Told about gallery changes the handlers make (favourite, delete), to push them to the window. */
  readonly onGalleryChange: (change: GalleryChange) => void;
}
