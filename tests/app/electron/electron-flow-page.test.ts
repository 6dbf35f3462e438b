/**
 * The Electron side of the Flow backend, through the shim: one hidden, sandboxed, isolated, preload-free,
 * never-throttled window per account on the account's sign-in partition, registered with the contents guard
 * before it loads anything and held to Flow's hosts; the DevTools protocol over `webContents.debugger`
 * (attached at 1.3 — no debugging port); the window reused between jobs, and on close or crash the debugger
 * detached, the window destroyed, the driver told, a new window next time.
 */
import { type WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { loginPartition } from '../../../src/auth/login/index.ts';
import { DEBUGGER_PROTOCOL_VERSION, ElectronFlowPageProvider, flowPageContentsPolicy } from '../../../src/app/electron/electron-flow-page.ts';
import type { FlowPagePort } from '../../../src/services/imagefx/flow/flow-page-port.ts';
import { __shim } from '../../support/electron-shim.ts';
import { startHardenedShim } from '../../support/hardened-shim.ts';
import type { FakeBrowserWindow } from '../../support/electron-shim/fake-browser-window.ts';

const ACCOUNT = '0123456789abcdef01234567';

let provider: ElectronFlowPageProvider;
let registered: { contents: WebContents; loadedBefore: number }[];
/** Each jar restore: the account, and how many windows existed when it was asked for. */
let restores: { accountId: string; windowsBefore: number }[];
/** Holds restores until released (default: done at once). */
let restoreGate: Promise<void>;

beforeEach(() => {
  const hardening = startHardenedShim();
  registered = [];
  restores = [];
  restoreGate = Promise.resolve();
  provider = new ElectronFlowPageProvider({
    registerContents: (contents) => {
      registered.push({ contents, loadedBefore: (contents as unknown as { loadedUrls: string[] }).loadedUrls.length });
      hardening.contentsGuard.allow(contents, flowPageContentsPolicy());
    },
    restoreJar: async (accountId) => {
      restores.push({ accountId, windowsBefore: __shim.windows.length });
      await restoreGate;
    },
  });
});

async function open(accountId = ACCOUNT): Promise<{ page: FlowPagePort; window: FakeBrowserWindow }> {
  const page = await provider.pageFor(accountId);
  return { page, window: __shim.windows.at(-1)! };
}

describe('the hidden Flow window', () => {
  it('is hidden, sandboxed, isolated, preload-free and unthrottled, on the account’s sign-in partition, muted', async () => {
    const { window } = await open();
    expect(window.options).toMatchObject({ show: false, skipTaskbar: true });
    expect(window.isVisible()).toBe(false);
    expect(window.options.webPreferences).toEqual(
      expect.objectContaining({
        partition: loginPartition(ACCOUNT),
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        backgroundThrottling: false,
      }),
    );
    expect(window.options.webPreferences).not.toHaveProperty('preload');
    expect(window.webContents.session.partition).toBe(loginPartition(ACCOUNT));
    expect(window.webContents.isAudioMuted()).toBe(true);
  });

  it('is registered with the contents guard before anything loads, and may only go to Flow’s hosts', async () => {
    const { page, window } = await open();
    expect(registered).toEqual([{ contents: window.webContents, loadedBefore: 0 }]);
    const contents = window.webContents;
    for (const url of ['https://flow.google.com/project/x', 'https://accounts.google.com/v3/signin/confirmidentifier', 'https://flow-content.google/image/x']) {
      expect(contents.simulateNavigation(url)).toEqual({ prevented: false });
    }
    for (const url of ['https://evil.test/', 'http://flow.google.com/', 'https://labs.google/fx/tools/flow', 'file:///etc/passwd']) {
      expect(contents.simulateNavigation(url).prevented).toBe(true);
      expect(contents.simulateRedirect(url).prevented).toBe(true);
    }
    expect(contents.simulateWindowOpen('https://flow.google.com/')).toEqual({ action: 'deny' });
    await expect(page.navigate('https://evil.test/')).rejects.toThrow('only load Flow URLs');
    await page.navigate('https://flow.google.com/');
    // about:blank first: Electron's sendCommand may not settle before the target's first navigation.
    expect(contents.loadedUrls).toEqual(['about:blank', 'https://flow.google.com/']);
  });

  it('refuses permissions and downloads on the partition', async () => {
    const { window } = await open();
    const contents = window.webContents;
    const asker = contents as unknown as WebContents;
    expect(await contents.session.requestPermission(asker, 'notifications', { requestingUrl: 'https://flow.google.com/', isMainFrame: true })).toBe(false);
    const download = __shim.preventableEvent();
    contents.session.emit('will-download', download, {}, contents);
    expect(download.defaultPrevented).toBe(true);
  });
});

describe('the DevTools protocol over webContents.debugger', () => {
  it('is attached at 1.3; commands go through sendCommand and events come back as they arrive', async () => {
    const { page, window } = await open();
    const pipe = window.webContents.debugger;
    expect(pipe.attachedWith).toEqual([DEBUGGER_PROTOCOL_VERSION]);
    pipe.respond = (method) => (method === 'Page.getFrameTree' ? { frameTree: { frame: { id: 'F', url: 'about:blank' } } } : {});
    expect(await page.send('Page.getFrameTree')).toEqual({ frameTree: { frame: { id: 'F', url: 'about:blank' } } });
    await page.send('Input.insertText', { text: 'hello' });
    expect(pipe.commands).toEqual([
      { method: 'Page.getFrameTree', params: {} },
      { method: 'Input.insertText', params: { text: 'hello' } },
    ]);
    const heard: unknown[] = [];
    const stop = page.on('Network.loadingFinished', (params) => heard.push(params));
    pipe.simulateEvent('Network.loadingFinished', { requestId: '1' });
    pipe.simulateEvent('Network.loadingFailed', { requestId: '2' });
    stop();
    pipe.simulateEvent('Network.loadingFinished', { requestId: '3' });
    expect(heard).toEqual([{ requestId: '1' }]);
  });

  it('one window per account, reused; a crash detaches, destroys, tells the driver, and the next job gets a new window', async () => {
    const first = await open();
    expect(await provider.pageFor(ACCOUNT)).toBe(first.page);
    const other = await open('fedcba9876543210fedcba98');
    expect(other.window).not.toBe(first.window);

    const detached: unknown[] = [];
    first.page.on('Inspector.detached', (params) => detached.push(params));
    first.window.webContents.simulateCrash();
    expect(detached).toEqual([{ reason: 'target_closed' }]);
    expect(first.window.isDestroyed()).toBe(true);
    expect(first.window.webContents.debugger.isAttached()).toBe(false);
    await expect(first.page.send('Page.enable')).rejects.toThrow('closed');

    const again = await open();
    expect(again.page).not.toBe(first.page);
    expect(again.window).not.toBe(first.window);
    expect(again.window.webContents.debugger.attachedWith).toEqual(['1.3']);
  });

  it('starts from the account’s sealed cookie jar: the window is made only once the jar is back in the partition', async () => {
    let release!: () => void;
    restoreGate = new Promise((resolve) => (release = resolve));
    const opening = provider.pageFor(ACCOUNT);
    await Promise.resolve();
    expect(restores).toEqual([{ accountId: ACCOUNT, windowsBefore: 0 }]);
    expect(__shim.windows).toHaveLength(0);
    release();
    await opening;
    expect(__shim.windows).toHaveLength(1);
  });

  it('release() closes one account’s window and leaves the others', async () => {
    const first = await open();
    const second = await open('fedcba9876543210fedcba98');
    await provider.release(ACCOUNT);
    expect(first.window.isDestroyed()).toBe(true);
    expect(second.window.isDestroyed()).toBe(false);
    await provider.release('00000000000000000000000a');
  });

  it('close() detaches and destroys; closeAll() closes every account’s window', async () => {
    const first = await open();
    const second = await open('fedcba9876543210fedcba98');
    await first.page.close();
    expect(first.window.webContents.debugger.isAttached()).toBe(false);
    expect(first.window.isDestroyed()).toBe(true);
    await provider.closeAll();
    expect(second.window.isDestroyed()).toBe(true);
  });
});
