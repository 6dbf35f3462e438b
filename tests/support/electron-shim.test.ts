import electron, { app, BrowserWindow, ipcMain, ipcRenderer, net, protocol, session } from 'electron';
import type * as Electron from 'electron';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { __shim } from './electron-shim.ts';
import { testTempFolder } from './temp-folder.ts';

beforeEach(() => {
  __shim.reset();
});

describe('the electron alias', () => {
  it('is this shim, with the same instances as named and default exports', () => {
    expect(app).toBe(__shim.app);
    expect(electron.app).toBe(app);
    expect(electron.ipcMain).toBe(__shim.ipcMain);
    expect(electron.safeStorage).toBe(__shim.safeStorage);
  });
});

describe('app', () => {
  it('starts not ready; makeReady emits ready and resolves whenReady', async () => {
    const seen: string[] = [];
    app.on('ready', () => seen.push('ready'));
    expect(app.isReady()).toBe(false);
    const ready = app.whenReady();
    __shim.makeReady();
    await ready;
    expect(app.isReady()).toBe(true);
    expect(seen).toEqual(['ready']);
  });

  it('keeps every path in a temporary folder, userData under appData/<name>', () => {
    const userData = app.getPath('userData');
    expect(userData).toBe(path.join(app.getPath('appData'), app.getName()));
    expect(existsSync(userData)).toBe(true);
    for (const name of ['home', 'temp', 'logs', 'sessionData', 'downloads', 'crashDumps'] as const) {
      expect(app.getPath(name).startsWith(tmpdir())).toBe(true);
    }
    expect(() => app.getPath('nonsense' as 'home')).toThrow("Failed to get 'nonsense' path");
    expect(app.getName()).toBe('imagefx-desktop');
    expect(app.getVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lets a test move userData; sessionData and logs follow it', () => {
    const dir = path.join(testTempFolder('shim-test-'), 'profile');
    __shim.setUserDataDir(dir);
    expect(app.getPath('userData')).toBe(dir);
    expect(app.getPath('sessionData')).toBe(dir);
    expect(app.getPath('logs')).toBe(path.join(dir, 'logs'));
    expect(() => app.setPath('temp', 'relative/path')).toThrow('Path must be absolute');
    expect(() => app.setPath('temp', path.join(dir, 'missing'))).toThrow('Failed to set path');
  });

  it('records command-line switches and whether they came before ready', () => {
    app.commandLine.appendSwitch('host-resolver-rules', 'MAP labs.google 127.0.0.1:8443');
    __shim.makeReady();
    app.commandLine.appendSwitch('lang', 'en');
    expect(app.commandLine.hasSwitch('host-resolver-rules')).toBe(true);
    expect(app.commandLine.getSwitchValue('host-resolver-rules')).toBe('MAP labs.google 127.0.0.1:8443');
    expect(app.commandLine.getSwitchValue('absent')).toBe('');
    expect(__shim.app.commandLine.history.map((entry) => [entry.name, entry.beforeReady])).toEqual([
      ['host-resolver-rules', true],
      ['lang', false],
    ]);
  });

  it('enforces the before-ready rules and quits in Electron’s order', () => {
    app.enableSandbox();
    expect(__shim.app.sandboxEnabled).toBe(true);
    __shim.makeReady();
    expect(() => app.enableSandbox()).toThrow('app.enableSandbox() can only be called before app is ready');
    const order: string[] = [];
    for (const name of ['before-quit', 'will-quit', 'quit'] as const) app.on(name as 'quit', () => order.push(name));
    app.quit();
    expect(order).toEqual(['before-quit', 'will-quit', 'quit']);
    __shim.app.singleInstanceLockAvailable = false;
    expect(app.requestSingleInstanceLock()).toBe(false);
  });
});

describe('ipcMain', () => {
  beforeEach(() => __shim.makeReady());

  it('calls the handler with a sender, a sender frame and cloned arguments', async () => {
    const window = new BrowserWindow({ show: false });
    await window.loadURL('app://imagefx/index.html');
    let seen: Electron.IpcMainInvokeEvent | undefined;
    const argument = { prompt: 'a cat' };
    ipcMain.handle('demo:echo', (event, value: { prompt: string }) => {
      seen = event;
      value.prompt = 'mutated';
      return { ok: true, value };
    });
    await expect(__shim.invoke('demo:echo', undefined, argument)).resolves.toEqual({ ok: true, value: { prompt: 'mutated' } });
    expect(argument.prompt).toBe('a cat');
    expect(seen?.sender).toBe(window.webContents);
    expect(seen?.senderFrame?.url).toBe('app://imagefx/index.html');
    expect(seen?.senderFrame?.origin).toBe('app://imagefx');
    expect(seen?.senderFrame?.routingId).toBe(1);
    expect(seen?.senderFrame?.processId).toBe(window.webContents.getProcessId());
    expect(seen?.processId).toBe(window.webContents.getProcessId());

    await __shim.invoke('demo:echo', { url: 'https://evil.example/' }, argument);
    expect(seen?.senderFrame?.origin).toBe('https://evil.example');
    await __shim.invoke('demo:echo', { senderFrame: null }, argument);
    expect(seen?.senderFrame).toBeNull();
  });

  it('follows Electron’s handler rules and error shape', async () => {
    ipcMain.handle('demo:fail', () => {
      throw new Error('boom');
    });
    expect(() => ipcMain.handle('demo:fail', () => 1)).toThrow("Attempted to register a second handler for 'demo:fail'");
    await expect(__shim.invoke('demo:fail')).rejects.toThrow("Error invoking remote method 'demo:fail': Error: boom");
    await expect(__shim.invoke('demo:none')).rejects.toThrow("No handler registered for 'demo:none'");
    ipcMain.handleOnce('demo:once', () => 'first');
    await expect(ipcRenderer.invoke('demo:once')).resolves.toBe('first');
    await expect(ipcRenderer.invoke('demo:once')).rejects.toThrow('No handler registered');
    ipcMain.removeHandler('demo:fail');
    expect(__shim.ipcMain.handlers.has('demo:fail')).toBe(false);
  });
});

describe('BrowserWindow', () => {
  it('cannot be created before ready', () => {
    expect(() => new BrowserWindow({})).toThrow('Cannot create BrowserWindow before app is ready');
  });

  it('keeps its options, uses the partition’s session and follows the window lifecycle', async () => {
    __shim.makeReady();
    const webPreferences = { sandbox: true, contextIsolation: true, nodeIntegration: false, partition: 'persist:login' };
    const window = new BrowserWindow({ show: false, webPreferences });
    expect(__shim.windows[0]?.options.webPreferences).toEqual(webPreferences);
    expect(window.webContents.session).toBe(session.fromPartition('persist:login'));
    expect(window.isVisible()).toBe(false);

    const events: string[] = [];
    window.once('ready-to-show', () => events.push('ready-to-show'));
    await window.loadURL('https://labs.google/fx');
    expect(window.webContents.getURL()).toBe('https://labs.google/fx');
    window.show();
    expect(window.isVisible()).toBe(true);

    app.on('window-all-closed', () => events.push('window-all-closed'));
    window.on('close', (event) => {
      events.push('close');
      event.preventDefault();
    });
    window.close();
    expect(window.isDestroyed()).toBe(false);
    window.removeAllListeners('close');
    window.on('closed', () => events.push('closed'));
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    expect(events).toEqual(['ready-to-show', 'close', 'closed', 'window-all-closed']);
  });

  it('lets tests play navigations, redirects, window.open and webviews against the app’s handlers', () => {
    __shim.makeReady();
    const window = new BrowserWindow({});
    // The same object as window.webContents, typed as the fake so its simulate… helpers are visible.
    const contents = __shim.windows[0]!.webContents;
    expect(contents).toBe(window.webContents);
    window.webContents.on('will-navigate', (event) => {
      if (!event.url.startsWith('https://labs.google/')) event.preventDefault();
    });
    window.webContents.on('will-redirect', (event) => event.preventDefault());
    window.webContents.on('will-attach-webview', (event) => event.preventDefault());
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

    expect(contents.simulateNavigation('https://evil.example/')).toEqual({ prevented: true });
    expect(contents.getURL()).toBe('');
    expect(contents.simulateNavigation('https://labs.google/fx')).toEqual({ prevented: false });
    expect(contents.getURL()).toBe('https://labs.google/fx');
    expect(contents.simulateRedirect('https://elsewhere.example/')).toEqual({ prevented: true });
    expect(contents.simulateWindowOpen('https://example.com/')).toEqual({ action: 'deny' });
    expect(contents.simulateAttachWebview({}, { src: 'https://x.example' }).prevented).toBe(true);
  });
});

describe('protocol, net and session', () => {
  it('registers privileged schemes only before ready and serves handled schemes through net.fetch', async () => {
    protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    __shim.makeReady();
    expect(() => protocol.registerSchemesAsPrivileged([])).toThrow('should be called before app is ready');
    protocol.handle('app', (request) => new Response(`served ${new URL(request.url).pathname}`));
    expect(() => protocol.handle('app', () => new Response(''))).toThrow('Failed to register protocol: app');
    expect(protocol.isProtocolHandled('app')).toBe(true);
    await expect((await net.fetch('app://imagefx/index.html')).text()).resolves.toBe('served /index.html');
    protocol.unhandle('app');
    expect(protocol.isProtocolHandled('app')).toBe(false);
  });

  it('hands out sessions only after ready and calls the certificate verify proc', async () => {
    expect(() => session.defaultSession).toThrow('Session can only be received when app is ready');
    __shim.makeReady();
    const login = session.fromPartition('persist:login');
    login.setCertificateVerifyProc((request, callback) => callback(request.hostname === 'labs.google' ? 0 : -3));
    const fake = __shim.sessions.fromPartition('persist:login');
    const request = { hostname: 'labs.google' } as Electron.Request;
    await expect(fake.verifyCertificate(request)).resolves.toBe(0);
    await expect(fake.verifyCertificate({ ...request, hostname: 'example.com' })).resolves.toBe(-3);
    expect(login.getUserAgent()).toContain('Electron/45');
  });
});

describe('reset', () => {
  it('forgets windows, handlers, listeners and readiness', () => {
    __shim.makeReady();
    new BrowserWindow({});
    ipcMain.handle('demo:x', () => 1);
    app.on('ready', () => undefined);
    __shim.reset();
    expect(app.isReady()).toBe(false);
    expect(__shim.windows).toEqual([]);
    expect(__shim.ipcMain.handlers.size).toBe(0);
    expect(app.listenerCount('ready')).toBe(0);
  });
});
