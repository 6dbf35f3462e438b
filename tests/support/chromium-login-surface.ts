/**
 * The login-surface port played by a real Chromium (Debian's, through playwright-core) against the
 * labs.google emulator, enforcing the same src/auth/login/login-policy.ts decisions as the Electron adapter:
 *
 * - Requests: a browser-wide DevTools `Fetch` interception sees every request of every page, including
 *   each redirect hop and popups. (Playwright's `page.route` is not used: it is never called for redirect
 *   hops — playwright-core continues those itself — and it does not cover popups before they exist.)
 *   A request outside the surface's allow-list is failed: a document with `Aborted` (the page stays, like
 *   a prevented `will-navigate`), anything else with `BlockedByClient`.
 * - Popups (`window.open`, `target=_blank`): never load; an https page outside the list is recorded in
 *   {@link ChromiumLoginSurfaceProvider.openedExternally}, the stand-in for `shell.openExternal`.
 * - Permissions: every permission is set to `denied` for the account's browser context.
 * - Partitions: one browser context per account id; clearing one closes and forgets the context.
 * - Cookie changes: neither Playwright nor the DevTools protocol has a cookie-change event, so the
 *   adapter reports the `Set-Cookie` headers of labs.google responses as they arrive (no polling); the
 *   flows then read the jar with `context.cookies()`.
 * - Other pages on an account's partition (the Flow backend's hidden page, tests/support/chromium-flow-pages.ts)
 *   are adopted with their own rule: {@link ChromiumLoginSurfaceProvider.adoptPage}.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { decideWindowOpen, isAllowedUrl } from '../../src/auth/login/login-policy.ts';
import type { LoginSurfaceOptions, LoginSurfaceProvider } from '../../src/auth/login/login-surface.ts';
import { launchChromium, type ChromiumEmulatorTarget } from './chromium.ts';
import { ChromiumPartitionCookies } from './chromium-partition-cookies.ts';
import { ChromiumLoginSurface } from './accounts-chromium-page.ts';

/** DevTools' `Browser.setPermission` names, all set to `denied` in every login context. */
export const DENIED_PERMISSIONS = [
  'geolocation', 'notifications', 'camera', 'microphone', 'midi', 'clipboard-read', 'clipboard-write', 'persistent-storage',
  'idle-detection', 'storage-access', 'local-fonts', 'window-management', 'display-capture', 'screen-wake-lock',
  'background-sync', 'accelerometer',
] as const;

interface PausedRequest {
  readonly requestId: string;
  readonly request: { readonly url: string; readonly headers: Record<string, string> };
  readonly frameId: string;
  readonly resourceType: string;
}

/** A page of an account's partition that is no login surface, with its own rule for what it may load. */
interface AdoptedPage {
  readonly mainFrame: string;
  readonly frames: Set<string>;
  readonly session: CDPSession;
  /** May the frame load this request? (`Document` for navigations.) */
  readonly allows: (url: string, resourceType: string) => boolean;
  closed: boolean;
}

/** A request the policy refused, for assertions. */
export interface BlockedRequest {
  readonly url: string;
  readonly resourceType: string;
  /** Whether it was a redirect hop (the server sent the surface there). */
  readonly redirect: boolean;
  readonly popup: boolean;
}

export class ChromiumLoginSurfaceProvider implements LoginSurfaceProvider {
  readonly browser: Browser;
  /** Every `create()` call's options, in order. */
  readonly created: LoginSurfaceOptions[] = [];
  readonly surfaces: ChromiumLoginSurface[] = [];
  /** URLs handed to "the system browser". */
  readonly openedExternally: string[] = [];
  readonly blocked: BlockedRequest[] = [];
  /** Account ids whose data was cleared, in order. */
  readonly cleared: string[] = [];
  /** The accounts' partitions (browser contexts) as the app's PartitionCookies port. */
  readonly partitionCookies = new ChromiumPartitionCookies((accountId) => this.#contextFor(accountId));
  readonly #browserSession: CDPSession;
  readonly #waiters: ((surface: ChromiumLoginSurface) => void)[] = [];
  #handedOut = 0;
  readonly #blockWaiters = new Set<(blocked: BlockedRequest) => void>();
  readonly #contexts = new Map<string, BrowserContext>();
  readonly #adopted: AdoptedPage[] = [];
  readonly #permissionsDenied = new WeakSet<BrowserContext>();
  readonly #platform: string;

  private constructor(browser: Browser, browserSession: CDPSession, platform: string) {
    this.browser = browser;
    this.#browserSession = browserSession;
    this.#platform = platform;
    browserSession.on('Fetch.requestPaused', (event) => void this.#decide(event as unknown as PausedRequest & { redirectedRequestId?: string }));
  }

  /** Launches Chromium routed to the emulator (see tests/support/chromium.ts) with interception on. */
  static async launch(options: { emulator: ChromiumEmulatorTarget; platform?: string }): Promise<ChromiumLoginSurfaceProvider> {
    const browser = await launchChromium({ emulator: options.emulator });
    const session = await browser.newBrowserCDPSession();
    const provider = new ChromiumLoginSurfaceProvider(browser, session, options.platform ?? process.platform);
    await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
    await session.send('Target.setDiscoverTargets', { discover: true }); // for targetDestroyed
    return provider;
  }

  async create(options: LoginSurfaceOptions): Promise<ChromiumLoginSurface> {
    this.created.push(options);
    const context = await this.#contextFor(options.accountId);
    const surface = await ChromiumLoginSurface.open(context, options, this.#platform);
    await this.#denyPermissions(surface);
    this.surfaces.push(surface);
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#handedOut += 1;
      waiter(surface);
    }
    return surface;
  }

  async clearAccountData(accountId: string): Promise<void> {
    this.cleared.push(accountId);
    for (const surface of this.surfaces) if (surface.accountId === accountId) surface.close();
    const context = this.#contexts.get(accountId);
    this.#contexts.delete(accountId);
    await context?.close();
  }

  /** The next surface a flow creates (the window the user would see, or a hidden one). */
  nextSurface(): Promise<ChromiumLoginSurface> {
    const ready = this.surfaces[this.#handedOut];
    if (ready) {
      this.#handedOut += 1;
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }


  /** The first refused request (already recorded or still to come) whose URL starts with `prefix`. */
  nextBlocked(prefix: string): Promise<BlockedRequest> {
    const found = this.blocked.find((blocked) => blocked.url.startsWith(prefix));
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const waiter = (blocked: BlockedRequest): void => {
        if (!blocked.url.startsWith(prefix)) return;
        this.#blockWaiters.delete(waiter);
        resolve(blocked);
      };
      this.#blockWaiters.add(waiter);
    });
  }

  /** URLs of the browser's open page targets (windows), for "no popup survived" checks. */
  async openPages(): Promise<string[]> {
    const { targetInfos } = (await this.#browserSession.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    return targetInfos.filter((target) => target.type === 'page').map((target) => target.url);
  }

  /** Closes every context and forgets every record (between tests; the browser stays up). */
  async reset(): Promise<void> {
    for (const context of this.#contexts.values()) await context.close();
    this.#contexts.clear();
    this.created.length = 0;
    this.surfaces.length = 0;
    this.#handedOut = 0;
    this.openedExternally.length = 0;
    this.blocked.length = 0;
    this.cleared.length = 0;
  }

  /**
   * What an app restart does to in-memory partitions: every browser context (and its cookies) is gone.
   * The records stay, for assertions across the restart.
   */
  async dropPartitions(): Promise<void> {
    for (const context of this.#contexts.values()) await context.close();
    this.#contexts.clear();
  }

  /** The account's partition (browser context), made on first use — as `session.fromPartition` does. */
  partitionContext(accountId: string): Promise<BrowserContext> {
    return this.#contextFor(accountId);
  }

  /**
   * Holds a page of an account's partition that is not a login surface (the hidden Flow page) to its own
   * rule, decided by the same interception: `allows(url, resourceType)` for every request of its frames.
   */
  async adoptPage(page: Page, allows: (url: string, resourceType: string) => boolean): Promise<void> {
    const session = await page.context().newCDPSession(page);
    const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const adopted: AdoptedPage = { mainFrame: frameTree.frame.id, frames: new Set(), session, allows, closed: false };
    session.on('Page.frameAttached', (event) => adopted.frames.add(event.frameId));
    await session.send('Page.enable');
    page.once('close', () => (adopted.closed = true));
    this.#adopted.push(adopted);
  }

  /** The account's browser context if it exists (for assertions on its cookie jar). */
  contextOf(accountId: string): BrowserContext | undefined {
    return this.#contexts.get(accountId);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  async #contextFor(accountId: string): Promise<BrowserContext> {
    let context = this.#contexts.get(accountId);
    if (!context) {
      context = await this.browser.newContext();
      this.#contexts.set(accountId, context);
    }
    return context;
  }

  /** Denies every permission in the surface's browser context (once per context, before anything loads). */
  async #denyPermissions(surface: ChromiumLoginSurface): Promise<void> {
    if (this.#permissionsDenied.has(surface.context)) return;
    this.#permissionsDenied.add(surface.context);
    await Promise.all(DENIED_PERMISSIONS.map((name) => this.#browserSession.send('Browser.setPermission', {
      permission: { name },
      setting: 'denied',
      browserContextId: surface.browserContextId,
    })));
  }

  /** Closes a target and waits until the browser reports it destroyed (closeTarget only starts it). */
  async #closeTarget(targetId: string): Promise<void> {
    let onDestroyed: (event: { targetId: string }) => void = () => undefined;
    const destroyed = new Promise<void>((resolve) => {
      onDestroyed = (event) => {
        if (event.targetId === targetId) resolve();
      };
      this.#browserSession.on('Target.targetDestroyed', onDestroyed);
    });
    try {
      await this.#browserSession.send('Target.closeTarget', { targetId });
      await destroyed;
    } finally {
      this.#browserSession.off('Target.targetDestroyed', onDestroyed);
    }
  }

  /** A document request of a popup: never loaded; what `window.open` would have done is recorded. */
  async #popupNavigation(frameId: string, url: string): Promise<void> {
    try {
      const { targetInfo } = (await this.#browserSession.send('Target.getTargetInfo', { targetId: frameId })) as {
        targetInfo: { openerId?: string };
      };
      const opener = this.surfaces.find((surface) => targetInfo.openerId !== undefined && surface.ownsFrame(targetInfo.openerId));
      const { openExternally } = opener ? decideWindowOpen(opener.policy, url) : { openExternally: null };
      if (openExternally) this.openedExternally.push(openExternally);
      // The popup window itself goes too: `window.open` must not leave an empty window behind.
      if (opener) await this.#closeTarget(frameId);
    } catch {
      // Not a target (a frame of no surface): refused without further ado.
    }
  }

  async #decide(event: PausedRequest & { redirectedRequestId?: string }): Promise<void> {
    const { requestId, request, resourceType } = event;
    const adopted = this.#adopted.find((page) => !page.closed && (page.mainFrame === event.frameId || page.frames.has(event.frameId)));
    if (adopted) {
      await this.#decideAdopted(adopted, event);
      return;
    }
    const owner = await this.#ownerOf(event.frameId);
    const redirect = event.redirectedRequestId !== undefined;
    const allowed = owner !== null && isAllowedUrl(owner.policy, request.url);
    try {
      if (!allowed) {
        const blocked = { url: request.url, resourceType, redirect, popup: owner === null };
        if (owner === null && resourceType === 'Document') await this.#popupNavigation(event.frameId, request.url);
        this.blocked.push(blocked);
        for (const waiter of [...this.#blockWaiters]) waiter(blocked);
        const errorReason = resourceType === 'Document' ? 'Aborted' : 'BlockedByClient';
        await this.#browserSession.send('Fetch.failRequest', { requestId, errorReason });
        return;
      }
      const userAgent = owner.userAgentFor(request.url);
      const headers = userAgent === null ? undefined
        : Object.entries({ ...request.headers, 'User-Agent': userAgent }).map(([name, value]) => ({ name, value }));
      await this.#browserSession.send('Fetch.continueRequest', headers ? { requestId, headers } : { requestId });
    } catch {
      // The page or browser went away while the request was paused.
    }
  }

  async #decideAdopted(page: AdoptedPage, event: PausedRequest & { redirectedRequestId?: string }): Promise<void> {
    const { requestId, request, resourceType } = event;
    try {
      if (page.allows(request.url, resourceType)) {
        await this.#browserSession.send('Fetch.continueRequest', { requestId });
        return;
      }
      const blocked = { url: request.url, resourceType, redirect: event.redirectedRequestId !== undefined, popup: false };
      this.blocked.push(blocked);
      for (const waiter of [...this.#blockWaiters]) waiter(blocked);
      await this.#browserSession.send('Fetch.failRequest', { requestId, errorReason: resourceType === 'Document' ? 'Aborted' : 'BlockedByClient' });
    } catch {
      // The page or browser went away while the request was paused.
    }
  }

  /** The surface a frame belongs to; null for popups and frames of no surface (fail closed). */
  async #ownerOf(frameId: string): Promise<ChromiumLoginSurface | null> {
    const live = this.surfaces.filter((surface) => !surface.isClosed);
    const direct = live.find((surface) => surface.ownsFrame(frameId));
    if (direct) return direct;
    for (const surface of live) await surface.refreshFrames();
    return live.find((surface) => surface.ownsFrame(frameId)) ?? null;
  }
}

export { ChromiumLoginSurface };
