/**
 * Opens the built renderer in Chromium as the app's window, with the differences a plain browser forces,
 * each kept as small as possible:
 *
 * - Origin: Chromium cannot serve the app's `app://imagefx` scheme, so the files are served on the
 *   stand-in origin {@link E2E_APP_ORIGIN} by `page.route` (nothing else is reachable: the browser is
 *   launched with every host name unresolvable). Paths are resolved by the app's own `resolveAppAsset`
 *   and each response carries the app protocol's headers (`appResponseHeaders`: the same
 *   Content-Security-Policy, nosniff, no referrer); index.html keeps its `<meta>` policy too.
 * - Gallery pictures: requested on the same origin under /__gallery (see e2e-gallery-urls.ts) and
 *   answered by the app's real gallery protocol handler, with the URL mapped back to `imagefx-gallery:`
 *   and the stand-in origin back to `app://imagefx` as the initiator the handler checks.
 * - `window.imagefx`: defined by an init script (the preload's role) as frozen functions forwarding each
 *   call through a Playwright binding to the real preload's bridge in the test process, which invokes the
 *   registered IPC handlers as the main window's page. Only the page's top frame may call it (in the app
 *   only the top frame has the preload). Events from the main process come back through the preload's
 *   `onEvent` and are handed to the page's listeners with `page.evaluate`.
 */
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { APP_ORIGIN, resolveAppAsset } from '../../src/app/security/app-protocol.ts';
import { appResponseHeaders } from '../../src/app/security/hardening-csp.ts';
import { GALLERY_SCHEME } from '../../src/shared/gallery-urls.ts';
import { type AppEvent } from '../../src/shared/ipc-contract.ts';
import { isInvokeChannel, type ImageFxBridge, type InvokeChannel } from '../../src/shared/ipc-channels.ts';
import { E2E_GALLERY_PATH } from './e2e-gallery-urls.ts';
import type { GalleryProtocolHandler } from '../../src/services/gallery/gallery-protocol-handler.ts';

/** The stand-in for `app://imagefx` (a name no resolver knows; only `page.route` answers it). */
export const E2E_APP_ORIGIN = 'https://app.imagefx.test';
const INVOKE_BINDING = '__imagefxE2eInvoke';
const DELIVER_FUNCTION = '__imagefxE2eDeliver';

export interface E2eAppPageOptions {
  readonly browser: Browser;
  readonly rendererDir: string;
  readonly bridge: ImageFxBridge;
  readonly galleryProtocol: GalleryProtocolHandler;
  readonly colorScheme?: 'light' | 'dark';
}

export interface E2eAppPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Bridge calls the page made, by channel, in order (arguments are not kept: they may be secrets). */
  readonly calls: InvokeChannel[];
  /** Console messages where Chromium refused something under the page's Content-Security-Policy. */
  readonly cspRefusals: string[];
  close(): Promise<void>;
}

/** Runs in the page before its scripts: the preload's part. */
function defineBridge({ invoke, deliver }: { invoke: string; deliver: string }): void {
  const call = (window as unknown as Record<string, (channel: unknown, args: unknown[]) => Promise<unknown>>)[invoke]!;
  const listeners = new Set<(event: unknown) => void>();
  const api: Record<string, unknown> = {};
  api.invoke = (channel: unknown, ...args: unknown[]) => call(channel, args);
  api.onEvent = (listener: (event: unknown) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  Object.defineProperty(window, 'imagefx', { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(window, deliver, {
    value: (event: unknown) => {
      for (const listener of listeners) listener(event);
    },
  });
}

export async function openE2eAppPage(options: E2eAppPageOptions): Promise<E2eAppPage> {
  const context = await options.browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  // The app may write the clipboard (copy prompt); reading it back is only for the test's assertion.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: E2E_APP_ORIGIN });
  const page = await context.newPage();
  const calls: InvokeChannel[] = [];
  const cspRefusals: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspRefusals.push(message.text());
  });
  await page.route(`${E2E_APP_ORIGIN}/**`, (route) => serve(route, options));
  await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, args: unknown[]) => {
    if (source.frame !== page.mainFrame()) throw new Error('window.imagefx is only available to the app page’s top frame');
    if (!isInvokeChannel(channel)) throw new Error('Unknown IPC channel.');
    calls.push(channel);
    const invoke = options.bridge.invoke as (channel: InvokeChannel, ...values: unknown[]) => Promise<unknown>;
    return invoke(channel, ...args);
  });
  await page.addInitScript(defineBridge, { invoke: INVOKE_BINDING, deliver: DELIVER_FUNCTION });
  const unsubscribe = options.bridge.onEvent((event: AppEvent) => {
    page
      .evaluate(({ name, payload }) => (window as unknown as Record<string, (event: unknown) => void>)[name]?.(payload), { name: DELIVER_FUNCTION, payload: event })
      .catch(() => undefined); // The page is closing or navigating; the next load asks for the state again.
  });
  return {
    context,
    page,
    calls,
    cspRefusals,
    async close() {
      unsubscribe();
      await context.close();
    },
  };
}

async function serve(route: Route, options: E2eAppPageOptions): Promise<void> {
  const url = new URL(route.request().url());
  if (url.pathname.startsWith(`${E2E_GALLERY_PATH}/`)) {
    const [kind, id] = url.pathname.slice(E2E_GALLERY_PATH.length + 1).split('/');
    // The stand-in origin plays app://imagefx; any other initiator stays foreign, as it would in the app.
    const initiator = new URL(route.request().frame().url()).origin;
    const response = await options.galleryProtocol({
      url: `${GALLERY_SCHEME}://${kind}/${id}`,
      method: route.request().method(),
      initiatorOrigin: initiator === E2E_APP_ORIGIN ? APP_ORIGIN : initiator,
    });
    await route.fulfill({
      status: response.status,
      headers: headersOf(response),
      body: Buffer.from(await response.arrayBuffer()),
    });
    return;
  }
  const asset = resolveAppAsset(options.rendererDir, `${APP_ORIGIN}${url.pathname}`);
  if (!asset) {
    await route.fulfill({ status: 404, body: 'Not found' });
    return;
  }
  try {
    await route.fulfill({ status: 200, headers: appResponseHeaders(asset.contentType), body: await readFile(asset.file) });
  } catch {
    await route.fulfill({ status: 404, body: 'Not found' });
  }
}

function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return headers;
}

/** The app's entry page on the stand-in origin. */
export const E2E_ENTRY_URL = `${E2E_APP_ORIGIN}/index.html`;
