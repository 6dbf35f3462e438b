import { BrowserWindow, contextBridge, dialog, ipcMain, nativeTheme, powerMonitor, shell } from 'electron';
import ElectronStore from 'electron-store';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImageFxBridge } from '../../../src/shared/ipc-channels.ts';
import { __shim } from '../electron-shim.ts';

beforeEach(() => {
  __shim.reset();
});

describe('the preload through the shim', () => {
  it('exposes the bridge, whose calls reach ipcMain handlers from the window’s page', async () => {
    __shim.makeReady();
    const window = new BrowserWindow({ show: false });
    await window.loadURL('app://imagefx/index.html');
    ipcMain.handle('app:info', (event) => ({
      ok: true,
      value: { name: 'imagefx-desktop', version: '0.1.0', demo: event.senderFrame?.origin === 'app://imagefx' },
    }));
    await import('../../../src/preload.ts');
    const bridge = __shim.contextBridge.exposed.get('imagefx') as ImageFxBridge;
    await expect(bridge.invoke('app:info')).resolves.toEqual({ ok: true, value: { name: 'imagefx-desktop', version: '0.1.0', demo: true } });
    expect(() => contextBridge.exposeInMainWorld('imagefx', {})).toThrow('Cannot bind an API on top of an existing property');
  });
});

describe('desktop modules', () => {
  it('records shell and dialog calls and answers dialogs from the queue', async () => {
    await shell.openExternal('https://labs.google/fx');
    expect(__shim.shell.openedExternal).toEqual([{ url: 'https://labs.google/fx' }]);
    await expect(dialog.showOpenDialog({ properties: ['openDirectory'] })).resolves.toEqual({ canceled: true, filePaths: [] });
    __shim.dialog.respondWith('showOpenDialog', { canceled: false, filePaths: ['/tmp/out'] });
    await expect(dialog.showOpenDialog({ properties: ['openDirectory'] })).resolves.toEqual({ canceled: false, filePaths: ['/tmp/out'] });
    expect(__shim.dialog.calls.map((call) => call.method)).toEqual(['showOpenDialog', 'showOpenDialog']);
  });

  it('lets tests emit power events and switch the theme', () => {
    const seen: string[] = [];
    powerMonitor.on('suspend', () => seen.push('suspend'));
    powerMonitor.on('resume', () => seen.push('resume'));
    __shim.powerMonitor.emit('suspend');
    __shim.powerMonitor.emit('resume');
    expect(seen).toEqual(['suspend', 'resume']);
    nativeTheme.on('updated', () => seen.push('updated'));
    nativeTheme.themeSource = 'dark';
    expect(nativeTheme.shouldUseDarkColors).toBe(true);
    expect(seen.at(-1)).toBe('updated');
  });

  it('runs electron-store (which imports electron’s default export) against the fake userData', () => {
    const store = new ElectronStore<{ theme: string }>({ name: 'settings' });
    store.set('theme', 'dark');
    expect(store.path).toBe(path.join(__shim.app.getPath('userData'), 'settings.json'));
    expect(existsSync(store.path)).toBe(true);
  });
});
