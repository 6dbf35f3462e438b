/**
 * Composition root: creates every object once, wires them together, registers IPC and opens the window.
 * Nothing else in the app constructs long-lived services.
 *
 * Order matters: the demo-mode gate (and, in development builds only, demo mode), the privileged schemes
 * and the process-wide hardening go in before `ready`;
 * the vault (safeStorage), the login sessions, the gallery and the IPC handlers after it; the main window
 * last, so every channel already answers when its page loads.
 */
import { app, BrowserWindow, clipboard, ClipboardItem, dialog, Menu, protocol, safeStorage, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from './shared/ipc-contract.ts';
import { connectAppEvents, type AppEventHub } from './app/ipc/app-events.ts';
import { hardenApp } from './app/security/app-hardening.ts';
import { demoModeRefusal, demoRequested } from './app/security/demo-gate.ts';
import { packagedMenuTemplate } from './app/security/application-menu.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, resolveAppAsset } from './app/security/app-protocol.ts';
import { systemClock } from './core/index.ts';
import { composeAuth } from './app/composition/compose-auth.ts';
import { FlowAccountLink } from './app/composition/compose-flow.ts';
import { composeGeneration } from './app/composition/compose-generation.ts';
import { tightenUserDataPermissions } from './app/composition/user-data-permissions.ts';
import { flowPageContentsPolicy } from './app/electron/electron-flow-page.ts';
import { signInContentsPolicy } from './app/electron/electron-login-guards.ts';
import { GALLERY_PRIVILEGED_SCHEME, registerGalleryProtocol } from './app/electron/gallery-protocol.ts';
import { appPagePolicy, type WebContentsGuard } from './app/security/hardening-contents-guard.ts';
import { appResponseHeaders } from './app/security/hardening-csp.ts';
import { createIpcHandlers } from './app/ipc/create-ipc-handlers.ts';
import { ReplyGuard } from './app/ipc/reply-guard.ts';
import { registerIpcHandlers } from './app/ipc/ipc-registry.ts';
import { createElectronDialogs } from './app/electron/main-process-dialogs.ts';
import { createDesktopIntegration } from './app/electron/desktop-integration.ts';
import { watchWakeSignals } from './app/electron/wake-signals.ts';
import { electronNetworkStatus } from './app/electron/network-status.ts';

const distDir = path.dirname(fileURLToPath(import.meta.url));
/** A packaged build: DevTools off in every window, a minimal menu (issue 15, row 10). */
const packaged = app.isPackaged;
const rendererDir = path.join(distDir, 'renderer');

/** Ends startup with one line on stderr: for settings the user must fix, not for bugs. */
function exitWithMessage(message: string): never {
  console.error(`imagefx-desktop: ${message}`);
  process.exit(1);
}

/**
 * Set by scripts/build.mjs (esbuild `define`): true for development builds (`npm start`, `npm run demo`),
 * false for the production build that is packaged. Vitest defines it true.
 */
declare const IMAGEFX_DEVELOPMENT_BUILD: boolean;

// Demo mode only exists in development builds: anywhere else, asking for it ends the start (issue 15, row 1).
const demoRefusal = demoModeRefusal(process.env, { packaged: app.isPackaged, developmentBuild: IMAGEFX_DEVELOPMENT_BUILD });
if (demoRefusal) exitWithMessage(demoRefusal);

/** In a development build with demo mode asked for, starts it (before `ready`); the production bundle has no such code. */
async function startDemo(demoMain: typeof import('./app/demo/demo-main.ts')): Promise<boolean> {
  const started = demoMain.startDemoMode({ app, defaultSession: () => session.defaultSession, env: process.env, clock: systemClock });
  if ('error' in started) exitWithMessage(started.error);
  return started.enabled;
}
const demo = IMAGEFX_DEVELOPMENT_BUILD && demoRequested(process.env) ? await startDemo(await import('./app/demo/demo-main.ts')) : false;

/** What `app:info` answers; the page shows "(demo)" when `demo` is true. */
export const appInfo: AppInfo = { name: app.getName(), version: app.getVersion(), demo };

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  GALLERY_PRIVILEGED_SCHEME,
]);

let mainWindow: BrowserWindow | null = null;

const hardening = hardenApp({
  onSecondInstance: () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  },
  onRefused: (refused) => console.warn(`imagefx-desktop: refused ${JSON.stringify(refused)}`),
  clock: systemClock,
});

async function serveAppAsset(request: Request): Promise<Response> {
  const asset = resolveAppAsset(rendererDir, request.url);
  if (!asset) return new Response('Not found', { status: 404 });
  try {
    return new Response(await readFile(asset.file), { headers: appResponseHeaders(asset.contentType) });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

function createMainWindow(guard: WebContentsGuard): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: 'ImageFX Desktop',
    webPreferences: {
      preload: path.join(distDir, 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: !packaged,
    },
  });
  // Before anything loads: the page stays on app://imagefx; links the user clicks to https://labs.google
  // (that origin exactly: scheme, host and port) open in the browser.
  guard.allow(window.webContents, appPagePolicy(APP_ORIGIN, ['https://labs.google']));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** The main window's page, while there is one. */
function mainContents(): Electron.WebContents | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
}

async function start(guard: WebContentsGuard): Promise<void> {
  await app.whenReady();
  if (packaged) Menu.setApplicationMenu(Menu.buildFromTemplate(packagedMenuTemplate(process.platform)));
  protocol.handle(APP_SCHEME, serveAppAsset);
  const userDataPath = app.getPath('userData');
  // Owner-only modes for what older builds left loose, before any store, log or gallery file is opened.
  await tightenUserDataPermissions(userDataPath);
  const clock = systemClock;
  const random = Math.random;

  // The account layer asks Flow (sign-in, detection) through the Flow backends, which need its cookie jars.
  const flowLink = new FlowAccountLink();
  const auth = await composeAuth({
    userDataPath,
    clock,
    random,
    safeStorage,
    sessions: session,
    platform: process.platform,
    appName: app.getName(),
    appVersion: app.getVersion(),
    parentWindow: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
    devTools: !packaged,
    registerLoginContents: (contents, policy) => guard.allow(contents, signInContentsPolicy(policy)),
    flow: flowLink,
  });
  let hub: AppEventHub | null = null;
  const generation = await composeGeneration({
    userDataPath,
    clock,
    random,
    sessions: auth.sessions,
    accounts: auth.accounts,
    network: electronNetworkStatus,
    login: auth.login,
    onGalleryAdded: (item) => hub?.publishGalleryChange({ type: 'added', item }),
    registerFlowContents: (contents) => guard.allow(contents, flowPageContentsPolicy()),
    restoreJar: (accountId) => auth.jars.restore(accountId),
  });
  flowLink.connect(generation.flowAccounts);
  registerGalleryProtocol(protocol, generation.gallery, { allowedInitiatorOrigins: [APP_ORIGIN] });

  const registry = registerIpcHandlers({
    handlers: createIpcHandlers({
      appInfo,
      accounts: auth.accounts,
      images: generation.images,
      queue: generation.queue,
      gallery: generation.gallery,
      exports: generation.galleryExports,
      dialogs: createElectronDialogs({ dialog, parent: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null) }),
      imageFiles: generation.imageFiles,
      desktop: createDesktopIntegration({ shell, clipboard, ClipboardItem }),
      settings: generation.settings,
      diagnostics: generation.diagnostics,
      onGalleryChange: (change) => hub?.publishGalleryChange(change),
    }),
    mainContents,
    guard: new ReplyGuard({
      secrets: () => generation.secrets.secrets(),
      onWithheld: (where, rule) => console.error(`imagefx-desktop: withheld a message on ${where} (${rule})`),
    }),
    onUntrustedSender: (channel, reason) => console.warn(`imagefx-desktop: refused IPC ${channel} from an untrusted sender (${reason})`),
    onMalformedReply: (where) => console.error(`imagefx-desktop: a reply on ${where} did not match the IPC contract`),
  });
  hub = connectAppEvents({
    accounts: auth.accounts,
    queue: generation.queue,
    gallery: generation.gallery,
    exports: generation.galleryExports,
    publish: (event) => registry.publish(event),
  });
  const stopWakeSignals = watchWakeSignals({
    clock,
    onWake: (reason) => {
      auth.sessions.handleWake(reason);
      if (reason === 'online' || reason === 'resume') generation.reachability.recheck();
    },
  });

  mainWindow = createMainWindow(guard);
  // The account restored at start: which backend works for it now (a hidden page, never a window), and
  // its Flow session kept alive from here on.
  void auth.accounts.recheckBackend();
  generation.keepAlive.start();
  app.on('window-all-closed', () => app.quit());

  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    stopped = true;
    // Finish the save in progress and close the gallery index before the process ends.
    event.preventDefault();
    stopWakeSignals();
    hub?.dispose();
    registry.dispose();
    // Pending cookie-jar captures are sealed, the save in progress finished, the gallery index closed.
    void Promise.allSettled([auth.dispose(), generation.dispose()]).finally(() => app.quit());
  });
}

/** Settles when the app is composed and its window opened (or startup failed and the app is quitting). */
export const startup: Promise<void> = hardening.isPrimaryInstance
  ? start(hardening.contentsGuard).catch((error: unknown) => {
      // Our own errors carry a sentence for people; nothing here holds a secret.
      dialog.showErrorBox('ImageFX Desktop could not start', error instanceof Error ? error.message : String(error));
      app.quit();
    })
  : Promise.resolve();
