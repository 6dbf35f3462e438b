/**
 * Row 9 of issue 15: when page script navigated the sign-in window, any https URL (loopback too) went to
 * `shell.openExternal` with no user gesture (44 calls, 18 hosts). Now the system browser opens only for a
 * navigation the user started (a real click or Enter reaching the window, within Chromium's 5 s activation
 * span, one opening per gesture), https only, never a loopback, private or local host; and the main
 * window's link allow-list compares scheme, host and port. Through the Electron shim with the app's
 * hardening in place, as main.ts wires it.
 */
import { BrowserWindow, type WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { GOOGLE_SIGN_IN_ORIGINS, LABS_SIGN_IN_URL, createLoginPolicy, externalBrowserUrl } from '../../src/auth/login/login-policy.ts';
import { signInContentsPolicy } from '../../src/app/electron/electron-login-guards.ts';
import { ElectronLoginSurfaceProvider } from '../../src/app/electron/electron-login-surface.ts';
import { hardenApp } from '../../src/app/security/app-hardening.ts';
import { APP_ORIGIN } from '../../src/app/security/app-protocol.ts';
import { appPagePolicy, type WebContentsGuard } from '../../src/app/security/hardening-contents-guard.ts';
import { __shim } from '../support/electron-shim.ts';
import type { FakeWebContents } from '../support/electron-shim/fake-web-contents.ts';
import { FakeClock } from '../support/fake-clock.ts';

const ACCOUNT = '0123456789abcdef01234567';
const LOCAL_HOSTS = [
  'https://127.0.0.1/', 'https://127.8.9.10:8443/', 'https://localhost/', 'https://app.localhost/', 'https://[::1]/',
  'https://0.0.0.0/', 'https://10.1.2.3/', 'https://172.16.0.1/', 'https://192.168.1.1/', 'https://169.254.169.254/latest',
  'https://[fd00::1]/', 'https://[fe80::1]/', 'https://[::ffff:127.0.0.1]/', 'https://100.64.0.1/', 'https://router/',
  'https://printer.local/', 'https://nas.home.arpa/', 'https://2130706433/', 'https://0x7f000001/', 'https://8.8.8.8/',
];

let clock: FakeClock;
let guard: WebContentsGuard;
let opened: () => string[];

beforeEach(() => {
  __shim.reset();
  clock = new FakeClock(Date.UTC(2026, 2, 1));
  const hardening = hardenApp({ onSecondInstance: () => {}, clock });
  if (!hardening.isPrimaryInstance) throw new Error('expected the single-instance lock');
  guard = hardening.contentsGuard;
  __shim.makeReady();
  opened = () => __shim.shell.openedExternal.map((entry) => entry.url);
});

function click(contents: FakeWebContents): void {
  contents.simulateUserInput({ type: 'mouseDown' });
  contents.simulateUserInput({ type: 'mouseUp' });
}

describe('row 9: shell.openExternal only for what the user started', () => {
  describe('the sign-in window', () => {
    async function signInContents(): Promise<FakeWebContents> {
      const provider = new ElectronLoginSurfaceProvider({
        parentWindow: () => null,
        platform: 'linux',
        clock,
        registerContents: (contents, policy) => guard.allow(contents, signInContentsPolicy(policy)),
      });
      const surface = await provider.create({ accountId: ACCOUNT, visible: true, policy: createLoginPolicy(GOOGLE_SIGN_IN_ORIGINS, 'electron') });
      await surface.open(LABS_SIGN_IN_URL);
      return __shim.windows.at(-1)!.webContents;
    }

    it('opens nothing when page script navigates or calls window.open, however often', async () => {
      const contents = await signInContents();
      for (let i = 0; i < 44; i += 1) {
        expect(contents.simulateNavigation(`https://host-${i}.example/`).prevented).toBe(true);
        expect(contents.simulateWindowOpen(`https://popup-${i}.example/`)).toEqual({ action: 'deny' });
      }
      // Mouse moves and scrolls are not gestures.
      contents.simulateUserInput({ type: 'mouseMove' });
      contents.simulateUserInput({ type: 'mouseWheel' });
      contents.simulateNavigation('https://help.example/');
      expect(opened()).toEqual([]);
    });

    it('opens one link per click (or Enter), and only within 5 s of it', async () => {
      const contents = await signInContents();
      click(contents);
      contents.simulateNavigation('https://support.google.com/accounts');
      contents.simulateNavigation('https://evil.example/second-from-the-same-click');
      contents.simulateWindowOpen('https://evil.example/third');
      expect(opened()).toEqual(['https://support.google.com/accounts']);

      contents.simulateUserInput({ type: 'rawKeyDown', keyCode: 'Enter' } as Electron.InputEvent);
      contents.simulateWindowOpen('https://policies.google.com/privacy');
      click(contents);
      await clock.advance(5_001);
      contents.simulateNavigation('https://policies.google.com/terms');
      expect(opened()).toEqual(['https://support.google.com/accounts', 'https://policies.google.com/privacy']);
    });

    it('never hands a loopback, private or local host, or a non-https URL, to the system browser, even after a click', async () => {
      const contents = await signInContents();
      for (const url of [...LOCAL_HOSTS, 'http://example.com/', 'file:///etc/passwd', 'ms-settings:privacy']) {
        click(contents);
        contents.simulateNavigation(url);
        click(contents);
        contents.simulateWindowOpen(url);
        expect(externalBrowserUrl(url), url).toBeNull();
      }
      expect(opened()).toEqual([]);
    });
  });

  describe('the main window', () => {
    function mainContents(): FakeWebContents {
      const window = new BrowserWindow({ show: true });
      guard.allow(window.webContents, appPagePolicy(APP_ORIGIN, ['https://labs.google']));
      return window.webContents as unknown as FakeWebContents;
    }

    it('opens a listed https origin only: scheme, host and port must all match', async () => {
      const contents = mainContents();
      for (const url of ['https://labs.google:8443/fx', 'http://labs.google/fx', 'https://labs.google.evil.example/', 'https://evil.example/']) {
        click(contents);
        expect(contents.simulateWindowOpen(url)).toEqual({ action: 'deny' });
      }
      expect(opened()).toEqual([]);
      click(contents);
      contents.simulateWindowOpen('https://labs.google:443/fx/tools/image-fx');
      expect(opened()).toEqual(['https://labs.google/fx/tools/image-fx']);
    });

    it('opens nothing without a click, and one link per click', () => {
      const contents = mainContents();
      contents.simulateWindowOpen('https://labs.google/fx');
      expect(opened()).toEqual([]);
      click(contents);
      contents.simulateWindowOpen('https://labs.google/fx/a');
      contents.simulateWindowOpen('https://labs.google/fx/b');
      expect(opened()).toEqual(['https://labs.google/fx/a']);
      expect((contents as unknown as WebContents).id).toBeTypeOf('number');
    });
  });
});
