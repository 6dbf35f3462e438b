/**
 * Composition root: creates every object once, wires them together, registers IPC and opens the window.
 * Nothing else in the app constructs long-lived services.
 *
 * Order matters: demo mode, the privileged schemes and the process-wide hardening go in before `ready`;
 * the vault (safeStorage), the login sessions, the gallery and the IPC handlers after it; the main window
 * last, so every channel already answers when its page loads.
 */
import { app, BrowserWindow, dialog, protocol, safeStorage, session } from 'electron';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from './shared/ipc-contract.ts';
import { connectAppEvents, type AppEventHub } from './app/ipc/app-events.ts';
import { hardenApp } from './app/security/app-hardening.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, resolveAppAsset } from './app/security/app-protocol.ts';
import { systemClock } from './core/index.ts';
import { composeAuth } from './app/composition/compose-auth.ts';
import { composeGeneration } from './app/composition/compose-generation.ts';
import { DemoModeError, resolveDemoMode, type DemoMode, type DemoModeOn } from './app/demo/demo-mode.ts';
import { flowPageContentsPolicy } from './app/electron/electron-flow-page.ts';
import { signInContentsPolicy } from './app/electron/electron-login-guards.ts';
import { trustEmulatorCertificates } from './app/demo/emulator-certificate-trust.ts';
import { installEmulatorDispatcher } from './app/demo/emulator-routing.ts';
import { GALLERY_PRIVILEGED_SCHEME, registerGalleryProtocol } from './app/electron/gallery-protocol.ts';
import { appPagePolicy, type WebContentsGuard } from './app/security/hardening-contents-guard.ts';
import { appResponseHeaders } from './app/security/hardening-csp.ts';
import { createIpcHandlers } from './app/ipc/create-ipc-handlers.ts';
import { ReplyGuard } from './app/ipc/reply-guard.ts';
import { registerIpcHandlers } from './app/ipc/ipc-registry.ts';
import { createElectronDialogs } from './app/electron/main-process-dialogs.ts';
import { watchWakeSignals } from './app/electron/wake-signals.ts';

const distDir = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(distDir, 'renderer');

/** Ends startup with one line on stderr: for settings the user must fix, not for bugs. */
function exitWithMessage(message: string): never {
  console.error(`imagefx-desktop: ${message}`);
  process.exit(1);
}

/** Demo mode (IMAGEFX_EMULATOR / IMAGEFX_EMULATOR_CA) with the emulator CA read, or null when off. */
function loadDemoMode(): { mode: DemoModeOn; caPem: string } | null {
  let mode: DemoMode;
  try {
    mode = resolveDemoMode(process.env);
  } catch (error) {
    if (error instanceof DemoModeError) exitWithMessage(error.message);
    throw error;
  }
  if (!mode.enabled) return null;
  try {
    return { mode, caPem: readFileSync(path.resolve(mode.caPath), 'utf8') };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    exitWithMessage(`cannot read the emulator CA certificate (IMAGEFX_EMULATOR_CA=${mode.caPath}): ${reason}`);
  }
}

/**
 * Sends all Google traffic to the emulator: Chromium's (login window) by host-resolver rules, which only
 * work when set before `ready`; Node's (the ImageFX library's fetch) by the global dispatcher; and trusts
 * the emulator CA for the Google hosts only, in every session, including ones created later.
 */
function enableDemoMode({ mode, caPem }: { mode: DemoModeOn; caPem: string }): void {
  app.commandLine.appendSwitch('host-resolver-rules', mode.hostResolverRules);
  installEmulatorDispatcher({ address: mode.address, port: mode.port, caPem });
  app.on('session-created', (created) => trustEmulatorCertificates(created, caPem, () => systemClock.now()));
  void app.whenReady().then(() => trustEmulatorCertificates(session.defaultSession, caPem, () => systemClock.now()));
}

const demo = loadDemoMode();
if (demo) enableDemoMode(demo);

/** What `app:info` answers; the page shows "(demo)" when `demo` is true. */
export const appInfo: AppInfo = { name: app.getName(), version: app.getVersion(), demo: demo !== null };

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
    },
  });
  // Before anything loads: the page stays on app://imagefx; links to labs.google open in the browser.
  guard.allow(window.webContents, appPagePolicy(APP_ORIGIN, ['labs.google']));
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
  protocol.handle(APP_SCHEME, serveAppAsset);
  const userDataPath = app.getPath('userData');
  const clock = systemClock;
  const random = Math.random;

  const auth = await composeAuth({
    userDataPath,
    clock,
    random,
    safeStorage,
    platform: process.platform,
    appName: app.getName(),
    appVersion: app.getVersion(),
    parentWindow: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
    registerLoginContents: (contents, policy) => guard.allow(contents, signInContentsPolicy(policy)),
  });
  let hub: AppEventHub | null = null;
  const generation = await composeGeneration({
    userDataPath,
    clock,
    random,
    sessions: auth.sessions,
    accounts: auth.accounts,
    login: auth.login,
    onGalleryAdded: (item) => hub?.publishGalleryChange({ type: 'added', item }),
    registerFlowContents: (contents) => guard.allow(contents, flowPageContentsPolicy()),
  });
  registerGalleryProtocol(protocol, generation.gallery, { allowedInitiatorOrigins: [APP_ORIGIN] });

  const registry = registerIpcHandlers({
    handlers: createIpcHandlers({
      appInfo,
      accounts: auth.accounts,
      images: generation.images,
      queue: generation.queue,
      gallery: generation.gallery,
      dialogs: createElectronDialogs({ dialog, parent: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null) }),
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
  hub = connectAppEvents({ accounts: auth.accounts, queue: generation.queue, publish: (event) => registry.publish(event) });
  const stopWakeSignals = watchWakeSignals({ clock, onWake: (reason) => auth.sessions.handleWake(reason) });

  mainWindow = createMainWindow(guard);
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
    auth.dispose();
    void generation.dispose().finally(() => app.quit());
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
