/**
 * Watches a login surface until its jar holds a labs.google session that labs.google itself confirms.
 *
 * The recipe this replaces slept two seconds after a navigation and read `.google.com` cookies. Here each
 * navigation and each labs.google cookie change triggers a look at exactly the labs.google session cookie
 * (or its `.0`, `.1`, … chunks) plus the CSRF cookie; a candidate is accepted only when the session
 * endpoint, called with exactly those cookies, answers `ok`; the cookies kept are the ones after that
 * call (it may rotate them). A chunked cookie arrives one chunk at a time,
 * so an incomplete set is simply not accepted and the next change is looked at. Checks never overlap; a
 * change during a check schedules one more.
 */
import type { Clock } from '../../core/index.ts';
import type { LoginNavigation, LoginSurface } from './login-surface.ts';
import {
  CSRF_COOKIE_NAME, hasSessionCookie, isSessionCookieName, LABS_ORIGIN, mergeCookies, type AccountProfile, type SessionClient, type SessionCookie,
} from '../session/index.ts';

/** A validated session, straight from the jar and the session endpoint. Secret: main process only. */
export interface HarvestedSession {
  readonly account: AccountProfile;
  readonly cookies: readonly SessionCookie[];
  readonly accessToken: string;
  readonly expiresAt: number;
}

export type HarvestResult =
  | ({ readonly kind: 'harvested' } & HarvestedSession)
  | { readonly kind: 'closed' }
  | { readonly kind: 'timeout' }
  /** The page needs the user (a sign-in form in a hidden surface). */
  | { readonly kind: 'needs-user' };

export interface HarvestOptions {
  readonly surface: LoginSurface;
  readonly client: SessionClient;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** True: the timeout counts from the last navigation ("no progress"). False: one fixed deadline. */
  readonly restartTimeoutOnNavigation: boolean;
  /** Session cookies already in the jar that do not count (a silent re-sign-in wants a fresh one). */
  readonly ignore?: readonly SessionCookie[];
  /** Stops with `needs-user` when this returns true for a navigation. */
  readonly needsUser?: (navigation: LoginNavigation) => boolean;
  /** After a transient failure of the session endpoint, look again this much later. Default 3 s. */
  readonly transientRetryMs?: number;
}

/** The labs.google cookies that make the session: the session cookie or its chunks, and the CSRF cookie. */
export function harvestableCookies(cookies: readonly SessionCookie[]): SessionCookie[] {
  return cookies.filter((cookie) => isSessionCookieName(cookie.name) || cookie.name === CSRF_COOKIE_NAME);
}

/** Identifies a set of session cookies by value, in memory only, to tell a fresh session from a known one. */
function fingerprint(cookies: readonly SessionCookie[]): string {
  return cookies
    .filter((cookie) => isSessionCookieName(cookie.name))
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .sort()
    .join('\n');
}

/** Watches `surface` (subscribe before loading anything); `result` settles once and cleans up after itself. */
export class SessionHarvest {
  readonly result: Promise<HarvestResult>;
  readonly #options: HarvestOptions;
  readonly #abort = new AbortController();
  readonly #ignored: string | null;
  readonly #unsubscribe: (() => void)[] = [];
  #resolve!: (result: HarvestResult) => void;
  #settled = false;
  #checking = false;
  #dirty = false;
  #rejected: string | null = null;
  #cancelTimeout: () => void = () => undefined;
  #cancelRetry: () => void = () => undefined;

  constructor(options: HarvestOptions) {
    this.#options = options;
    this.#ignored = options.ignore && hasSessionCookie(options.ignore) ? fingerprint(options.ignore) : null;
    this.result = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    const { surface } = options;
    this.#unsubscribe.push(
      surface.onDidNavigate((navigation) => this.#onNavigation(navigation)),
      surface.onDidChangeCookies((change) => {
        if (!change.removed) this.#requestCheck();
      }),
      surface.onDidClose(() => this.#settle({ kind: 'closed' })),
    );
    this.#armTimeout();
    if (surface.isClosed) this.#settle({ kind: 'closed' });
    else this.#requestCheck();
  }

  /** Ends the watch now (e.g. the caller gave up); the result becomes `closed` unless already settled. */
  stop(): void {
    this.#settle({ kind: 'closed' });
  }

  #onNavigation(navigation: LoginNavigation): void {
    if (this.#settled) return;
    if (this.#options.needsUser?.(navigation)) {
      this.#settle({ kind: 'needs-user' });
      return;
    }
    if (this.#options.restartTimeoutOnNavigation) this.#armTimeout();
    this.#requestCheck();
  }

  #armTimeout(): void {
    this.#cancelTimeout();
    this.#cancelTimeout = this.#options.clock.setTimer(() => this.#settle({ kind: 'timeout' }), this.#options.timeoutMs);
  }

  #requestCheck(): void {
    if (this.#settled) return;
    if (this.#checking) {
      this.#dirty = true;
      return;
    }
    this.#checking = true;
    void this.#checkUntilQuiet();
  }

  async #checkUntilQuiet(): Promise<void> {
    try {
      do {
        this.#dirty = false;
        await this.#checkOnce();
      } while (this.#dirty && !this.#settled);
    } finally {
      this.#checking = false;
    }
  }

  async #checkOnce(): Promise<void> {
    let cookies: SessionCookie[];
    try {
      cookies = harvestableCookies(await this.#options.surface.readCookies(LABS_ORIGIN));
    } catch {
      return; // the surface went away mid-read; its close event settles the watch
    }
    if (this.#settled || !hasSessionCookie(cookies)) return;
    const candidate = fingerprint(cookies);
    if (candidate === this.#ignored || candidate === this.#rejected) return;
    const outcome = await this.#options.client.fetchSession(cookies, this.#abort.signal);
    if (this.#settled) return;
    if (outcome.class === 'ok') {
      const { account, accessToken, expiresAt } = outcome;
      // The check itself may rotate the cookie (next-auth re-issues it, and the value sent dies after a
      // short grace period): keep what labs.google issued last, not what was in the jar.
      this.#settle({ kind: 'harvested', account, cookies: mergeCookies(cookies, outcome.setCookies), accessToken, expiresAt });
    } else if (outcome.class === 'transient') {
      this.#cancelRetry();
      this.#cancelRetry = this.#options.clock.setTimer(() => this.#requestCheck(), this.#options.transientRetryMs ?? 3_000);
    } else {
      // Not (yet) a session: an incomplete set of chunks, or a stale cookie. Wait for the next change.
      this.#rejected = candidate;
    }
  }

  #settle(result: HarvestResult): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#cancelTimeout();
    this.#cancelRetry();
    this.#abort.abort();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#resolve(result);
  }
}
