/**
 * A real Chromium signs in to the emulated flow.google.com the way the app's sign-in window will: `/about`,
 * its CTA, Google's form, back to the project grid with the `.google.com` SID family and the host-only OSID
 * cookies; a reload rotates `__Secure-1PSIDTS`; a confirm-identity demand goes through `confirmidentifier`.
 * One browser for the file; a fresh context (cookie jar) per test.
 */
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { completeGoogleSignIn } from '../support/accounts-user.ts';
import { withChromiumPerTest } from '../support/chromium-fixture.ts';
import {
  DEFAULT_ACCOUNT,
  FLOW_ABOUT_URL,
  FLOW_EDITOR_CONTROLS,
  FLOW_SIGN_IN_URL,
  FLOW_URL,
  LABS_FLOW_URL,
  MIGRATED_ACCOUNT,
  ROTATING_GOOGLE_COOKIES,
  SIGN_IN_FORM,
  STABLE_GOOGLE_COOKIES,
} from '../support/emulator/index.ts';
import { withEmulator } from '../support/network.ts';

const env = withEmulator();
const chrome = withChromiumPerTest(() => env.emu);
let context: BrowserContext;
let page: Page;
beforeEach(() => {
  ({ context, page } = chrome);
});

/** From the signed-out grid to the signed-in one, through /about and Google's form. */
async function signInThroughAbout(account: { email: string; password: string }): Promise<void> {
  await page.goto(FLOW_URL);
  expect(page.url()).toBe(FLOW_ABOUT_URL);
  await page.click('button.cta-button');
  await page.waitForSelector(`#${SIGN_IN_FORM.formId}`);
  expect(new URL(page.url()).pathname).toBe('/v3/signin/identifier');
  await completeGoogleSignIn(page, account);
}

function byName(cookies: Cookie[]): Map<string, Cookie> {
  return new Map(cookies.map((cookie) => [cookie.name, cookie]));
}

describe('signing in on flow.google.com', () => {
  it('goes /about → CTA → Google form → the project grid, holding the SID family and host-only OSID cookies', async () => {
    await signInThroughAbout(MIGRATED_ACCOUNT);
    await page.waitForURL(FLOW_SIGN_IN_URL);
    await expect(page.locator(FLOW_EDITOR_CONTROLS.readiness).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('button', { name: 'New project' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => Object.keys((window as unknown as { WIZ_global_data: object }).WIZ_global_data))).toEqual(['SNlM0e', 'FdrFJe', 'cfb2h']);

    const cookies = byName(await context.cookies('https://flow.google.com/'));
    for (const name of [...STABLE_GOOGLE_COOKIES, ...ROTATING_GOOGLE_COOKIES]) {
      expect(cookies.get(name), name).toMatchObject({ domain: '.google.com', path: '/', secure: true });
    }
    expect(cookies.get('__Secure-3PSID')).toMatchObject({ httpOnly: true, sameSite: 'None' });
    expect(cookies.get('__Secure-OSID')).toMatchObject({ domain: 'flow.google.com', httpOnly: true, secure: true, sameSite: 'None' });
    expect(cookies.get('OSID')).toMatchObject({ domain: 'flow.google.com', httpOnly: true, secure: true });
    // Host-only: a sibling host does not get OSID.
    const sibling = byName(await context.cookies('https://accounts.google.com/'));
    expect(sibling.has('__Secure-OSID')).toBe(false);
    expect(sibling.has('SID')).toBe(true);

    // Minus what Chromium asks on its own (favicons, account probes).
    const chain = env.emu.requests.all().filter((entry) => !['/favicon.ico', '/ListAccounts'].includes(entry.path));
    const fromSubmit = chain.slice(chain.findIndex((entry) => entry.method === 'POST'));
    expect(fromSubmit.filter((entry) => entry.status !== 200 || entry.path === '/').map((entry) => [entry.host, entry.path, entry.status])).toEqual([
      ['accounts.google.com', '/v3/signin/challenge/pwd', 302],
      ['accounts.google.com', '/CheckCookie', 302],
      ['flow.google.com', '/accounts/SetOSID', 302],
      ['flow.google.com', '/', 200],
    ]);
  });

  it('a reload re-issues __Secure-1PSIDTS and SIDCC; the page stays signed in', async () => {
    await signInThroughAbout(MIGRATED_ACCOUNT);
    await page.waitForURL(FLOW_SIGN_IN_URL);
    const before = byName(await context.cookies(FLOW_URL));
    await page.reload();
    await page.locator(FLOW_EDITOR_CONTROLS.readiness).waitFor();
    const after = byName(await context.cookies(FLOW_URL));
    for (const name of ROTATING_GOOGLE_COOKIES) expect(after.get(name)!.value, name).not.toBe(before.get(name)!.value);
    for (const name of STABLE_GOOGLE_COOKIES) expect(after.get(name)!.value, name).toBe(before.get(name)!.value);
  });

  it('when Google wants the identity confirmed: /about, then the CTA asks for the password on confirmidentifier', async () => {
    await signInThroughAbout(MIGRATED_ACCOUNT);
    await page.waitForURL(FLOW_SIGN_IN_URL);
    env.emu.control.forceConfirmIdentity(MIGRATED_ACCOUNT.email);
    await page.goto(FLOW_URL);
    expect(page.url()).toBe(FLOW_ABOUT_URL);
    await page.click('button.cta-button');
    await page.waitForURL(/\/v3\/signin\/confirmidentifier/);
    expect(await page.textContent('h1')).toBe("Confirm it's you");
    expect(await page.inputValue(`#${SIGN_IN_FORM.emailId}`)).toBe(MIGRATED_ACCOUNT.email);
    await completeGoogleSignIn(page, MIGRATED_ACCOUNT);
    await page.waitForURL(FLOW_SIGN_IN_URL);
    await page.locator(FLOW_EDITOR_CONTROLS.readiness).waitFor();
  });

  it('a classic account that signs in on the Flow path is sent back to labs.google', async () => {
    await signInThroughAbout(DEFAULT_ACCOUNT);
    await page.waitForURL(LABS_FLOW_URL);
  });

  it('creates a project with the grid\'s own "New project" control and opens its editor', async () => {
    await signInThroughAbout(MIGRATED_ACCOUNT);
    await page.waitForURL(FLOW_SIGN_IN_URL);
    await page.getByRole('button', { name: 'New project' }).click();
    await page.waitForURL(/\/project\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    expect(env.emu.control.flowProjects(MIGRATED_ACCOUNT.email)[0]).toMatchObject({ id, title: 'Untitled project' });
    const created = env.emu.requests.last({ path: /batchexecute/ })!;
    expect(created.search).toContain('rpcids=jHPbke');
    expect(created.headers['x-same-domain']).toBe('1');
    await page.getByRole('textbox', { name: FLOW_EDITOR_CONTROLS.prompt }).waitFor();
  });
});
