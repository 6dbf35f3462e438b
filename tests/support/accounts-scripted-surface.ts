/**
 * A login-surface provider the test scripts by hand — navigations, labs.google cookies appearing one by
 * one, the user closing the window — for the flows' edge cases that a real browser makes hard to time
 * (a chunk arriving alone, a transient validation failure, a cancel before the window exists). Each
 * account id keeps its own cookie jar, as a partition does. The real-browser tests use
 * tests/support/chromium-login-surface.ts instead.
 */
import { isAllowedUrl, describeRefusal } from '../../src/auth/login/login-policy.ts';
import { LoginUrlRefusedError } from '../../src/auth/login/login-errors.ts';
import type {
  LoginCookieChange, LoginNavigation, LoginSurface, LoginSurfaceOptions, LoginSurfaceProvider,
} from '../../src/auth/login/login-surface.ts';
import type { SessionCookie } from '../../src/auth/session/session-record.ts';

export class ScriptedLoginSurface implements LoginSurface {
  readonly options: LoginSurfaceOptions;
  /** URLs passed to `open()`. */
  readonly opened: string[] = [];
  focusCount = 0;
  readonly #jar: Map<string, SessionCookie>;
  readonly #navigations = new Set<(navigation: LoginNavigation) => void>();
  readonly #changes = new Set<(change: LoginCookieChange) => void>();
  readonly #closes = new Set<() => void>();
  readonly #onOpen: (surface: ScriptedLoginSurface, url: string) => void;
  #closed = false;

  constructor(options: LoginSurfaceOptions, jar: Map<string, SessionCookie>, onOpen: (surface: ScriptedLoginSurface, url: string) => void) {
    this.options = options;
    this.#jar = jar;
    this.#onOpen = onOpen;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  async open(url: string): Promise<void> {
    if (!isAllowedUrl(this.options.policy, url)) throw new LoginUrlRefusedError(describeRefusal(url));
    this.opened.push(url);
    this.#onOpen(this, url);
  }

  async readCookies(url: string): Promise<SessionCookie[]> {
    return new URL(url).hostname === 'labs.google' ? [...this.#jar.values()] : [];
  }

  onDidNavigate(listener: (navigation: LoginNavigation) => void): () => void {
    this.#navigations.add(listener);
    return () => this.#navigations.delete(listener);
  }

  onDidChangeCookies(listener: (change: LoginCookieChange) => void): () => void {
    this.#changes.add(listener);
    return () => this.#changes.delete(listener);
  }

  onDidClose(listener: () => void): () => void {
    this.#closes.add(listener);
    return () => this.#closes.delete(listener);
  }

  focus(): void {
    this.focusCount += 1;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const listener of [...this.#closes]) listener();
  }

  /** The page commits `url`. */
  navigate(url: string, sameDocument = false): void {
    for (const listener of [...this.#navigations]) listener({ url, sameDocument });
  }

  /** labs.google sets these cookies (one change event each), as a response's Set-Cookie headers would. */
  setLabsCookies(cookies: readonly SessionCookie[]): void {
    for (const cookie of cookies) {
      this.#jar.set(cookie.name, cookie);
      for (const listener of [...this.#changes]) listener({ name: cookie.name, removed: false });
    }
  }
}

export class ScriptedLoginSurfaceProvider implements LoginSurfaceProvider {
  readonly created: LoginSurfaceOptions[] = [];
  readonly surfaces: ScriptedLoginSurface[] = [];
  readonly cleared: string[] = [];
  /** What the "page" does when a surface opens a URL (default: nothing). */
  onOpen: (surface: ScriptedLoginSurface, url: string) => void = () => undefined;
  readonly #jars = new Map<string, Map<string, SessionCookie>>();
  readonly #waiters: ((surface: ScriptedLoginSurface) => void)[] = [];
  #handedOut = 0;

  async create(options: LoginSurfaceOptions): Promise<ScriptedLoginSurface> {
    this.created.push(options);
    const surface = new ScriptedLoginSurface(options, this.jar(options.accountId), (s, url) => this.onOpen(s, url));
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
    for (const surface of this.surfaces) if (surface.options.accountId === accountId) surface.close();
    this.#jars.delete(accountId);
  }

  /** The account's cookie jar (created empty on first use). */
  jar(accountId: string): Map<string, SessionCookie> {
    let jar = this.#jars.get(accountId);
    if (!jar) {
      jar = new Map();
      this.#jars.set(accountId, jar);
    }
    return jar;
  }

  hasJar(accountId: string): boolean {
    return this.#jars.has(accountId);
  }

  /** The next surface not yet handed to the test (already created, or the next one to be). */
  nextSurface(): Promise<ScriptedLoginSurface> {
    const ready = this.surfaces[this.#handedOut];
    if (ready) {
      this.#handedOut += 1;
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

/** A labs.google cookie record as the browser would hold it. */
export function labsCookie(name: string, value: string): SessionCookie {
  return { name, value, domain: 'labs.google', path: '/', secure: true, httpOnly: true, sameSite: 'lax', expiresAt: null };
}
