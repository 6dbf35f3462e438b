/**
 * The main process of the app for the end-to-end tests, wired as the composition root wires it, on the
 * Electron shim: the account stack of tests/support/accounts-world.ts (SafeStorageCipher over the shim's
 * safeStorage, the real SessionVault, SecureSessionManager with silent re-sign-in, PersistentAccountManager)
 * over Chromium login surfaces on the emulator; ImageFXService on the unmodified library, the
 * GenerationQueue, the Gallery in the temporary userData with the GalleryImageSink; the settings service,
 * the app-event hub, the IPC registry with the real handlers, a main window on `app://imagefx`, and the
 * real preload (src/preload.ts) run against the shim, whose `window.imagefx` object is what the page's
 * stand-in bridge forwards to. Calls therefore pass the registry's sender check exactly as the app page's
 * do, and events reach the page through the preload's `onEvent`.
 *
 * With `flow`, the image service is the app's own per-account choice (src/app/composition/compose-flow.ts):
 * classic, or the account's Flow backend on a hidden Chromium page of its partition
 * (tests/support/chromium-flow-pages.ts); accounts keep their partition cookie jars in the vault, sign-in
 * starts on flow.google.com and detects the backend, the restored account is checked at start, and the
 * keep-alive runs on the app's clock — wired as main.ts wires them. With `resume`, the stack starts over
 * the shim's current userData and keychain: the app's next run on the same machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrowserWindow, ClipboardItem, clipboard, shell } from 'electron';
import { connectAppEvents, type AppEventHub } from '../../src/app/ipc/app-events.ts';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../src/app/security/app-protocol.ts';
import { AppSettingsService } from '../../src/app/composition/app-settings.ts';
import { GalleryImageSink } from '../../src/services/gallery/gallery-image-sink.ts';
import { createIpcHandlers } from '../../src/app/ipc/create-ipc-handlers.ts';
import { createElectronDialogs } from '../../src/app/electron/main-process-dialogs.ts';
import { createDesktopIntegration } from '../../src/app/electron/desktop-integration.ts';
import { registerIpcHandlers, type IpcRegistry } from '../../src/app/ipc/ipc-registry.ts';
import { createGalleryProtocolHandler, type GalleryProtocolHandler } from '../../src/services/gallery/gallery-protocol-handler.ts';
import { Gallery } from '../../src/services/gallery/gallery.ts';
import { GalleryExportRunner } from '../../src/services/gallery/gallery-export-runner.ts';
import { GenerationQueue } from '../../src/services/imagefx/generation-queue.ts';
import { ReachabilityMonitor } from '../../src/services/imagefx/reachability.ts';
import { generationAccounts } from '../../src/app/composition/generation-accounts.ts';
import { electronNetworkStatus } from '../../src/app/electron/network-status.ts';
import { ImageFXLibraryBackend } from '../../src/services/imagefx/imagefx-library-backend.ts';
import { FileDiagnosticsStore } from '../../src/core/diagnostics-store.ts';
import { systemClock } from '../../src/core/clock.ts';
import { DiscardingQuarantine } from '../../src/core/file-quarantine.ts';
import { composeFlow, FlowAccountLink, type FlowComposition } from '../../src/app/composition/compose-flow.ts';
import { openElectronKeyValueStore } from '../../src/app/electron/electron-store-adapter.ts';
import { ClassicImageBackend } from '../../src/services/imagefx/classic-image-backend.ts';
import { FileCaptionImageStager } from '../../src/services/imagefx/file-caption-image-stager.ts';
import { KeyValueFlowProjectStore } from '../../src/services/imagefx/flow/flow-project-store.ts';
import { fixedBackend } from '../../src/services/imagefx/image-backend.ts';
import { ImageFXService } from '../../src/services/imagefx/imagefx-service.ts';
import { ReferenceImageStore } from '../../src/services/imagefx/reference-image-store.ts';
import { ChromiumAccountFlowPages } from './chromium-flow-pages.ts';
import { BRIDGE_GLOBAL, type ImageFxBridge } from '../../src/shared/ipc-channels.ts';
import { AccountsWorld } from './accounts-world.ts';
import { TurnGate } from './turn-gate.ts';
import type { ChromiumLoginSurfaceProvider } from './chromium-login-surface.ts';
import { __shim } from './electron-shim.ts';
import { seededRandomBytes } from './gallery-fixtures.ts';
import type { FakeClock } from './fake-clock.ts';
import { advanceUntil, CountedProbe, requestInFlight } from './generation-queue-fixture.ts';
import type { PacingOptions } from '../../src/services/imagefx/generation-pacing.ts';

export interface E2eAppStackOptions {
  readonly clock: FakeClock;
  readonly surfaces: ChromiumLoginSurfaceProvider;
  /** The queue's pause between generations; the app's own (2–5 s on the fake clock) unless given. */
  readonly pacing?: PacingOptions;
  /** Flow as the app has it (see the module comment); the keep-alive's interval may be given. */
  readonly flow?: { readonly keepAliveIntervalMs?: number };
  /** Start over the shim's current userData and keychain (after the last stack was closed): a restart. */
  readonly resume?: boolean;
}

export interface E2eAppStack {
  readonly world: AccountsWorld;
  readonly gallery: Gallery;
  /** The export in progress, as the composition root builds it. */
  readonly exports: GalleryExportRunner;
  /** The gallery's steps between groups of images in long work (export, bulk delete): open unless a test holds them. */
  readonly galleryTurns: TurnGate;
  readonly queue: GenerationQueue;
  /** Offline vs. Google unreachable, as the app's queue sees it (`recheck()` is the app's wake signal). */
  readonly reachability: ReachabilityMonitor;
  /** Moves the app's clock (time passing for the user) until `done()`, never under a request in flight. */
  runUntil(done: () => boolean, what: string): Promise<void>;
  readonly registry: IpcRegistry;
  /** The preload's `window.imagefx`, as the shim's contextBridge received it. */
  readonly bridge: ImageFxBridge;
  /** Answers `imagefx-gallery://…` requests, as `protocol.handle` does in the app. */
  readonly galleryProtocol: GalleryProtocolHandler;
  /** Where "Export" writes (the folder the shim's dialog answers with). */
  readonly exportDirectory: string;
  /** Calls refused by the registry's sender check (should stay empty). */
  readonly untrusted: string[];
  /** With `flow`: the Flow composition and the accounts' hidden pages. */
  readonly flow: (FlowComposition & { readonly pages: ChromiumAccountFlowPages }) | null;
  /**
   * Builds the account stack again over the same userData (an app restart, e.g. after the keyring
   * changed); the handlers, the image service and the event hub follow the new objects.
   */
  restartAccounts(): Promise<void>;
  close(): Promise<void>;
}

/** An object that always forwards to what `current()` returns now (survives `restartAccounts`). */
function following<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const target = current();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A deterministic stand-in for Math.random (seeds and jitter), so screenshots stay the same run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

let stacksStarted = 0;

export async function startE2eAppStack(options: E2eAppStackOptions): Promise<E2eAppStack> {
  const { clock, surfaces } = options;
  const flowLink = options.flow ? new FlowAccountLink() : null;
  // Resets the shim (a fresh userData folder, app ready), unless resuming.
  const world = await AccountsWorld.start({
    clock,
    surfaces,
    ...(flowLink ? { partitions: surfaces.partitionCookies, flow: flowLink } : {}),
    ...(options.resume ? { resume: true } : {}),
  });
  // Seeded ids: pictures saved in the same millisecond keep one order run to run (stable screenshots).
  const galleryDirectory = path.join(world.userData, 'gallery');
  const galleryTurns = new TurnGate();
  const gallery = await Gallery.open({ directory: galleryDirectory, clock, randomBytes: seededRandomBytes('e2e-gallery'), yieldToEventLoop: () => galleryTurns.turn() });
  const backend = new ImageFXLibraryBackend({ clock });
  const diagnostics = new FileDiagnosticsStore({ directory: path.join(world.userData, 'diagnostics'), clock });
  // One sequence for the classic backend's jitter and the service's seeds, as the app has one `random`.
  const random = seededRandom(7);
  const classic = new ClassicImageBackend({ session: following(() => world.sessions), wire: backend, captionImages: new FileCaptionImageStager(), clock, random });
  let flow: (FlowComposition & { readonly pages: ChromiumAccountFlowPages }) | null = null;
  if (flowLink) {
    const pages = new ChromiumAccountFlowPages(surfaces, (accountId) => world.jars!.restore(accountId));
    flow = {
      pages,
      ...composeFlow({
        pages,
        projects: new KeyValueFlowProjectStore(openElectronKeyValueStore({ name: 'flow-projects', cwd: world.userData, quarantine: new DiscardingQuarantine() })),
        diagnostics,
        clock,
        // The page's own waits run on real time: the fake clock stands still while a job is in flight.
        pageClock: systemClock,
        random: seededRandom(13),
        accounts: following(() => world.manager),
        classic,
        fetch: (input, init) => globalThis.fetch(input, init),
        ...(options.flow?.keepAliveIntervalMs === undefined ? {} : { keepAliveIntervalMs: options.flow.keepAliveIntervalMs }),
      }),
    };
    flowLink.connect(flow.probe);
  }
  const service = new ImageFXService({
    backends: flow ? flow.backends : fixedBackend(classic),
    references: new ReferenceImageStore({ randomBytes }),
    random,
  });
  let hub: AppEventHub | null = null;
  const sink = new GalleryImageSink({ gallery, onDidAdd: (item) => hub?.publishGalleryChange({ type: 'added', item }) });
  // As compose-generation.ts builds them: the OS network state from the shim's `net.isOnline()`.
  const probe = new CountedProbe((signal) => backend.reachable(signal));
  const reachability = new ReachabilityMonitor({ network: electronNetworkStatus, probe: probe.probe, clock });
  const queue = new GenerationQueue({
    generator: service,
    sink,
    clock,
    random: seededRandom(11),
    accounts: generationAccounts(following(() => world.manager)),
    reachability,
    ...(options.pacing ? { pacing: options.pacing } : {}),
  });
  const settings = new AppSettingsService({ login: world.login, accounts: following(() => world.manager) });

  const exports = new GalleryExportRunner(gallery);

  const window = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
  await window.loadURL(APP_ENTRY_URL);
  const page = __shim.windows.at(-1)!.webContents;
  const exportDirectory = mkdtempSync(path.join(tmpdir(), 'imagefx-e2e-export-'));
  const untrusted: string[] = [];
  const registry = registerIpcHandlers({
    handlers: createIpcHandlers({
      appInfo: { name: 'ImageFX Desktop', version: '0.1.0', demo: false },
      accounts: following(() => world.manager),
      images: service,
      queue,
      gallery,
      exports,
      dialogs: createElectronDialogs({ dialog: answerExportWith(exportDirectory), parent: () => null }),
      imageFiles: gallery,
      desktop: createDesktopIntegration({ shell, clipboard, ClipboardItem }),
      settings,
      diagnostics,
      onGalleryChange: (change) => hub?.publishGalleryChange(change),
    }),
    mainContents: () => (window.isDestroyed() ? null : window.webContents),
    onUntrustedSender: (channel, reason) => untrusted.push(`${channel}: ${reason}`),
  });
  const connect = (): AppEventHub => connectAppEvents({ accounts: world.manager, queue, gallery, exports, publish: (event) => registry.publish(event) });
  hub = connect();

  // The preload runs "in" the main window: its ipcRenderer speaks as that window's page. A resumed stack's
  // window is a new one: nothing of the last run's preload is in its world.
  if (options.resume) {
    __shim.contextBridge.exposed.clear();
    __shim.ipcRenderer.removeAllListeners();
  }
  __shim.setRendererSender(page);
  // A module runs once per process; the query gives each stack a fresh copy of the real preload, whose
  // import exposes the bridge on the (just reset) shim, as each new window of the app runs its own preload.
  stacksStarted += 1;
  const preload = `../../src/preload.ts?stack=${stacksStarted}`;
  await import(/* @vite-ignore */ preload);
  const bridge = __shim.contextBridge.exposed.get(BRIDGE_GLOBAL) as ImageFxBridge | undefined;
  if (!bridge) throw new Error('the preload did not expose window.imagefx (was it imported before the shim reset?)');
  if (flow) {
    // As main.ts does once the window is up: the restored account's backend, and its Flow session kept alive.
    void world.manager.recheckBackend();
    flow.keepAlive.start();
  }

  return {
    world,
    gallery,
    exports,
    galleryTurns,
    queue,
    reachability,
    runUntil: (done, what) =>
      advanceUntil(clock, done, () => requestInFlight(queue) || probe.inFlight > 0, () => `never ${what}: ${JSON.stringify(queue.listJobs().map((job) => [job.id, job.status, job.wait]))}`),
    registry,
    bridge,
    // As main.ts registers it: only the app's own page may load gallery pictures.
    galleryProtocol: createGalleryProtocolHandler(gallery, { allowedInitiatorOrigins: [APP_ORIGIN] }),
    exportDirectory,
    untrusted,
    flow,
    async restartAccounts() {
      hub?.dispose();
      await world.restart();
      hub = connect();
    },
    async close() {
      flow?.dispose();
      hub?.dispose();
      queue.dispose();
      registry.dispose();
      world.dispose();
      exports.cancel();
      galleryTurns.release();
      await gallery.close();
      rmSync(exportDirectory, { recursive: true, force: true });
    },
  };
}

/** The shim's dialog, answering every folder picker with `directory` (the user picking a folder). */
function answerExportWith(directory: string): typeof __shim.dialog {
  const dialog = __shim.dialog;
  const pick = dialog.showOpenDialog.bind(dialog);
  return Object.assign(Object.create(dialog) as typeof dialog, {
    // Bound: the fake keeps its answers in private fields, which an Object.create copy cannot reach.
    showMessageBox: dialog.showMessageBox.bind(dialog),
    showSaveDialog: dialog.showSaveDialog.bind(dialog),
    showOpenDialog: (...args: unknown[]) => {
      dialog.respondWith('showOpenDialog', { canceled: false, filePaths: [directory] });
      return pick(...args);
    },
  });
}
