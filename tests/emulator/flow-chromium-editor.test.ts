/**
 * The emulated Flow editor is drivable the way the app's Flow backend will drive it: press the page's own
 * controls (found by role and accessible name), let the page mint its reCAPTCHA tokens and send `maseQ` /
 * `ogiZ0b`, and read the reply from DevTools Network events (what Electron's `webContents.debugger` gives).
 * Also: the x2a trap refuses tokens minted by anyone but the page, errors show on the page, and a "page
 * changed" fault breaks the contract's selectors. One browser for the file; a fresh context per test.
 */
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { withChromiumPerTest } from '../support/chromium-fixture.ts';
import { CHANGED_LABELS, FLOW_EDITOR_CONTROLS as C, FLOW_EDITOR_ERROR_SELECTOR, FLOW_RECAPTCHA_SITE_KEY, HIJACK_ACTION } from '../support/emulator/index.ts';
import { decodeBatchReply, errorReason, flowImageUrls } from '../support/flow-batchexecute-reply.ts';
import { BatchExecuteCapture } from '../support/flow-cdp-capture.ts';
import { withEmulator } from '../support/network.ts';

const env = withEmulator();
/** Each test starts signed in to Google and Flow (the sign-in itself is flow-chromium-sign-in's subject). */
async function signedIn(context: BrowserContext): Promise<void> {
  const issued = env.emu.control.createFlowSession();
  await context.addCookies(
    issued.cookies.map((cookie) =>
      cookie.hostOnly
        ? { name: cookie.name, value: cookie.value, url: 'https://flow.google.com/', secure: true, httpOnly: true, sameSite: 'None' as const }
        : { name: cookie.name, value: cookie.value, domain: cookie.domain, path: '/', secure: true },
    ),
  );
}
const chrome = withChromiumPerTest(() => env.emu, signedIn);
let page: Page;
beforeEach(() => {
  ({ page } = chrome);
});

/** Opens the grid, presses "New project", waits for the editor's readiness anchor. */
async function openNewProject(): Promise<string> {
  await page.goto('https://flow.google.com/');
  await page.getByRole('button', { name: 'New project' }).click();
  await page.waitForURL(/\/project\//);
  await page.locator(C.readiness).waitFor();
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

async function choose(setting: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: setting }).click();
  await page.getByRole('listbox', { name: setting }).getByRole('option', { name: option, exact: true }).click();
}

/** Sends a generate call from inside the page with `token`, the way a peer's injected script would. */
function sendFromPage(token: string, projectId: string): Promise<string> {
  return page.evaluate(
    async ({ token, projectId }) => {
      const wiz = (window as unknown as { WIZ_global_data: Record<string, string> }).WIZ_global_data;
      const ctx = [null, 22, null, null, null, projectId, null, null, null, null, [token, 1]];
      const id = () => crypto.randomUUID().toUpperCase();
      const item = [null, null, null, 42, 1, 'NARWHAL', null, ctx, [[['x']]], null, null, null, id(), id()];
      const body = new URLSearchParams({ 'f.req': JSON.stringify([[['ogiZ0b', JSON.stringify([null, [item], 1, ctx, [id()]]), null, 'generic']]]), at: wiz.SNlM0e! });
      const query = new URLSearchParams({ rpcids: 'ogiZ0b', 'source-path': location.pathname, 'f.sid': wiz.FdrFJe!, bl: wiz.cfb2h!, hl: 'en', _reqid: '1', rt: 'c' });
      const response = await fetch(`/_/AiSandboxAngularFrontend/data/batchexecute?${query}`, { method: 'POST', headers: { 'X-Same-Domain': '1' }, body });
      return response.text();
    },
    { token, projectId },
  );
}

describe('driving the editor with its own controls', () => {
  it('uploads a reference, generates 4 × Nano Banana 2 at 3:4, and the ogiZ0b reply read over CDP matches the images shown', async () => {
    const projectId = await openNewProject();
    const capture = await BatchExecuteCapture.attach(page);
    await page.getByRole('textbox', { name: C.prompt }).fill('a lighthouse at dusk');
    await page.getByRole('button', { name: C.settings }).click();
    await page.getByRole('dialog', { name: C.settingsDialog }).waitFor();
    await choose(C.model, 'Nano Banana 2');
    await choose(C.aspect, '3:4');
    await choose(C.count, '4');

    const reference = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).jpeg().toBuffer();
    const uploaded = capture.next('maseQ');
    await page.getByLabel(C.fileInput).setInputFiles({ name: 'reference.jpg', mimeType: 'image/jpeg', buffer: reference });
    const referenceId = (decodeBatchReply((await uploaded).body).results[0]!.payload as string[][])[0]![0]!;
    await page.getByRole('list', { name: C.references }).getByRole('listitem').waitFor();

    const generated = capture.next('ogiZ0b');
    await page.getByRole('button', { name: C.generate, exact: true }).click();
    const exchange = await generated;
    expect(exchange.status).toBe(200);
    const urls = flowImageUrls(decodeBatchReply(exchange.body).results[0]!.payload);
    expect(urls).toHaveLength(4);

    const tiles = page.getByRole('region', { name: C.results }).locator('figure.result-tile img');
    await expect.poll(() => tiles.count()).toBe(4);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('figure.result-tile img')).every((img) => (img as HTMLImageElement).complete));
    const shown = await tiles.evaluateAll((images) => images.map((img) => [(img as HTMLImageElement).src, (img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]));
    expect(shown.map(([src]) => src).sort()).toEqual([...urls].sort());
    expect(shown.every(([, width, height]) => width === 896 && height === 1200)).toBe(true);
    expect(await page.locator(FLOW_EDITOR_ERROR_SELECTOR).isHidden()).toBe(true);

    // The request the page built, as the notes record it.
    const wiz = await page.evaluate(() => (window as unknown as { WIZ_global_data: Record<string, string> }).WIZ_global_data);
    const query = exchange.url.searchParams;
    expect(Object.fromEntries(query)).toMatchObject({ rpcids: 'ogiZ0b', 'source-path': `/project/${projectId}`, 'f.sid': wiz.FdrFJe, bl: wiz.cfb2h, hl: 'en', rt: 'c' });
    expect(query.get('_reqid')).toMatch(/^\d+$/);
    expect(exchange.requestHeaders['X-Same-Domain']).toBe('1');
    const form = new URLSearchParams(exchange.postData);
    expect([...form.keys()]).toEqual(['f.req', 'at']);
    expect(form.get('at')).toBe(wiz.SNlM0e);
    const [[[rpcid, innerJson, , generic]]] = JSON.parse(form.get('f.req')!) as [[[string, string, null, string]]];
    expect([rpcid, generic]).toEqual(['ogiZ0b', 'generic']);
    const inner = JSON.parse(innerJson) as [null, unknown[][], number, unknown[], string[]];
    const token = (inner[3][10] as [string, number])[0];
    expect(inner[3][10]).toEqual([token, 1]);
    expect(inner[1]).toHaveLength(4);
    for (const item of inner[1]) {
      expect(item.slice(2, 8)).toEqual([[[referenceId, null, null, null, 1]], expect.any(Number), 4, 'NARWHAL', null, inner[3]]);
      expect(item[8]).toEqual([[['a lighthouse at dusk']]]);
    }

    // Every token was minted by the page's own handlers and used exactly once, right before its RPC.
    const mints = env.emu.control.recaptchaMints();
    expect(mints.map((mint) => [mint.action, mint.minter, mint.uses])).toEqual([
      ['UPLOAD_IMAGE', 'page', 1],
      ['IMAGE_GENERATION', 'page', 1],
    ]);
    expect(mints[1]!.token).toBe(token);
    expect(env.emu.control.recaptchaUses().map((use) => [use.rpcid, use.verdict])).toEqual([
      ['maseQ', 'accepted'],
      ['ogiZ0b', 'accepted'],
    ]);
    const order = env.emu.requests.all().filter((entry) => entry.path.includes('reload') || entry.path.includes('batchexecute'));
    const step = (entry: (typeof order)[number]): string => (entry.path.endsWith('/reload') ? 'mint' : new URLSearchParams(entry.search).get('rpcids')!);
    expect(order.map(step)).toEqual(['jHPbke', 'mint', 'maseQ', 'mint', 'ogiZ0b']);
  });
});

describe('the x2a trap', () => {
  it('tags an execute call from outside the page as extension_hijack_detected, and Flow refuses that token', async () => {
    const projectId = await openNewProject();
    const token = await page.evaluate((key) => (window as unknown as { grecaptcha: { enterprise: { execute(k: string, o: object): Promise<string> } } }).grecaptcha.enterprise.execute(key, { action: 'IMAGE_GENERATION' }), FLOW_RECAPTCHA_SITE_KEY);
    expect(env.emu.control.recaptchaMints().at(-1)).toMatchObject({ token, action: HIJACK_ACTION, minter: 'foreign' });
    const reply = decodeBatchReply(await sendFromPage(token, projectId));
    expect(errorReason(reply.results[0]!.error)).toBe('PUBLIC_ERROR_UNUSUAL_ACTIVITY');
  });

  it('also refuses a token from a copy of execute taken before the page wrapped it', async () => {
    // What a hijacking extension would do at document start (never the app): grab the original execute.
    await page.addInitScript(() => {
      Object.defineProperty(window, 'grecaptcha', {
        configurable: true,
        set(value: { enterprise: { execute: unknown } }) {
          Object.defineProperty(window, 'grecaptcha', { value, writable: true, configurable: true });
          (window as unknown as { stolenExecute: unknown }).stolenExecute = value.enterprise.execute;
        },
      });
    });
    const projectId = await openNewProject();
    const token = await page.evaluate((key) => (window as unknown as { stolenExecute(k: string, o: object): Promise<string> }).stolenExecute(key, { action: 'IMAGE_GENERATION' }), FLOW_RECAPTCHA_SITE_KEY);
    expect(env.emu.control.recaptchaMints().at(-1)).toMatchObject({ token, action: 'IMAGE_GENERATION', minter: 'foreign' });
    expect(errorReason(decodeBatchReply(await sendFromPage(token, projectId)).results[0]!.error)).toBe('PUBLIC_ERROR_UNUSUAL_ACTIVITY');
    expect(env.emu.control.recaptchaUses().at(-1)?.verdict).toBe('foreign');
  });
});

describe('what the page shows', () => {
  it.each([
    ['flow-model-access-denied', "Your plan doesn't include this model."],
    ['flow-unusual-activity', 'We noticed some unusual activity. Please try again later.'],
    ['flow-overloaded', 'Flow is busy right now. Please try again in a moment.'],
    ['flow-no-image', "Flow couldn't create images for this prompt. Try a different prompt."],
  ] as const)('%s shows a visible error and no image', async (kind, message) => {
    await openNewProject();
    env.emu.control.queueFault({ kind });
    await page.getByRole('textbox', { name: C.prompt }).fill('a refused prompt');
    await page.getByRole('button', { name: C.generate, exact: true }).click();
    await expect.poll(() => page.locator(FLOW_EDITOR_ERROR_SELECTOR).textContent()).toBe(message);
    expect(await page.locator(FLOW_EDITOR_ERROR_SELECTOR).isVisible()).toBe(true);
    expect(await page.locator('figure.result-tile').count()).toBe(0);
    expect(await page.getByRole('button', { name: C.generate, exact: true }).isEnabled()).toBe(true);
  });

  it('a "page changed" fault renames the prompt box and Generate button: the contract selectors find nothing', async () => {
    const projectId = await openNewProject();
    env.emu.control.queueFault({ kind: 'flow-page-changed' });
    await page.goto(`https://flow.google.com/project/${projectId}`);
    await page.locator(C.readiness).waitFor();
    expect(await page.getByRole('button', { name: C.generate, exact: true }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: C.prompt, exact: true }).count()).toBe(0);
    // The page itself still works under its new labels.
    await page.getByRole('textbox', { name: CHANGED_LABELS.prompt }).fill('still works');
    await page.getByRole('button', { name: CHANGED_LABELS.generate, exact: true }).click();
    await expect.poll(() => page.locator('figure.result-tile').count()).toBe(2);
  });
});
