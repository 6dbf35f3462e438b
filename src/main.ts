/**
 * Composition root: creates every object once, wires them together, registers IPC and opens the window.
 * Nothing else in the app constructs long-lived services.
 */
import { app, BrowserWindow, protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ENTRY_URL, APP_SCHEME, resolveAppAsset } from './platform/app-protocol.ts';

const distDir = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(distDir, 'renderer');

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
