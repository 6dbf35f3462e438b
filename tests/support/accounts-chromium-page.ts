/**
 * One login surface of the Chromium adapter (tests/support/chromium-login-surface.ts): a Playwright page in
 * the account's browser context. Navigations come from the page's own DevTools session
 * (`Page.frameNavigated` for new documents, `Page.navigatedWithinDocument` for history changes), cookie
 * hints from labs.google `Set-Cookie` headers, the jar from `context.cookies()`. Tests reach the page
 * through {@link ChromiumLoginSurface.page} to play the user (fill the form, close the window).
 */
import type { BrowserContext, CDPSession, Page, Response } from 'playwright-core';
import { LoginUrlRefusedError } from '../../src/auth/login/login-errors.ts';
import { describeRefusal, isAllowedUrl, type LoginPolicy } from '../../src/auth/login/login-policy.ts';
import type { LoginCookieChange, LoginNavigation, LoginSurface, LoginSurfaceOptions } from '../../src/auth/login/login-surface.ts';
import { LABS_ORIGIN } from '../../src/auth/session/session-client.ts';
import type { SessionCookie } from '../../src/auth/session/session-record.ts';
import { isGoogleSignInHostUrl, userAgentPlan } from '../../src/auth/login/user-agent-strategy.ts';
import { toSessionCookie } from './chromium-partition-cookies.ts';

interface FrameTree {
  readonly frame: { readonly id: string };
  readonly childFrames?: readonly FrameTree[];
}

function frameIds(tree: FrameTree): string[] {
  return [tree.frame.id, ...(tree.childFrames ?? []).flatMap(frameIds)];
}

export class ChromiumLoginSurface implements LoginSurface {
  readonly accountId: string;
  readonly visible: boolean;
  readonly policy: LoginPolicy;
  /** The page, for tests to play the user. */
  readonly page: Page;
  readonly context: BrowserContext;
  /** DevTools' id of {@link context}. */
  readonly browserContextId: string;
  /** How many times `focus()` was called. */
  focusCount = 0;
  readonly #session: CDPSession;
  readonly #mainFrameId: string;
  readonly #frames = new Set<string>();
  readonly #hostUserAgent: string | null;
  readonly #navigations = new Set<(navigation: LoginNavigation) => void>();
  readonly #cookieChanges = new Set<(change: LoginCookieChange) => void>();
  readonly #closes = new Set<() => void>();
  #closed = false;

  private constructor(page: Page, session: CDPSession, options: LoginSurfaceOptions, ids: { mainFrame: string; browserContext: string }, hostUserAgent: string | null) {
    this.page = page;
    this.context = page.context();
    this.browserContextId = ids.browserContext;
    this.accountId = options.accountId;
    this.visible = options.visible;
    this.policy = options.policy;
    this.#session = session;
    this.#mainFrameId = ids.mainFrame;
    this.#hostUserAgent = hostUserAgent;
    page.on('popup', (popup) => void popup.close().catch(() => undefined));
    page.on('close', () => this.#markClosed());
    page.on('response', (response) => void this.#reportCookies(response));
    session.on('Page.frameAttached', (event) => this.#frames.add(event.frameId));
    session.on('Page.frameNavigated', (event) => {
      if (event.frame.id === this.#mainFrameId) this.#emit(this.#navigations, { url: event.frame.url, sameDocument: false });
      else this.#frames.add(event.frame.id);
    });
    session.on('Page.navigatedWithinDocument', (event) => {
      if (event.frameId === this.#mainFrameId) this.#emit(this.#navigations, { url: event.url, sameDocument: true });
    });
  }

  /** A new page in `context`, with the policy's user agent applied before anything loads. */
  static async open(context: BrowserContext, options: LoginSurfaceOptions, platform: string): Promise<ChromiumLoginSurface> {
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: FrameTree };
    const { targetInfo } = (await session.send('Target.getTargetInfo')) as { targetInfo: { browserContextId: string } };
    await session.send('Page.enable');
    const defaultUserAgent = await page.evaluate(() => navigator.userAgent);
    const plan = userAgentPlan(options.policy.userAgent, defaultUserAgent, platform);
    if (plan.wholeWindow !== null) await session.send('Emulation.setUserAgentOverride', { userAgent: plan.wholeWindow });
    const ids = { mainFrame: frameTree.frame.id, browserContext: targetInfo.browserContextId };
    return new ChromiumLoginSurface(page, session, options, ids, plan.googleSignInHosts);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** True when the frame is this page's main frame or one of its sub-frames. */
  ownsFrame(frameId: string): boolean {
    return frameId === this.#mainFrameId || this.#frames.has(frameId);
  }

  /** Re-reads the frame tree (a sub-frame's request may arrive before its attach event). */
  async refreshFrames(): Promise<void> {
    try {
      const { frameTree } = (await this.#session.send('Page.getFrameTree')) as { frameTree: FrameTree };
      for (const id of frameIds(frameTree)) this.#frames.add(id);
    } catch {
      // The page closed meanwhile.
    }
  }

  /** The UA header to send with a request to `url`, or null for the page's own. */
  userAgentFor(url: string): string | null {
    return this.#hostUserAgent !== null && isGoogleSignInHostUrl(url) ? this.#hostUserAgent : null;
  }

  async open(url: string): Promise<void> {
    if (!isAllowedUrl(this.policy, url)) throw new LoginUrlRefusedError(describeRefusal(url));
    if (this.#closed) return;
    try {
      await this.page.goto(url);
    } catch {
      // As in the app: a failed or aborted load is shown in the window, not thrown.
    }
  }

  async readCookies(url: string): Promise<SessionCookie[]> {
    return (await this.context.cookies(url)).map(toSessionCookie);
  }

  onDidNavigate(listener: (navigation: LoginNavigation) => void): () => void {
    return this.#add(this.#navigations, listener);
  }

  onDidChangeCookies(listener: (change: LoginCookieChange) => void): () => void {
    return this.#add(this.#cookieChanges, listener);
  }

  onDidClose(listener: () => void): () => void {
    return this.#add(this.#closes, listener);
  }

  focus(): void {
    if (this.#closed) return;
    this.focusCount += 1;
    this.page.bringToFront().catch(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.page.close().catch(() => undefined);
    this.#markClosed();
  }

  async #reportCookies(response: Response): Promise<void> {
    if (new URL(response.url()).origin !== LABS_ORIGIN) return;
    let headers: { name: string; value: string }[];
    try {
      headers = await response.headersArray();
    } catch {
      return;
    }
    for (const header of headers) {
      if (header.name.toLowerCase() !== 'set-cookie') continue;
      for (const line of header.value.split('\n')) {
        const name = line.slice(0, line.indexOf('=')).trim();
        if (name) this.#emit(this.#cookieChanges, { name, removed: /;\s*max-age=0\b/i.test(line) });
      }
    }
  }

  #add<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  #emit<T>(set: Set<(value: T) => void>, value: T): void {
    if (this.#closed) return;
    for (const listener of [...set]) listener(value);
  }

  #markClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const listener of [...this.#closes]) listener();
    this.#navigations.clear();
    this.#cookieChanges.clear();
    this.#closes.clear();
  }
}
