/**
 * The composition root's image half: the offline gallery under userData, the image service with its two
 * backends — classic ImageFX on the real library (its session port watched, so the IPC reply guard knows
 * which secrets are live) and Google Flow on one hidden page per account (compose-flow.ts: with the
 * account layer's Flow checks and the keep-alive) — chosen per account, the staged reference pictures, the
 * diagnostics folder, the generation queue with the gallery as its sink (following the active account,
 * waiting on the reachability monitor), and the user's settings. Built once by main.ts after `ready`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { WebContents } from 'electron';
import type { AccountService, PersistentAccountManager } from '../../auth/accounts/index.ts';
import type { FlowAccountProbe, LoginSettings } from '../../auth/login/index.ts';
import type { SecureSessionManager } from '../../auth/session/index.ts';
import { DiscardingQuarantine, FileDiagnosticsStore, type Clock } from '../../core/index.ts';
import { Gallery, GalleryExportRunner, GalleryImageSink } from '../../services/gallery/index.ts';
import {
  ClassicImageBackend,
  FileCaptionImageStager,
  GenerationQueue,
  ImageFXLibraryBackend,
  ImageFXService,
  KeyValueFlowProjectStore,
  ReachabilityMonitor,
  ReferenceImageStore,
  type FlowKeepAlive,
  type NetworkStatus,
} from '../../services/imagefx/index.ts';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import { ElectronFlowPageProvider } from '../electron/electron-flow-page.ts';
import { openElectronKeyValueStore } from '../electron/electron-store-adapter.ts';
import type { GalleryImageFiles } from '../ipc/ipc-ports.ts';
import { SessionSecretWatch } from '../ipc/session-secret-watch.ts';
import { AppSettingsService } from './app-settings.ts';
import { composeFlow } from './compose-flow.ts';
import { generationAccounts } from './generation-accounts.ts';

export interface GenerationCompositionOptions {
  readonly userDataPath: string;
  readonly clock: Clock;
  /** Uniform in [0, 1): random seeds and backoff jitter. */
  readonly random: () => number;
  readonly sessions: Pick<SecureSessionManager, 'getCookieHeader' | 'getToken' | 'renewToken' | 'getCookies'>;
  /** The account layer: who is active, each account's backend, and "sign in again" when Flow says so. */
  readonly accounts: Pick<AccountService, 'snapshot' | 'optInToWeakerStorage' | 'onDidReplaceAccount'> & Pick<PersistentAccountManager, 'backendOf' | 'markSignedOut'>;
  /** The operating system's network state (Electron's `net.isOnline()`). */
  readonly network: NetworkStatus;
  readonly login: Pick<LoginSettings, 'userAgentStrategy' | 'setUserAgentStrategy'>;
  /** Told about every image saved to the gallery (to push it to the window). */
  readonly onGalleryAdded: (item: GalleryItem) => void;
  /** Registers each hidden Flow window with the app's contents guard before it loads anything. */
  readonly registerFlowContents: (contents: WebContents) => void;
  /** Puts an account's sealed cookie jar into its partition before its hidden Flow window is made (`jars.restore`). */
  readonly restoreJar: (accountId: string) => Promise<void>;
}

export interface GenerationComposition {
  readonly gallery: Gallery;
  /** The export in progress (one at a time). */
  readonly galleryExports: GalleryExportRunner;
  /** Where each image's file is ("show in folder"). */
  readonly imageFiles: GalleryImageFiles;
  readonly images: ImageFXService;
  readonly queue: GenerationQueue;
  /** Offline vs. Google unreachable; `recheck()` when the network may be back. */
  readonly reachability: ReachabilityMonitor;
  readonly settings: AppSettingsService;
  readonly secrets: SessionSecretWatch;
  readonly diagnostics: FileDiagnosticsStore;
  /** For the account layer (`FlowAccountLink.connect`): checks on each account's hidden Flow page. */
  readonly flowAccounts: FlowAccountProbe;
  /** Reloads the active Flow account's page on a schedule (`start()` once the app is up). */
  readonly keepAlive: FlowKeepAlive;
  /** Cancels unfinished jobs and the export in progress, closes the Flow pages and the gallery (after the save in progress). */
  dispose(): Promise<void>;
}

export async function composeGeneration(options: GenerationCompositionOptions): Promise<GenerationComposition> {
  const { userDataPath, clock, random, sessions } = options;
  const galleryDirectory = path.join(userDataPath, 'gallery');
  const gallery = await Gallery.open({ directory: galleryDirectory, clock, randomBytes });
  const secrets = new SessionSecretWatch({ currentCookies: () => sessions.getCookies() });
  const wire = new ImageFXLibraryBackend({ clock });
  const diagnostics = new FileDiagnosticsStore({ directory: path.join(userDataPath, 'diagnostics'), clock });
  const flowPages = new ElectronFlowPageProvider({ registerContents: options.registerFlowContents, restoreJar: options.restoreJar });
  const flow = composeFlow({
    pages: flowPages,
    projects: new KeyValueFlowProjectStore(openElectronKeyValueStore({ name: 'flow-projects', cwd: userDataPath, quarantine: new DiscardingQuarantine() })),
    diagnostics,
    clock,
    random,
    accounts: options.accounts,
    classic: new ClassicImageBackend({ session: secrets.watch(sessions), wire, captionImages: new FileCaptionImageStager(), clock, random }),
    fetch: (input, init) => globalThis.fetch(input, init),
  });
  const backends = flow.backends;
  const images = new ImageFXService({ backends, references: new ReferenceImageStore({ randomBytes }), random });
  const sink = new GalleryImageSink({ gallery, onDidAdd: options.onGalleryAdded });
  const reachability = new ReachabilityMonitor({ network: options.network, probe: (signal) => wire.reachable(signal), clock });
  const queue = new GenerationQueue({ generator: images, sink, clock, random, accounts: generationAccounts(options.accounts), reachability });
  const settings = new AppSettingsService({ login: options.login, accounts: options.accounts });
  const galleryExports = new GalleryExportRunner(gallery);
  return {
    gallery,
    galleryExports,
    imageFiles: gallery,
    images,
    queue,
    reachability,
    settings,
    secrets,
    diagnostics,
    flowAccounts: flow.probe,
    keepAlive: flow.keepAlive,
    async dispose() {
      flow.dispose();
      queue.dispose();
      galleryExports.cancel();
      await flowPages.closeAll();
      await gallery.close();
    },
  };
}
