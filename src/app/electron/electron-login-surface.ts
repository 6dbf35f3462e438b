/**
 * The app's login surface: a sandboxed `BrowserWindow` per sign-in on the account's own in-memory
 * `imagefx-account-<id>` partition (its cookies restored from the vault first: see withRestoredJars),
 * guarded by electron-login-guards.ts. Visible surfaces are
 * modal over the main window and shown on `ready-to-show`; hidden ones (silent re-sign-in) never show.
 * Cookie changes come from the partition's `cookies` `changed` event — no polling, no sleeps.
 */
import { BrowserWindow, session as electronSession, shell } from 'electron';
import type { Cookie, Session, WebContents } from 'electron';
import { describeRefusal, isAllowedUrl, loginPartition, LoginUrlRefusedError, type LoginCookieChange, type LoginNavigation, type LoginPolicy, type LoginSurface, type LoginSurfaceOptions, type LoginSurfaceProvider } from '../../auth/login/index.ts';
import type { SessionCookie } from '../../auth/session/index.ts';
import type { Clock } from '../../core/index.ts';
import { applyWindowUserAgent, guardLoginContents, guardLoginSession, loginWindowOptions } from './electron-login-guards.ts';

const LABS_HOST = 'labs.google';

/** An Electron cookie as the session record keeps it. */
export function toSessionCookie(cookie: Cookie): SessionCookie {
  const sameSite = cookie.sameSite === 'no_restriction' ? 'none' : cookie.sameSite;
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain ?? LABS_HOST,
    path: cookie.path ?? '/',
    secure: cookie.secure ?? false,
    httpOnly: cookie.httpOnly ?? false,
    sameSite,
    expiresAt: cookie.expirationDate === undefined ? null : Math.round(cookie.expirationDate * 1000),
  };
}

/** True for a cookie that labs.google would receive (host-only `labs.google` or a `.labs.google` domain). */
function isLabsCookie(cookie: Cookie): boolean {
  return (cookie.domain ?? '').replace(/^\./, '') === LABS_HOST;
}

class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.#set]) listener(value);
  }
  clear(): void {
    this.#set.clear();
  }
}

/** One login window. */
class ElectronLoginSurface implements LoginSurface {
  readonly #window: BrowserWindow;
  readonly #session: Session;
  readonly #policy: LoginPolicy;
  readonly #navigations = new Listeners<LoginNavigation>();
  readonly #cookieChanges = new Listeners<LoginCookieChange>();
  readonly #closes = new Listeners<void>();
  readonly #onCookieChanged = (_event: unknown, cookie: Cookie, _cause: string, removed: boolean): void => {
    if (isLabsCookie(cookie)) this.#cookieChanges.emit({ name: cookie.name, removed });
  };
  #closed = false;

  constructor(window: BrowserWindow, session: Session, policy: LoginPolicy) {
    this.#window = window;
    this.#session = session;
    this.#policy = policy;
    const contents = window.webContents;
    contents.on('did-navigate', (_event, url) => this.#navigations.emit({ url, sameDocument: false }));
    contents.on('did-navigate-in-page', (_event, url, isMainFrame) => {
      if (isMainFrame) this.#navigations.emit({ url, sameDocument: true });
    });
    // A crashed page cannot finish a sign-in: close, which the flows treat as the window going away.
    contents.on('render-process-gone', () => this.close());
    session.cookies.on('changed', this.#onCookieChanged);
    window.once('closed', () => this.#markClosed());
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  async open(url: string): Promise<void> {
    if (!isAllowedUrl(this.#policy, url)) throw new LoginUrlRefusedError(describeRefusal(url));
    if (this.#closed) return;
    try {
      await this.#window.loadURL(url);
    } catch {
      // Load failures (offline, a refused redirect aborting the load) show in the window; the flows wait
      // for navigations or the user instead of failing here.
    }
  }

  async readCookies(url: string): Promise<SessionCookie[]> {
    return (await this.#session.cookies.get({ url })).map(toSessionCookie);
  }

  onDidNavigate(listener: (navigation: LoginNavigation) => void): () => void {
    return this.#navigations.add(listener);
  }

  onDidChangeCookies(listener: (change: LoginCookieChange) => void): () => void {
    return this.#cookieChanges.add(listener);
  }

  onDidClose(listener: () => void): () => void {
    return this.#closes.add(listener);
  }

  focus(): void {
    if (this.#closed) return;
    if (!this.#window.isVisible()) return; // a hidden surface stays hidden; a visible one not yet ready shows itself
    this.#window.focus();
  }

  close(): void {
    // destroy(), not close(): the page must not be able to keep the window open with `beforeunload`.
    if (!this.#closed && !this.#window.isDestroyed()) this.#window.destroy();
    this.#markClosed();
  }

  #markClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.cookies.off('changed', this.#onCookieChanged);
    this.#closes.emit();
    this.#navigations.clear();
    this.#cookieChanges.clear();
    this.#closes.clear();
  }
}

export interface ElectronLoginSurfaceProviderOptions {
  /** The window visible sign-in windows are modal over (null: none yet, e.g. at start). */
  readonly parentWindow: () => BrowserWindow | null;
  /** `process.platform`, for the Firefox user agent's OS token. */
  readonly platform: string;
  /** Whether the windows may open DevTools: false in packaged builds. Default false. */
  readonly devTools?: boolean;
  /** Time, for how long a click counts as the user's before a link opens in the system browser. */
  readonly clock: Pick<Clock, 'now'>;
  /**
   * Called with each login window's webContents right after it is created, before anything loads: the
   * composition root registers it with the app's contents guard (`contentsGuard.allow(contents,
   * signInContentsPolicy(policy))`), which otherwise refuses every navigation of an unregistered window.
   */
  readonly registerContents?: (contents: WebContents, policy: LoginPolicy) => void;
}

export class ElectronLoginSurfaceProvider implements LoginSurfaceProvider {
  readonly #options: ElectronLoginSurfaceProviderOptions;
  readonly #open = new Map<string, Set<LoginSurface>>();

  constructor(options: ElectronLoginSurfaceProviderOptions) {
    this.#options = options;
  }

  async create(options: LoginSurfaceOptions): Promise<LoginSurface> {
    const partition = loginPartition(options.accountId);
    const session = electronSession.fromPartition(partition);
    guardLoginSession(session, options.policy, this.#options.platform);
    const parent = options.visible ? this.#options.parentWindow() : null;
    const window = new BrowserWindow(loginWindowOptions({ partition, visible: options.visible, parent, devTools: this.#options.devTools ?? false }));
    window.removeMenu();
    this.#options.registerContents?.(window.webContents, options.policy);
    guardLoginContents(window.webContents, options.policy, (url) => {
      shell.openExternal(url).catch(() => undefined);
    }, this.#options.clock);
    applyWindowUserAgent(window.webContents, options.policy, this.#options.platform);
    if (options.visible) window.once('ready-to-show', () => window.show());
    const surface = new ElectronLoginSurface(window, session, options.policy);
    this.#track(options.accountId, surface);
    return surface;
  }

  async clearAccountData(accountId: string): Promise<void> {
    for (const surface of this.#open.get(accountId) ?? []) surface.close();
    const session = electronSession.fromPartition(loginPartition(accountId));
    await session.clearStorageData();
    await session.clearCache();
    await session.clearAuthCache();
  }

  #track(accountId: string, surface: LoginSurface): void {
    const surfaces = this.#open.get(accountId) ?? new Set<LoginSurface>();
    surfaces.add(surface);
    this.#open.set(accountId, surfaces);
    surface.onDidClose(() => {
      surfaces.delete(surface);
      if (surfaces.size === 0) this.#open.delete(accountId);
    });
  }
}
