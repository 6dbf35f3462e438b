/**
 * The Flow backend's page port on playwright-core: a `CDPSession` of its own on a Chromium page stands in
 * for Electron's `webContents.debugger`, so the app's own driver code runs unchanged against real Chromium
 * and the emulated flow.google.com. Like the Electron adapter it emits `Inspector.detached` when the page
 * closes or crashes, and loads only what the driver asks for.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { FlowPagePort, FlowPageProvider } from '../../src/services/imagefx/flow/flow-page-port.ts';

/** A {@link FlowPagePort} on `page`, with the session it speaks through (for tests that want to look too). */
export async function chromiumFlowPage(page: Page): Promise<FlowPagePort & { readonly session: CDPSession; readonly page: Page }> {
  const session = await page.context().newCDPSession(page);
  const gone = new Set<(params: unknown) => void>();
  const detach = (): void => {
    for (const listener of [...gone]) listener({ reason: 'target_closed' });
  };
  page.once('close', detach);
  page.once('crash', detach);
  // CDPSession's typed overloads know every protocol method; the port speaks in plain strings.
  const untyped = session as unknown as {
    send(method: string, params?: object): Promise<unknown>;
    on(event: string, listener: (params: unknown) => void): void;
    off(event: string, listener: (params: unknown) => void): void;
  };
  return {
    session,
    page,
    send: (method, params) => untyped.send(method, params),
    on(event, listener) {
      if (event === 'Inspector.detached') {
        gone.add(listener);
        return () => gone.delete(listener);
      }
      untyped.on(event, listener);
      return () => untyped.off(event, listener);
    },
    async navigate(url) {
      await page.goto(url, { waitUntil: 'commit' });
    },
    async close() {
      await session.detach().catch(() => undefined);
      await page.close();
    },
  };
}

/** One Chromium page per account in `context` (each test's context holds one account's cookies). */
export class ChromiumFlowPageProvider implements FlowPageProvider {
  readonly #context: BrowserContext;
  readonly #pages = new Map<string, FlowPagePort & { readonly page: Page }>();
  /** Every page handed out, newest last. */
  readonly opened: (FlowPagePort & { readonly session: CDPSession; readonly page: Page })[] = [];

  constructor(context: BrowserContext) {
    this.#context = context;
  }

  async pageFor(accountId: string): Promise<FlowPagePort> {
    const open = this.#pages.get(accountId);
    if (open && !open.page.isClosed()) return open;
    const port = await chromiumFlowPage(await this.#context.newPage());
    this.#pages.set(accountId, port);
    this.opened.push(port);
    return port;
  }

  async release(accountId: string): Promise<void> {
    const open = this.#pages.get(accountId);
    this.#pages.delete(accountId);
    if (open && !open.page.isClosed()) await open.close();
  }
}
