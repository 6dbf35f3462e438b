/**
 * What the IPC handlers need from the rest of the app, as small ports. The composition root passes the
 * real services; tests pass fakes. Nothing here touches Electron.
 */
import type { AccountService } from '../../auth/accounts/index.ts';
import type { FileDiagnosticsStore } from '../../core/index.ts';
import type { Gallery, GalleryExportRunner } from '../../services/gallery/index.ts';
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
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'move'
  | 'remove'
  | 'retry'
  | 'retryFailed'
  | 'pauseAll'
  | 'resumeAll'
  | 'cancelAll'
  | 'clearFinished'
  | 'snapshot'
  | 'cancelAccountJobs'
>;

/** The gallery operations the renderer may ask for (the `Gallery`). */
export type GalleryOperations = Pick<
  Gallery,
  'page' | 'search' | 'count' | 'indexProgress' | 'setFavourite' | 'setFavouriteMany' | 'delete' | 'deleteSelection' | 'readImage'
>;

/** The export in progress, one at a time (the `GalleryExportRunner`). */
export type GalleryExportControls = Pick<GalleryExportRunner, 'run' | 'cancel' | 'status' | 'assertIdle'>;

/**
 * Where a gallery image's file is, for "show in folder": `null` when the image or its file is gone. The
 * path comes from the gallery's own layout, never from the renderer.
 */
export interface GalleryImageFiles {
  imageFile(id: string): Promise<string | null>;
}

/** The desktop around the app (Electron's `shell` and clipboard). */
export interface DesktopIntegration {
  showItemInFolder(fullPath: string): void;
  /** Puts a PNG or JPEG picture on the system clipboard. */
  copyImage(bytes: Uint8Array): Promise<void>;
}

/**
 * Dialogs shown by the main process. Paths the app writes come from here, never from the renderer, so a
 * compromised page cannot name a file. `null` when the user cancels.
 */
export interface MainProcessDialogs {
  chooseExportDirectory(): Promise<string | null>;
  /**
   * Asks the user, over the main window, to accept Linux `basic_text` storage (a well-known key) for the
   * session. True only for an explicit yes; the renderer cannot answer this.
   */
  confirmWeakerStorage(): Promise<boolean>;
  /** Asks the user to set aside a vault the keychain cannot vouch for and sign in again. True for yes. */
  confirmStartOver(): Promise<boolean>;
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
  readonly exports: GalleryExportControls;
  readonly dialogs: MainProcessDialogs;
  readonly imageFiles: GalleryImageFiles;
  readonly desktop: DesktopIntegration;
  readonly settings: SettingsControls;
  readonly diagnostics: DiagnosticsOperations;
  /** Told about gallery changes the handlers make (favourite, delete), to push them to the window. */
  readonly onGalleryChange: (change: GalleryChange) => void;
}
