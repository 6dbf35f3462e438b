/**
 * What `import … from 'electron'` gives code under test: vitest.config.ts aliases `electron` to this file,
 * because the real package only resolves to a binary it would try to download. Every export has the shape
 * of Electron 45's (each fake `implements Pick<Electron.X, …>` of what it fakes, so drift fails the type
 * check) and behaves as Electron's documentation and source say, including its "before ready" errors.
 *
 * The app starts NOT ready, as a real one does: call `__shim.makeReady()` where a test needs `ready` (it
 * emits `ready` and resolves `app.whenReady()`). This keeps "used before ready" mistakes visible: a
 * `BrowserWindow`, a session or `safeStorage` used too early fails here as it would in Electron.
 *
 * Tests import the controls with `import { __shim } from '../support/electron-shim.ts'` (same module
 * instance as the alias) and call `__shim.reset()` in `beforeEach`.
 */
import { mkdirSync } from 'node:fs';
import { FakeApp } from './electron-shim/fake-app.ts';
import { FakeBrowserWindow } from './electron-shim/fake-browser-window.ts';
import {
  FakeClipboard, FakeClipboardItem, FakeContextBridge, FakeDialog, FakeMenu, FakeNativeTheme, FakePowerMonitor, FakeShell,
} from './electron-shim/fake-desktop.ts';
import { FakeIpcMain, FakeIpcRenderer, type InvokeEventInit } from './electron-shim/fake-ipc.ts';
import { FakeNet, FakeProtocol } from './electron-shim/fake-protocol.ts';
import { FakeSafeStorage } from './electron-shim/fake-safe-storage.ts';
import { SessionRegistry, defaultUserAgent, type FakeSession } from './electron-shim/fake-session.ts';
import { FakeWebContents } from './electron-shim/fake-web-contents.ts';
import { createPreventableEvent } from './electron-shim/preventable-event.ts';

let now: () => number = () => Date.now();
let quittingOrResetting = false;
let rendererInit: InvokeEventInit | undefined;
let detachedSender: FakeWebContents | undefined;
const createdWindows: FakeBrowserWindow[] = [];

export const app = new FakeApp({
  closeAllWindows() {
    // Electron does not emit `window-all-closed` for windows closed by `app.quit()`.
    quittingOrResetting = true;
    try {
      for (const window of FakeBrowserWindow.getAllWindows()) window.close();
    } finally {
      quittingOrResetting = false;
    }
  },
});

export const safeStorage = new FakeSafeStorage(() => app.isReady());
export const protocol = new FakeProtocol(() => app.isReady());
export const net = new FakeNet(protocol);
export const shell = new FakeShell();
export const clipboard = new FakeClipboard();
export const ClipboardItem = FakeClipboardItem;
export const dialog = new FakeDialog();
export const powerMonitor = new FakePowerMonitor();
export const nativeTheme = new FakeNativeTheme();
export const contextBridge = new FakeContextBridge();
export const Menu = FakeMenu;
/** The `Menu` class with its test-visible statics (`applicationMenu`, `applicationMenuSet`). */
export { FakeMenu };

const sessions = new SessionRegistry({
  now: () => now(),
  sessionDataDir: () => app.getPath('sessionData'),
  userAgent: () => defaultUserAgent(app.getName(), app.getVersion()),
  fetch: (input, init) => net.fetch(input, init),
  onCreated: (created) => app.emit('session-created', created),
});

function assertSessionsAvailable(): void {
  if (!app.isReady()) throw new Error('Session can only be received when app is ready');
}

/** The `session` module. Like Electron's, it refuses to hand out sessions before `ready`. */
export const session = {
  fromPartition(partition: string): FakeSession {
    assertSessionsAvailable();
    return sessions.fromPartition(partition);
  },
  get defaultSession(): FakeSession {
    assertSessionsAvailable();
    return sessions.defaultSession;
  },
};

const webContentsContext = {
  deliverToRenderer(sender: FakeWebContents, channel: string, args: unknown[]): void {
    if (sender === currentRendererSender()) ipcRenderer.receive(channel, args);
  },
  onDestroyed(): void {},
};

function currentRendererSender(): FakeWebContents {
  if (rendererInit?.sender) return rendererInit.sender;
  const newest = FakeBrowserWindow.getAllWindows().at(-1);
  if (newest) return newest.webContents;
  detachedSender ??= new FakeWebContents(sessions.defaultSession, {}, webContentsContext);
  return detachedSender;
}

FakeBrowserWindow.context = {
  ...webContentsContext,
  isReady: () => app.isReady(),
  sessionFor: (webPreferences) =>
    (webPreferences.session as unknown as FakeSession | undefined) ?? session.fromPartition(webPreferences.partition ?? ''),
  created: createdWindows,
  onWebContentsCreated: (contents) => app.emit('web-contents-created', createPreventableEvent(), contents),
  onWindowClosed() {
    if (quittingOrResetting || FakeBrowserWindow.getAllWindows().length > 0) return;
    // Electron quits by default when nobody listens for `window-all-closed`.
    if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
    else app.quit();
  },
};

export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = new FakeIpcMain(() => currentRendererSender());
export const ipcRenderer = new FakeIpcRenderer(ipcMain, () => ({ ...rendererInit, sender: currentRendererSender() }));

/** The `webContents` module. */
export const webContents = {
  getAllWebContents: (): FakeWebContents[] => FakeBrowserWindow.getAllWindows().map((window) => window.webContents),
  fromId: (id: number): FakeWebContents | undefined =>
    FakeBrowserWindow.getAllWindows().map((window) => window.webContents).find((contents) => contents.id === id),
  getFocusedWebContents: (): FakeWebContents | null => FakeBrowserWindow.getFocusedWindow()?.webContents ?? null,
};

function reset(): void {
  quittingOrResetting = true;
  try {
    for (const window of createdWindows) {
      window.removeAllListeners();
      window.webContents.removeAllListeners();
      window.destroy();
    }
  } finally {
    quittingOrResetting = false;
  }
  createdWindows.length = 0;
  now = () => Date.now();
  rendererInit = undefined;
  detachedSender = undefined;
  app.reset();
  safeStorage.reset();
  ipcMain.reset();
  ipcRenderer.removeAllListeners();
  sessions.reset();
  protocol.reset();
  net.online = true;
  shell.reset();
  clipboard.reset();
  dialog.reset();
  powerMonitor.removeAllListeners();
  powerMonitor.onBatteryPower = false;
  powerMonitor.idleSeconds = 0;
  nativeTheme.removeAllListeners();
  nativeTheme.themeSource = 'system';
  nativeTheme.systemPrefersDark = false;
  contextBridge.exposed.clear();
  FakeMenu.applicationMenu = null;
  FakeMenu.applicationMenuSet = false;
}

/** Test controls. Only tests use these; the app sees the Electron-shaped exports above. */
export const __shim = {
  app, safeStorage, ipcMain, ipcRenderer, protocol, net, shell, clipboard, dialog, powerMonitor, nativeTheme, contextBridge,
  /** Every session created since the last reset, by partition (`''` = default), bypassing the ready check. */
  sessions,
  /** Every window created since the last reset, closed or not, in creation order. */
  get windows(): readonly FakeBrowserWindow[] {
    return createdWindows;
  },
  /** Emits `ready` and resolves `app.whenReady()`. */
  makeReady(): void {
    app.makeReady();
  },
  /** Points `app.getPath('userData')` (and `sessionData`, `logs`) at `dir`, creating it if needed. */
  setUserDataDir(dir: string): void {
    mkdirSync(dir, { recursive: true });
    app.setUserDataDir(dir);
  },
  /** The clock (epoch ms) that decides cookie expiry. */
  setNow(clock: () => number): void {
    now = clock;
  },
  /** Calls `channel`'s `ipcMain.handle` handler as a renderer frame would (see `InvokeEventInit`). */
  invoke(channel: string, event?: InvokeEventInit, ...args: unknown[]): Promise<unknown> {
    return ipcMain.invoke(channel, event, ...args);
  },
  /** Makes `ipcRenderer` (the preload's) speak as `sender`, optionally from a frame with another URL. */
  setRendererSender(sender: FakeWebContents, frame: Omit<InvokeEventInit, 'sender'> = {}): void {
    rendererInit = { ...frame, sender };
  },
  /** An `Electron.Event` with `preventDefault()`/`defaultPrevented`, for emitting events by hand. */
  preventableEvent: createPreventableEvent,
  /** Back to a fresh, not-ready app: new folders, no windows, sessions, handlers or listeners. */
  reset,
};

export default {
  app, BrowserWindow, clipboard, ClipboardItem, contextBridge, dialog, ipcMain, ipcRenderer, Menu, nativeTheme, net, powerMonitor,
  protocol, safeStorage, session, shell, webContents,
};
