/**
 * The login surface port: a browser window the sign-in flows drive without knowing what renders it. The
 * app's adapter is an Electron `BrowserWindow` (src/app/electron/electron-login-surface.ts); the tests' is a
 * real Chromium driven by Playwright (tests/support/chromium-login-surface.ts). Both enforce the same
 * {@link LoginPolicy} and keep each account in its own cookie jar (partition).
 */
import type { LoginPolicy } from './login-policy.ts';
import type { SessionCookie } from '../session/index.ts';

/** A page committed in the surface's main frame. */
export interface LoginNavigation {
  readonly url: string;
  /** True for history/fragment changes inside the same document (Google's sign-in steps are often these). */
  readonly sameDocument: boolean;
}

/** A labs.google cookie was set or removed. Carries no value: read the jar with `readCookies`. */
export interface LoginCookieChange {
  readonly name: string;
  readonly removed: boolean;
}

export interface LoginSurface {
  /** Loads `url`. Throws `LoginUrlRefusedError` when the policy does not allow it; load failures are not thrown. */
  open(url: string): Promise<void>;
  /** The cookies the surface's jar would send to `url`. */
  readCookies(url: string): Promise<SessionCookie[]>;
  /** Subscribes to main-frame navigations; returns the unsubscribe function. */
  onDidNavigate(listener: (navigation: LoginNavigation) => void): () => void;
  /** Subscribes to changes of labs.google cookies in the surface's jar; returns the unsubscribe function. */
  onDidChangeCookies(listener: (change: LoginCookieChange) => void): () => void;
  /** Subscribes to the surface closing for any reason (the user, `close()`, a crash); fires once. */
  onDidClose(listener: () => void): () => void;
  /** Brings a visible surface to the front (a second "Sign in" click). */
  focus(): void;
  /** Closes the surface; idempotent. */
  close(): void;
  readonly isClosed: boolean;
}

export interface LoginSurfaceOptions {
  /** Names the cookie jar: the in-memory partition `imagefx-account-<accountId>`. */
  readonly accountId: string;
  /** Visible: modal over the main window, shown once ready. Hidden: never shown (silent re-sign-in). */
  readonly visible: boolean;
  readonly policy: LoginPolicy;
}

export interface LoginSurfaceProvider {
  create(options: LoginSurfaceOptions): Promise<LoginSurface>;
  /**
   * Forgets everything the account's jar holds: cookies, storage, cache and HTTP auth cache. Surfaces
   * still open on that jar are closed first.
   */
  clearAccountData(accountId: string): Promise<void>;
}

/**
 * The Electron partition of an account's login surfaces. In memory (no `persist:` prefix): Chromium never
 * writes its cookies, cache or local storage to disk; what must survive a restart is the account's cookie
 * jar, sealed in the vault and put back by `PartitionCookieJar` (issue 15, row 3).
 */
export function loginPartition(accountId: string): string {
  return `imagefx-account-${accountId}`;
}
