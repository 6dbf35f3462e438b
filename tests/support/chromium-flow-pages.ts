/**
 * The app's hidden Flow pages in the end-to-end tests: what src/app/electron/electron-flow-page.ts does with
 * Electron windows, done with Chromium pages in the login surfaces' browser — one page per account, on the
 * account's own partition (the same browser context its sign-in window used), made only after the account's
 * sealed cookie jar is back in that partition (`restoreJar`, as the app's provider does), spoken to over a
 * DevTools session (tests/support/flow-cdp-port.ts), and held to the app's own rule for the Flow page
 * (`isFlowPageUrl`: documents on Flow's hosts only; the page's scripts and pictures load as in the app).
 * Nothing here is visible: these are not login surfaces.
 */
import type { Page } from 'playwright-core';
import { isFlowPageUrl } from '../../src/app/electron/electron-flow-page.ts';
import type { FlowPagePort, FlowPageProvider } from '../../src/services/imagefx/flow/flow-page-port.ts';
import type { ChromiumLoginSurfaceProvider } from './chromium-login-surface.ts';
import { chromiumFlowPage } from './flow-cdp-port.ts';

/** The app's navigation rule for the Flow window, applied to Chromium's requests: documents only. */
function flowPageAllows(url: string, resourceType: string): boolean {
  if (resourceType !== 'Document') return true;
  const parsed = URL.parse(url);
  return parsed !== null && isFlowPageUrl(parsed);
}

export class ChromiumAccountFlowPages implements FlowPageProvider {
  readonly #surfaces: ChromiumLoginSurfaceProvider;
  readonly #restoreJar: (accountId: string) => Promise<void>;
  readonly #pages = new Map<string, FlowPagePort & { readonly page: Page }>();
  /** Every page made, by account, oldest first (for assertions). */
  readonly opened: { readonly accountId: string; readonly page: Page }[] = [];

  constructor(surfaces: ChromiumLoginSurfaceProvider, restoreJar: (accountId: string) => Promise<void>) {
    this.#surfaces = surfaces;
    this.#restoreJar = restoreJar;
  }

  async pageFor(accountId: string): Promise<FlowPagePort> {
    const open = this.#pages.get(accountId);
    if (open && !open.page.isClosed()) return open;
    await this.#restoreJar(accountId);
    const context = await this.#surfaces.partitionContext(accountId);
    const page = await context.newPage();
    await this.#surfaces.adoptPage(page, flowPageAllows);
    const port = await chromiumFlowPage(page);
    this.#pages.set(accountId, port);
    this.opened.push({ accountId, page });
    return port;
  }

  async release(accountId: string): Promise<void> {
    const open = this.#pages.get(accountId);
    this.#pages.delete(accountId);
    if (open && !open.page.isClosed()) await open.close();
  }

  /** The account's page, while it is open. */
  pageOf(accountId: string): Page | null {
    const open = this.#pages.get(accountId);
    return open && !open.page.isClosed() ? open.page : null;
  }
}
