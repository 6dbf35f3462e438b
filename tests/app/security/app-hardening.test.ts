import { beforeEach, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../src/app/security/app-protocol.ts';
import { hardenApp, type AppHardeningOptions } from '../../../src/app/security/app-hardening.ts';
import { appPagePolicy, type WebContentsGuard } from '../../../src/app/security/hardening-contents-guard.ts';
import { __shim, BrowserWindow } from '../../support/electron-shim.ts';
import type { FakeBrowserWindow } from '../../support/electron-shim/fake-browser-window.ts';
import { FakeClock } from '../../support/fake-clock.ts';

const clock = new FakeClock(Date.UTC(2026, 2, 1));

type Refusal = Parameters<NonNullable<AppHardeningOptions['onRefused']>>[0];
/** The webContents type the shim's permission helpers take (Electron's own). */
type WebContents = Parameters<ReturnType<typeof __shim.sessions.fromPartition>['requestPermission']>[0];

let refusals: Refusal[];
let secondInstances: number;

beforeEach(() => {
  __shim.reset();
  refusals = [];
  secondInstances = 0;
});

/** hardenApp as main.ts calls it, before `ready`; then the app becomes ready. */
function hardenPrimary(): WebContentsGuard {
  const hardening = hardenApp({ onSecondInstance: () => (secondInstances += 1), onRefused: (r) => refusals.push(r), clock });
  if (!hardening.isPrimaryInstance) throw new Error('expected the single-instance lock');
  __shim.makeReady();
  return hardening.contentsGuard;
}

function newWindow(partition?: string): FakeBrowserWindow {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, ...(partition ? { partition } : {}) },
  });
  return window as unknown as FakeBrowserWindow;
}

const asWebContents = (window: FakeBrowserWindow): WebContents => window.webContents as unknown as WebContents;

describe('hardenApp: process-wide switches', () => {
  it('enables the sandbox for every renderer before the app is ready', () => {
    hardenApp({ onSecondInstance: () => {}, clock });
    expect(__shim.app.sandboxEnabled).toBe(true);
  });

  it('quits at once when another instance holds the lock, and guards nothing', () => {
    __shim.app.singleInstanceLockAvailable = false;
    const hardening = hardenApp({ onSecondInstance: () => (secondInstances += 1), clock });
    expect(hardening.isPrimaryInstance).toBe(false);
    expect(__shim.app.quitRequests).toBe(1);
    expect(__shim.app.listenerCount('web-contents-created')).toBe(0);
  });

  it('hands a second launch to the running instance', () => {
    hardenPrimary();
    expect(__shim.app.hasSingleInstanceLock()).toBe(true);
    __shim.app.emit('second-instance', __shim.preventableEvent(), ['imagefx-desktop'], '/', {});
    expect(secondInstances).toBe(1);
    expect(__shim.app.quitRequests).toBe(0);
  });
});

describe('hardenApp: permissions on every session', () => {
  const request = (partition: string, permission: 'clipboard-sanitized-write' | 'media' | 'notifications' | 'geolocation', requestingUrl: string): Promise<boolean> => {
    const window = newWindow(partition || undefined);
    return __shim.sessions.fromPartition(partition).requestPermission(asWebContents(window), permission, { requestingUrl, isMainFrame: true });
  };

  it('grants the app page only what it needs, and refuses everything else', async () => {
    hardenPrimary();
    expect(await request('', 'clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(await request('', 'media', APP_ENTRY_URL)).toBe(false);
    expect(await request('', 'notifications', APP_ENTRY_URL)).toBe(false);
    expect(await request('', 'clipboard-sanitized-write', 'https://evil.example/page')).toBe(false);
  });

  it('covers sessions created after start-up, such as a sign-in partition', async () => {
    hardenPrimary();
    const partition = 'persist:account-test';
    expect(await request(partition, 'notifications', 'https://accounts.google.com/signin')).toBe(false);
    expect(await request(partition, 'geolocation', 'https://labs.google/fx')).toBe(false);
    const login = __shim.sessions.fromPartition(partition);
    expect(login.checkPermission(null, 'notifications', 'https://accounts.google.com', { isMainFrame: true, requestingUrl: 'https://accounts.google.com/' })).toBe(false);
  });

  it('answers permission checks with the same policy', () => {
    hardenPrimary();
    const defaultSession = __shim.sessions.fromPartition('');
    const check = (permission: 'clipboard-sanitized-write' | 'hid', origin: string): boolean =>
      defaultSession.checkPermission(null, permission, origin, { isMainFrame: true, requestingUrl: `${origin}/` });
    expect(check('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(check('hid', APP_ORIGIN)).toBe(false);
    expect(check('clipboard-sanitized-write', 'https://labs.google')).toBe(false);
  });

  it('installs the handlers on the default session once the app is ready', async () => {
    hardenPrimary();
    await __shim.app.whenReady();
    const defaultSession = __shim.sessions.all().get('');
    expect(defaultSession?.permissionRequestHandler).not.toBeNull();
    expect(defaultSession?.permissionCheckHandler).not.toBeNull();
  });

  it('reports a refused request by origin only', async () => {
    hardenPrimary();
    await request('', 'media', 'https://accounts.google.com/callback?code=SECRET-CODE#frag');
    expect(refusals).toContainEqual({ permission: 'media', origin: 'https://accounts.google.com' });
    expect(JSON.stringify(refusals)).not.toContain('SECRET');
  });
});

describe('hardenApp: webContents nobody configured', () => {
  it('may not navigate, be redirected, open windows or attach webviews', () => {
    hardenPrimary();
    const contents = newWindow().webContents;
    expect(contents.simulateNavigation('https://evil.example/').prevented).toBe(true);
    expect(contents.simulateNavigation(APP_ENTRY_URL).prevented).toBe(true);
    expect(contents.simulateRedirect('https://evil.example/').prevented).toBe(true);
    expect(contents.simulateWindowOpen('https://labs.google/fx')).toEqual({ action: 'deny' });
    expect(contents.simulateAttachWebview({ nodeIntegration: true }, { src: 'https://evil.example/' }).prevented).toBe(true);
    expect(__shim.shell.openedExternal).toEqual([]);
    expect(refusals.map((r) => 'action' in r && [r.action, r.policy])).toEqual([
      ['navigate', null], ['navigate', null], ['redirect', null], ['open-window', null], ['attach-webview', null],
    ]);
  });

  it('reports refusals without paths or query strings', () => {
    hardenPrimary();
    newWindow().webContents.simulateNavigation('https://accounts.google.com/o/oauth2/approval?code=SECRET-CODE');
    expect(refusals).toEqual([{ action: 'navigate', origin: 'https://accounts.google.com', policy: null }]);
  });
});

describe('hardenApp: the main window, opted in with appPagePolicy', () => {
  function mainWindow(): FakeBrowserWindow {
    const guard = hardenPrimary();
    const window = newWindow();
    guard.allow(window.webContents, appPagePolicy(APP_ORIGIN, ['https://labs.google']));
    return window;
  }

  it('navigates only within the app origin', () => {
    const contents = mainWindow().webContents;
    expect(contents.simulateNavigation(`${APP_ORIGIN}/gallery.html`).prevented).toBe(false);
    expect(contents.simulateNavigation('https://labs.google/fx').prevented).toBe(true);
    expect(contents.simulateNavigation('app://other/index.html').prevented).toBe(true);
    expect(contents.simulateNavigation('file:///etc/passwd').prevented).toBe(true);
    expect(contents.simulateRedirect('https://labs.google/fx').prevented).toBe(true);
  });

  it('opens listed https links the user clicks in the browser, never in an app window', async () => {
    const contents = mainWindow().webContents;
    contents.simulateUserInput({ type: 'mouseUp' });
    expect(contents.simulateWindowOpen('https://labs.google/fx/tools/image-fx')).toEqual({ action: 'deny' });
    for (const url of [
      'http://labs.google/fx', 'https://evil.example/', 'https://user:pw@labs.google/', 'file:///etc/passwd',
      'javascript:alert(1)', 'ms-settings:privacy', 'https://labs.google.evil.example/', 'https://labs.google:8443/fx',
    ]) {
      contents.simulateUserInput({ type: 'mouseUp' });
      expect(contents.simulateWindowOpen(url)).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(__shim.shell.openedExternal).toEqual([{ url: 'https://labs.google/fx/tools/image-fx' }]);
  });

  it('never attaches a webview, whatever the policy', () => {
    const contents = mainWindow().webContents;
    expect(contents.simulateAttachWebview({}, { src: `${APP_ORIGIN}/index.html` }).prevented).toBe(true);
  });

  it('leaves sub-frame navigations to the frame (CSP keeps the app page frameless)', () => {
    const contents = mainWindow().webContents;
    expect(contents.simulateNavigation('https://accounts.google.com/frame', { isMainFrame: false }).prevented).toBe(false);
  });
});

describe('hardenApp: a sign-in window with its own policy', () => {
  it('follows the policy it registered, redirects included', () => {
    const guard = hardenPrimary();
    const window = newWindow('persist:account-1');
    const allowed = new Set(['https://labs.google', 'https://accounts.google.com']);
    guard.allow(window.webContents, { name: 'sign-in', mayNavigate: (url) => url.protocol === 'https:' && allowed.has(url.origin) });
    const contents = window.webContents;
    expect(contents.simulateNavigation('https://accounts.google.com/signin').prevented).toBe(false);
    expect(contents.simulateRedirect('https://labs.google/fx/api/auth/callback/google').prevented).toBe(false);
    expect(contents.simulateRedirect('https://evil.example/phish').prevented).toBe(true);
    expect(contents.simulateWindowOpen('https://support.google.com/')).toEqual({ action: 'deny' });
    expect(refusals).toEqual([
      { action: 'redirect', origin: 'https://evil.example', policy: 'sign-in' },
      { action: 'open-window', origin: 'https://support.google.com', policy: 'sign-in' },
    ]);
  });

  it('keeps other windows locked even in the same session', () => {
    const guard = hardenPrimary();
    const registered = newWindow('persist:account-1');
    guard.allow(registered.webContents, { name: 'sign-in', mayNavigate: () => true });
    const other = newWindow('persist:account-1');
    expect(other.webContents.simulateNavigation('https://accounts.google.com/').prevented).toBe(true);
  });
});
