/**
 * The Electron login surface through the shim: the window options it creates, and every hostile case
 * played through the handlers it installs (navigation, redirect, sub-frame, window.open, webview,
 * permissions, downloads), with the app-wide contents guard of hardenApp() in place as in main.ts.
 */
import { BrowserWindow, type WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { LoginUrlRefusedError } from '../../../src/auth/login/login-errors.ts';
import { GOOGLE_SIGN_IN_ORIGINS, LABS_SIGN_IN_URL, createLoginPolicy } from '../../../src/auth/login/login-policy.ts';
import type { LoginSurface } from '../../../src/auth/login/login-surface.ts';
import type { UserAgentStrategy } from '../../../src/auth/login/user-agent-strategy.ts';
import { signInContentsPolicy } from '../../../src/app/electron/electron-login-guards.ts';
import { ElectronLoginSurfaceProvider } from '../../../src/app/electron/electron-login-surface.ts';
import { HOSTILE_URLS } from '../../support/accounts-hostile-urls.ts';
import { __shim } from '../../support/electron-shim.ts';
import { startHardenedShim } from '../../support/hardened-shim.ts';
import type { FakeBrowserWindow } from '../../support/electron-shim/fake-browser-window.ts';
import type { PermissionName } from '../../support/electron-shim/fake-session.ts';
import { FakeClock } from '../../support/fake-clock.ts';

const clock = new FakeClock(Date.UTC(2026, 2, 1));

const ACCOUNT = '0123456789abcdef01234567';
const PARTITION = `imagefx-account-${ACCOUNT}`; // in memory: no `persist:`

let main: FakeBrowserWindow;
let provider: ElectronLoginSurfaceProvider;
let registered: { contents: WebContents; loadedBefore: number }[];

beforeEach(() => {
  const hardening = startHardenedShim(clock);
  main = new BrowserWindow({ show: true }) as unknown as FakeBrowserWindow;
  hardening.contentsGuard.allow(main.webContents, { name: 'main', mayNavigate: () => false });
  registered = [];
  provider = new ElectronLoginSurfaceProvider({
    parentWindow: () => main as unknown as BrowserWindow,
    platform: 'linux',
    clock,
    registerContents: (contents, policy) => {
      registered.push({ contents, loadedBefore: (contents as unknown as { loadedUrls: string[] }).loadedUrls.length });
      hardening.contentsGuard.allow(contents, signInContentsPolicy(policy));
    },
  });
});

async function create(visible: boolean, userAgent: UserAgentStrategy = 'electron'): Promise<{ surface: LoginSurface; window: FakeBrowserWindow }> {
  const surface = await provider.create({ accountId: ACCOUNT, visible, policy: createLoginPolicy(GOOGLE_SIGN_IN_ORIGINS, userAgent) });
  return { surface, window: __shim.windows.at(-1)! };
}

describe('the login window', () => {
  it('is sandboxed, isolated, preload-free, on its own partition, modal over the main window, shown on ready-to-show', async () => {
    const { surface, window } = await create(true);
    expect(window.options).toMatchObject({ show: false, modal: true, parent: main });
    expect(window.options.webPreferences).toEqual(expect.objectContaining({
      partition: PARTITION, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true,
      webviewTag: false, allowRunningInsecureContent: false, nodeIntegrationInSubFrames: false,
    }));
    expect(window.options.webPreferences).not.toHaveProperty('preload');
    expect(window.webContents.session.partition).toBe(PARTITION);
    expect(window.isModal()).toBe(true);
    expect(window.getParentWindow()).toBe(main);
    expect(registered).toEqual([{ contents: window.webContents, loadedBefore: 0 }]);
    expect(window.isVisible()).toBe(false);
    await surface.open(LABS_SIGN_IN_URL);
    expect(window.webContents.loadedUrls).toEqual([LABS_SIGN_IN_URL]);
    expect(window.isVisible()).toBe(true);
  });

  it('a hidden surface (silent re-sign-in) has no parent, is not modal, and never shows, even when focused', async () => {
    const { surface, window } = await create(false);
    expect(window.options).toMatchObject({ show: false, skipTaskbar: true });
    expect(window.options).not.toHaveProperty('parent');
    expect(window.options).not.toHaveProperty('modal');
    let shown = 0;
    window.on('show', () => (shown += 1));
    await surface.open(LABS_SIGN_IN_URL);
    surface.focus();
    expect(window.isVisible()).toBe(false);
    expect(shown).toBe(0);
  });

  it('reports navigations, labs.google cookie changes (no values) and closing; reads cookies as records', async () => {
    const { surface, window } = await create(true);
    const events: unknown[] = [];
    surface.onDidNavigate((navigation) => events.push(navigation));
    surface.onDidChangeCookies((change) => events.push(change));
    surface.onDidClose(() => events.push('closed'));
    await surface.open(LABS_SIGN_IN_URL);
    window.webContents.simulateNavigation('https://accounts.google.com/v3/signin/identifier');
    window.webContents.emit('did-navigate-in-page', __shim.preventableEvent(), 'https://accounts.google.com/v3/signin/identifier#pwd', true, 1, 1);
    window.webContents.emit('did-navigate-in-page', __shim.preventableEvent(), 'https://accounts.google.com/frame#x', false, 1, 2);
    const cookies = window.webContents.session.cookies;
    await cookies.set({ url: 'https://accounts.google.com', name: 'SID', value: 'google-account-secret', domain: '.google.com', secure: true });
    await cookies.set({
      url: 'https://labs.google', name: '__Secure-next-auth.session-token', value: 'labs-secret', secure: true, httpOnly: true,
      sameSite: 'lax', expirationDate: 2_000_000_000,
    });
    expect(await surface.readCookies('https://labs.google')).toEqual([{
      name: '__Secure-next-auth.session-token', value: 'labs-secret', domain: 'labs.google', path: '/', secure: true,
      httpOnly: true, sameSite: 'lax', expiresAt: 2_000_000_000_000,
    }]);
    window.close(); // the user closes the window
    window.close();
    expect(events).toEqual([
      { url: LABS_SIGN_IN_URL, sameDocument: false },
      { url: 'https://accounts.google.com/v3/signin/identifier', sameDocument: false },
      { url: 'https://accounts.google.com/v3/signin/identifier#pwd', sameDocument: true },
      { name: '__Secure-next-auth.session-token', removed: false },
      'closed',
    ]);
    expect(JSON.stringify(events)).not.toContain('secret');
    expect(surface.isClosed).toBe(true);
    expect(cookies.listenerCount('changed')).toBe(0);
  });

  it('applies the user-agent setting: whole-window Chrome UA, or a Firefox header for Google sign-in hosts only', async () => {
    const chrome = await create(true, 'chrome');
    expect(chrome.window.webContents.getUserAgent()).toMatch(/^Mozilla\/5\.0 \(X11; Linux x86_64\) AppleWebKit\/537\.36 \(KHTML, like Gecko\) Chrome\/140\.0\.0\.0 Safari\/537\.36$/);
    const session = chrome.window.webContents.session;
    expect(session.webRequest.listeners.has('onBeforeSendHeaders')).toBe(false);

    const firefox = await create(true, 'firefox-on-google-sign-in');
    expect(firefox.window.webContents.getUserAgent()).toContain('Electron/');
    const registration = session.webRequest.listeners.get('onBeforeSendHeaders')!;
    expect(registration.filter).toEqual({ urls: ['https://accounts.google.com/*', 'https://accounts.youtube.com/*'] });
    let sent: Record<string, string | string[]> = {};
    (registration.listener as (details: unknown, callback: (response: { requestHeaders: Record<string, string> }) => void) => void)(
      { url: 'https://accounts.google.com/v3/signin', requestHeaders: { Accept: 'text/html' } },
      (response) => (sent = response.requestHeaders),
    );
    expect(sent).toEqual({ Accept: 'text/html', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0' });

    await create(true, 'electron');
    expect(session.webRequest.listeners.has('onBeforeSendHeaders')).toBe(false);
  });

  it('sign-out clears the partition: open windows closed, then storage, cache and auth cache', async () => {
    const { surface, window } = await create(true);
    await window.webContents.session.cookies.set({ url: 'https://labs.google', name: 'a', value: 'b', secure: true });
    await provider.clearAccountData(ACCOUNT);
    expect(surface.isClosed).toBe(true);
    expect(window.isDestroyed()).toBe(true);
    const session = __shim.sessions.fromPartition(PARTITION);
    expect(session.clearCalls.map((call) => call.method)).toEqual(['clearStorageData', 'clearCache', 'clearAuthCache']);
    expect(session.cookies.snapshot()).toEqual([]);
  });
});

describe(`policy on the Electron adapter: ${HOSTILE_URLS.length} hostile targets, each tried 5 ways`, () => {
  it.each(HOSTILE_URLS)('refuses $name', async ({ url, external }) => {
    const { surface, window } = await create(true);
    await surface.open(LABS_SIGN_IN_URL);
    const contents = window.webContents;
    await expect(surface.open(url)).rejects.toBeInstanceOf(LoginUrlRefusedError);
    expect(contents.loadedUrls).toEqual([LABS_SIGN_IN_URL]);
    // Each way as the user would (a click just before), so only the policy decides.
    const click = (): void => contents.simulateUserInput({ type: 'mouseUp' });
    click();
    expect(contents.simulateNavigation(url)).toEqual({ prevented: true });
    click();
    expect(contents.simulateNavigation(url, { isMainFrame: false })).toEqual({ prevented: true });
    click();
    expect(contents.simulateRedirect(url)).toEqual({ prevented: true });
    click();
    expect(contents.simulateWindowOpen(url)).toEqual({ action: 'deny' });
    expect(contents.getURL()).toBe(LABS_SIGN_IN_URL);
    // Only a clicked main-frame link to a public https page and such a popup reach the system browser.
    expect(__shim.shell.openedExternal.map((opened) => opened.url)).toEqual(external ? [external, external] : []);
  });

  it('lets the sign-in flow itself through: allowed navigations, redirects and sub-frames', async () => {
    const { window } = await create(true);
    const contents = window.webContents;
    for (const origin of GOOGLE_SIGN_IN_ORIGINS) {
      expect(contents.simulateNavigation(`${origin}/next`)).toEqual({ prevented: false });
      expect(contents.simulateRedirect(`${origin}/hop`)).toEqual({ prevented: false });
      expect(contents.simulateNavigation(`${origin}/frame`, { isMainFrame: false })).toEqual({ prevented: false });
    }
    expect(contents.simulateNavigation('about:blank', { isMainFrame: false })).toEqual({ prevented: false });
    expect(contents.simulateWindowOpen('https://accounts.google.com/popup')).toEqual({ action: 'deny' });
    expect(__shim.shell.openedExternal).toEqual([]);
  });

  it('refuses <webview>, downloads, and every permission request and check', async () => {
    const { window } = await create(true);
    const contents = window.webContents;
    expect(contents.simulateAttachWebview({ nodeIntegration: true }, { src: 'https://evil.test/' }).prevented).toBe(true);
    const download = __shim.preventableEvent();
    contents.session.emit('will-download', download, {}, contents);
    expect(download.defaultPrevented).toBe(true);
    const permissions: PermissionName[] = [
      'media', 'geolocation', 'notifications', 'clipboard-read', 'midiSysex', 'openExternal', 'hid', 'usb', 'serial',
      'display-capture', 'fullscreen', 'pointerLock', 'storage-access', 'idle-detection', 'window-management',
    ];
    for (const permission of permissions) {
      const asker = contents as unknown as WebContents;
      expect(await contents.session.requestPermission(asker, permission, { requestingUrl: 'https://accounts.google.com/', isMainFrame: true })).toBe(false);
      expect(contents.session.checkPermission(asker, permission, 'https://labs.google', { requestingUrl: 'https://labs.google/', isMainFrame: true, embeddingOrigin: 'https://labs.google' })).toBe(false);
    }
  });
});
