/**
 * src/main.ts, the composition root, on the Electron shim with Node's fetch routed to the emulator: every
 * object built once after `ready`, every channel registered, the main window locked to the app page and
 * answered over IPC, while other windows are refused. Then the real PersistentAccountManager and
 * ImageFXService through IPC: a pasted cookie signs in, a generation lands in the gallery (served on its
 * protocol), sign-in opens the modal login window and cancelling it answers LOGIN_CANCELLED, sign-out
 * signs out. No reply or event holds the session cookie value or token.
 */
import { BrowserWindow } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from '../../src/app/security/app-protocol.ts';
import { EVENT_CHANNEL, INVOKE_CHANNELS, type InvokeChannel, type IpcResult } from '../../src/shared/ipc-channels.ts';
import { type InvokeArgs, type InvokeResult } from '../../src/shared/ipc-contract.ts';
import { galleryImageUrl } from '../../src/shared/gallery-urls.ts';
import { __shim } from '../support/electron-shim.ts';
import type { FakeBrowserWindow } from '../support/electron-shim/fake-browser-window.ts';
import { withEmulator } from '../support/network.ts';

const env = withEmulator();
let page: FakeBrowserWindow['webContents'];

beforeAll(async () => {
  __shim.reset();
  const main = await import('../../src/main.ts');
  __shim.makeReady();
  await main.startup;
  page = __shim.windows[0]!.webContents;
});

function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>> {
  return __shim.invoke(channel, { sender: page }, ...args) as Promise<IpcResult<InvokeResult<C>>>;
}

async function value<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  const reply = await invoke(channel, ...args);
  if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

describe('main.ts composes the app', () => {
  it('hardens the process, registers both schemes and every channel, and opens the locked-down main window', () => {
    expect(__shim.app.sandboxEnabled).toBe(true);
    expect(__shim.protocol.privilegedSchemes.map((scheme) => scheme.scheme)).toEqual(['app', 'imagefx-gallery']);
    expect([...__shim.protocol.handlers.keys()].sort()).toEqual(['app', 'imagefx-gallery']);
    expect([...__shim.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const [window] = __shim.windows;
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
    expect(path.basename(window!.options.webPreferences!.preload!)).toBe('preload.cjs');
    expect(page.loadedUrls).toEqual([APP_ENTRY_URL]);
    expect(page.simulateNavigation('https://evil.test/').prevented).toBe(true);
    expect(page.simulateWindowOpen('https://evil.test/')).toEqual({ action: 'deny' });
  });

  it('answers the app page over IPC, starting signed out with an empty gallery and queue', async () => {
    expect(await value('app:info')).toMatchObject({ demo: false });
    expect(await value('auth:snapshot')).toMatchObject({ state: 'signed-out', activeAccount: null, accounts: [], storage: { mode: 'encrypted' } });
    expect(await value('gallery:page', { limit: 10 })).toEqual({ items: [], nextCursor: null });
    expect(await value('settings:get')).toEqual({ userAgentStrategy: 'electron', storage: { mode: 'encrypted' } });
    expect(await value('settings:set-user-agent-strategy', 'chrome')).toMatchObject({ userAgentStrategy: 'chrome' });
    expect(await value('generation:list-jobs', { after: null, limit: 200 })).toEqual({ jobs: [], holdReason: null, nextCursor: null });
    const userData = __shim.app.getPath('userData');
    expect(JSON.parse(readFileSync(path.join(userData, 'account-settings.json'), 'utf8'))).toMatchObject({ loginUserAgent: 'chrome' });
    await value('settings:set-user-agent-strategy', 'electron');
  });

  it('refuses every other window', async () => {
    const other = new BrowserWindow({ show: false }) as unknown as FakeBrowserWindow;
    await other.loadURL(APP_ENTRY_URL);
    await expect(__shim.invoke('app:info', { sender: other.webContents })).rejects.toThrow('untrusted sender');
    other.destroy();
  });

  it('serves the app page with its security headers', async () => {
    const response = await __shim.net.fetch(APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('the real account manager and image service through IPC', () => {
  it('a pasted cookie signs in; a generation is saved to the gallery and served; sign-out signs out', async () => {
    const issued = env.emu.control.createSession();
    const account = await value('auth:import-cookie-header', issued.cookieHeader);
    expect(account).toMatchObject({ email: 'ada@example.test' });
    expect(await value('auth:snapshot')).toMatchObject({ state: 'signed-in', activeAccount: { id: account.id } });
    expect(existsSync(path.join(__shim.app.getPath('userData'), 'session-vault.json'))).toBe(true);

    const queued = await value('generation:enqueue', { prompt: 'a harbour at dawn', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 7, model: 'IMAGEN_3_5' });
    const jobOf = async (id: string) => (await value('generation:list-jobs', { after: null, limit: 200 })).jobs.find((job) => job.id === id);
    await vi.waitFor(async () => expect(await jobOf(queued.id)).toMatchObject({ status: 'completed' }));
    const generated = (await jobOf(queued.id))!;
    expect(generated.images.map((image) => image.seed)).toEqual([7, 8]);
    const run = env.emu.requests.last({ path: '/v1:runImageFx' });
    expect(JSON.parse(run!.body)).toMatchObject({ userInput: { candidatesCount: 2, seed: 7 }, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' });
    const { items } = await value('gallery:page', { limit: 10 });
    expect(items).toHaveLength(2);
    const picture = await __shim.net.fetch(galleryImageUrl(items[0]!.id));
    expect(picture.headers.get('content-type')).toBe('image/png');

    await value('auth:sign-out', { queuedWork: 'keep' });
    expect(await value('auth:snapshot')).toMatchObject({ state: 'signed-out', activeAccount: null });
    // Nobody is signed in: nothing can be queued for anyone (a job belongs to the account that queued it).
    const refused = await invoke('generation:enqueue', { prompt: 'x', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 1, model: 'IMAGEN_3_5' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });

    const sent = JSON.stringify(page.sentMessages.filter((message) => message.channel === EVENT_CHANNEL));
    expect(sent).toContain('"type":"auth"');
    expect(sent).toContain('"type":"gallery"');
    for (const reply of [account, generated, sent]) {
      expect(JSON.stringify(reply)).not.toContain(issued.sessionToken);
      expect(JSON.stringify(reply)).not.toContain(run!.bearerToken!);
    }
  });

  it('auth:sign-in opens the modal login window on its own partition; auth:cancel-sign-in answers LOGIN_CANCELLED', async () => {
    const before = __shim.windows.length;
    const signIn = invoke('auth:sign-in');
    await vi.waitFor(() => expect(__shim.windows.length).toBeGreaterThan(before));
    const login = __shim.windows[before]!;
    expect(login.options).toMatchObject({ modal: true, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(login.options.webPreferences!.partition).toMatch(/^imagefx-account-[0-9a-f]{24}$/);
    expect(login.options.webPreferences!.preload).toBeUndefined();
    // It starts on flow.google.com; the shim's page "arrives" there at once, so the account's hidden Flow
    // page (never shown, same partition) is asked whether Flow opens for it.
    expect(login.webContents.getURL()).toBe('https://flow.google.com/?pli=1');
    await vi.waitFor(() => expect(__shim.windows.length).toBe(before + 2));
    const flowPage = __shim.windows[before + 1]!;
    expect(flowPage.options).toMatchObject({ show: false, webPreferences: { partition: login.options.webPreferences!.partition } });
    expect(flowPage.isVisible()).toBe(false);
    expect(await value('auth:snapshot')).toMatchObject({ state: 'signing-in' });
    // The login window's page cannot use the app's channels.
    await expect(__shim.invoke('auth:snapshot', { sender: login.webContents })).rejects.toThrow('untrusted sender');
    await value('auth:cancel-sign-in');
    expect(await signIn).toMatchObject({ ok: false, error: { code: 'LOGIN_CANCELLED' } });
    expect(await value('auth:snapshot')).toMatchObject({ state: 'signed-out' });
    // The abandoned sign-in's partition is wiped, and its hidden Flow page closed first.
    expect(flowPage.isDestroyed()).toBe(true);
  });
});
