/**
 * A real Chromium signs in through the emulator's pages, as the app's login window will: the form, the
 * second step, a chunked session cookie, the silent re-sign-in, and the form again once account cookies
 * are revoked. One browser for the file; a fresh context (cookie jar) per test.
 */
import { ImageFX } from '@rohitaryal/imagefx-api';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isChromiumOwnRequest, launchChromium } from '../support/chromium.ts';
import {
  DEFAULT_ACCOUNT,
  IMAGE_FX_URL,
  IMAGE_FX_USER_ID,
  SECOND_STEP_ACCOUNT,
  SECOND_STEP_FORM,
  SESSION_COOKIE,
  SIGN_IN_FORM,
  SIGN_IN_URL,
} from '../support/emulator/index.ts';
import type { EmulatorAccount } from '../support/emulator/index.ts';
import { withEmulator } from '../support/network.ts';

const env = withEmulator();
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium({ emulator: env.emu });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

async function fillPassword(account: Pick<EmulatorAccount, 'email' | 'password'>): Promise<void> {
  await page.goto(SIGN_IN_URL);
  expect(new URL(page.url()).pathname).toBe('/v3/signin/identifier');
  await page.fill(`#${SIGN_IN_FORM.emailId}`, account.email);
  await page.fill(`#${SIGN_IN_FORM.passwordId}`, account.password);
  await page.click(`#${SIGN_IN_FORM.submitId}`);
}

async function labsCookies(): Promise<Awaited<ReturnType<BrowserContext['cookies']>>> {
  return context.cookies('https://labs.google');
}

/** Logged requests minus the ones Chromium makes on its own (favicons, its account probe). */
function pageRequests(): ReturnType<typeof env.emu.requests.all> {
  return env.emu.requests.all().filter((entry) => !isChromiumOwnRequest(entry));
}

function cookieHeader(cookies: { name: string; value: string }[]): string {
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

describe('form sign-in', () => {
  it('signs in with email + password through a redirect chain and ends with the HttpOnly, Secure session cookie', async () => {
    await fillPassword(DEFAULT_ACCOUNT);
    await page.waitForURL(IMAGE_FX_URL);
    expect(await page.textContent(`#${IMAGE_FX_USER_ID}`)).toBe(DEFAULT_ACCOUNT.email);

    const cookies = await labsCookies();
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toMatchObject({ domain: 'labs.google', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
    expect(cookies.find((cookie) => cookie.name === '__Host-next-auth.csrf-token')).toMatchObject({ httpOnly: true, secure: true });
    const google = await context.cookies('https://accounts.google.com');
    expect(google.filter((cookie) => cookie.name === 'SID' || cookie.name === '__Secure-1PSID')).toEqual([
      expect.objectContaining({ name: 'SID', domain: '.google.com', httpOnly: true, secure: true }),
      expect.objectContaining({ name: '__Secure-1PSID', domain: '.google.com', httpOnly: true, secure: true }),
    ]);

    const chain = pageRequests();
    const fromSubmit = chain.slice(chain.findIndex((entry) => entry.method === 'POST'));
    expect(fromSubmit.map((entry) => [entry.host, entry.path, entry.status])).toEqual([
      ['accounts.google.com', '/v3/signin/challenge/pwd', 302],
      ['accounts.google.com', '/CheckCookie', 302],
      ['labs.google', '/fx/api/auth/callback/google', 302],
      ['labs.google', '/fx/tools/image-fx', 200],
    ]);

    // The harvested cookie is what the app will hand the library.
    const images = await new ImageFX(cookieHeader([session!])).generateImage('a signed-in test');
    expect(images).toHaveLength(1);
  });

  it('shows an error and sets no labs cookie for a wrong password', async () => {
    await fillPassword({ email: DEFAULT_ACCOUNT.email, password: 'wrong' });
    await page.waitForSelector(`#${SIGN_IN_FORM.errorId}`);
    expect(await page.textContent(`#${SIGN_IN_FORM.errorId}`)).toMatch(/Wrong email or password/);
    expect(await page.inputValue(`#${SIGN_IN_FORM.emailId}`)).toBe(DEFAULT_ACCOUNT.email);
    expect((await labsCookies()).some((cookie) => cookie.name.startsWith(SESSION_COOKIE))).toBe(false);
  });

  it('asks for the second step when the account has one, rejecting a wrong code', async () => {
    await fillPassword(SECOND_STEP_ACCOUNT);
    await page.waitForURL(/\/v3\/signin\/challenge\/totp/);
    await page.fill(`#${SECOND_STEP_FORM.codeId}`, '000000');
    await page.click(`#${SECOND_STEP_FORM.submitId}`);
    await page.waitForSelector(`#${SECOND_STEP_FORM.errorId}`);
    expect((await labsCookies()).some((cookie) => cookie.name === SESSION_COOKIE)).toBe(false);

    await page.fill(`#${SECOND_STEP_FORM.codeId}`, SECOND_STEP_ACCOUNT.secondStepCode!);
    await page.click(`#${SECOND_STEP_FORM.submitId}`);
    await page.waitForURL(IMAGE_FX_URL);
    expect(await page.textContent(`#${IMAGE_FX_USER_ID}`)).toBe(SECOND_STEP_ACCOUNT.email);
    expect((await labsCookies()).find((cookie) => cookie.name === SESSION_COOKIE)).toMatchObject({ httpOnly: true, secure: true });
  });

  it('stores a session token over 4 KB as .0/.1 chunks, which the browser sends back and the server reassembles', async () => {
    env.emu.control.setSessionTokenLength(6_000);
    await fillPassword(DEFAULT_ACCOUNT);
    await page.waitForURL(IMAGE_FX_URL);
    const sessionCookies = (await labsCookies()).filter((cookie) => cookie.name.startsWith(SESSION_COOKIE));
    expect(sessionCookies.map((cookie) => cookie.name).sort()).toEqual([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`]);
    expect(sessionCookies.every((cookie) => cookie.httpOnly && cookie.secure)).toBe(true);
    expect(sessionCookies.map((cookie) => cookie.value.length).reduce((a, b) => a + b)).toBe(6_000);

    const session = (await page.evaluate(async () => (await fetch('/fx/api/auth/session')).json())) as { user?: { email: string } };
    expect(session.user?.email).toBe(DEFAULT_ACCOUNT.email);
    const sent = env.emu.requests.last({ path: '/fx/api/auth/session' })!;
    expect(Object.keys(sent.cookies)).toEqual(expect.arrayContaining([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`]));
  });
});

describe('silent re-sign-in', () => {
  it('a second visit to the sign-in URL lands on ImageFX with a fresh session and no form', async () => {
    await fillPassword(DEFAULT_ACCOUNT);
    await page.waitForURL(IMAGE_FX_URL);
    const first = (await labsCookies()).find((cookie) => cookie.name === SESSION_COOKIE)!.value;
    env.emu.resetLog();

    const response = await page.goto(SIGN_IN_URL);
    expect(page.url()).toBe(IMAGE_FX_URL);
    expect(response?.status()).toBe(200);
    expect(await page.locator(`#${SIGN_IN_FORM.formId}`).count()).toBe(0);
    const paths = pageRequests().map((entry) => entry.path);
    expect(paths).toEqual(['/fx/api/auth/signin/google', '/o/oauth2/v2/auth', '/CheckCookie', '/fx/api/auth/callback/google', '/fx/tools/image-fx']);

    const second = (await labsCookies()).find((cookie) => cookie.name === SESSION_COOKIE)!.value;
    expect(second).not.toBe(first);
    const session = (await page.evaluate(async () => (await fetch('/fx/api/auth/session')).json())) as { access_token?: string };
    expect(session.access_token).toMatch(/^ya29\./);
  });

  it('shows the form again once the account cookies are revoked', async () => {
    await fillPassword(DEFAULT_ACCOUNT);
    await page.waitForURL(IMAGE_FX_URL);
    expect(env.emu.control.revokeAccountCookies(DEFAULT_ACCOUNT.email)).toBeGreaterThanOrEqual(1);

    await page.goto(SIGN_IN_URL);
    expect(new URL(page.url()).pathname).toBe('/v3/signin/identifier');
    expect(await page.locator(`#${SIGN_IN_FORM.formId}`).isVisible()).toBe(true);
    // Signing in again works and issues fresh account cookies.
    await page.fill(`#${SIGN_IN_FORM.emailId}`, DEFAULT_ACCOUNT.email);
    await page.fill(`#${SIGN_IN_FORM.passwordId}`, DEFAULT_ACCOUNT.password);
    await page.click(`#${SIGN_IN_FORM.submitId}`);
    await page.waitForURL(IMAGE_FX_URL);
  });
});
