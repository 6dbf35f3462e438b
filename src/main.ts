/**
 * Composition root: creates every object once, wires them together, registers IPC and opens the window.
 * Nothing else in the app constructs long-lived services.
 */
import { app, BrowserWindow, protocol, session } from 'electron';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from './shared/ipc-contract.ts';
import { APP_ENTRY_URL, APP_SCHEME, resolveAppAsset } from './platform/app-protocol.ts';
import { systemClock } from './platform/clock.ts';
import { DemoModeError, resolveDemoMode, type DemoMode, type DemoModeOn } from './platform/demo-mode.ts';
import { trustEmulatorCertificates } from './platform/emulator-certificate-trust.ts';
import { installEmulatorDispatcher } from './platform/emulator-routing.ts';

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

/**
 * What `app:info` answers; the page shows "(demo)" when `demo` is true. To be handed to the IPC handler
 * registry (src/platform/ipc-registry.ts, the only module allowed to touch ipcMain) once it exists.
 */
export const appInfo: AppInfo = { name: app.getName(), version: app.getVersion(), demo: demo !== null };

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

async function serveAppAsset(request: Request): Promise<Response> {
  const asset = resolveAppAsset(rendererDir, request.url);
  if (!asset) return new Response('Not found', { status: 404 });
  try {
    return new Response(await readFile(asset.file), { headers: { 'content-type': asset.contentType } });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

function createMainWindow(): BrowserWindow {
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
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

async function start(): Promise<void> {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  protocol.handle(APP_SCHEME, serveAppAsset);
  createMainWindow();
  app.on('window-all-closed', () => app.quit());
}

void start();
