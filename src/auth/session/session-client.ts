/**
 * Asks labs.google who the session belongs to and sorts every possible answer into one of four outcome
 * classes. The class decides what happens to the stored session, so the sorting is strict: only a clear
 * "this session is gone" (401/403, or a signed-out `200 {}`) counts as a revocation; anything the network
 * or the server may have garbled is `transient` and never costs the user their session.
 */
import { isWebPage, parseRetryAfter, type Clock } from '../../core/index.ts';
import type { AccountProfile, SessionCookie } from './session-record.ts';
import { cookieHeader } from './session-record.ts';
import { isCookieDeletion, parseSetCookie } from './set-cookie.ts';

export const LABS_ORIGIN = 'https://labs.google';
export const SESSION_ENDPOINT = `${LABS_ORIGIN}/fx/api/auth/session`;
export const REFRESH_NEEDED_ERROR = 'ACCESS_TOKEN_REFRESH_NEEDED';

export type SessionOutcome =
  | {
      readonly class: 'ok';
      readonly account: AccountProfile;
      readonly accessToken: string;
      readonly expiresAt: number;
      /** Cookies next-auth re-issued on this call (rotation); merge them into the stored session. */
      readonly setCookies: readonly SessionCookie[];
    }
  | { readonly class: 'refresh-needed'; readonly detail: string; readonly setCookies: readonly SessionCookie[] }
  | { readonly class: 'revoked'; readonly detail: string }
  | {
      readonly class: 'transient';
      readonly detail: string;
      /** What went wrong, so a caller can say it (and wait) the right way. */
      readonly fault: TransientFault;
      /** The HTTP status of an `http` fault, else `null`. */
      readonly status: number | null;
      /** Set when the server said how long to wait (429/503 `Retry-After`), milliseconds. */
      readonly retryAfterMs: number | null;
    };

/**
 * How a session call can fail without saying anything about the session: no connection, no answer before
 * the deadline, a web page (an interstitial) instead of JSON, JSON of the wrong shape, an HTTP error.
 */
export type TransientFault = 'network' | 'timeout' | 'page' | 'malformed' | 'http';

export interface SessionClientOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  /** How long to wait for the session endpoint before calling it a transient failure. */
  readonly timeoutMs?: number;
  readonly endpoint?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readAccount(user: unknown): AccountProfile | null {
  if (!isRecord(user) || typeof user.email !== 'string' || user.email === '') return null;
  return {
    email: user.email,
    name: typeof user.name === 'string' ? user.name : '',
    avatarUrl: typeof user.image === 'string' ? user.image : '',
  };
}

/** Calls the labs.google session endpoint with exactly the given cookies. */
export class SessionClient {
  readonly #fetch: typeof globalThis.fetch;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #endpoint: string;

  constructor(options: SessionClientOptions) {
    this.#fetch = options.fetch;
    this.#clock = options.clock;
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    this.#endpoint = options.endpoint ?? SESSION_ENDPOINT;
  }

  /** Never throws: every failure is an outcome. `signal` cancels the call (reported as transient). */
  async fetchSession(cookies: readonly SessionCookie[], signal?: AbortSignal): Promise<SessionOutcome> {
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const timer = this.#clock.setTimer(abort, this.#timeoutMs);
    try {
      const response = await this.#fetch(this.#endpoint, {
        headers: { cookie: cookieHeader(cookies), accept: 'application/json' },
        redirect: 'manual',
        signal: controller.signal,
      });
      return await this.#classify(response);
    } catch (error) {
      const timedOut = controller.signal.aborted && !signal?.aborted;
      const detail = timedOut ? 'timeout' : signal?.aborted ? 'cancelled' : describeNetworkError(error);
      return { class: 'transient', detail, fault: timedOut ? 'timeout' : 'network', status: null, retryAfterMs: null };
    } finally {
      timer();
      signal?.removeEventListener('abort', abort);
    }
  }

  async #classify(response: Response): Promise<SessionOutcome> {
    const now = this.#clock.now();
    const host = new URL(this.#endpoint).hostname;
    const setCookies = response.headers
      .getSetCookie()
      .map((header) => parseSetCookie(header, host, now))
      .filter((cookie): cookie is SessionCookie => cookie !== null && !isCookieDeletion(cookie, now));

    if (response.status === 401 || response.status === 403) {
      return { class: 'revoked', detail: `HTTP ${response.status}` };
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
      return { class: 'transient', detail: `HTTP ${response.status}`, fault: 'http', status: response.status, retryAfterMs };
    }
    const text = await response.text();
    if (isWebPage(response.headers.get('content-type'), text)) {
      // A 200 interstitial (consent, "unusual traffic", a portal): says nothing about the session.
      return { class: 'transient', detail: 'web page instead of the session', fault: 'page', status: null, retryAfterMs: null };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!isRecord(body)) {
      return { class: 'transient', detail: 'malformed body', fault: 'malformed', status: null, retryAfterMs: null };
    }
    const account = readAccount(body.user);
    if (!account) {
      // next-auth answers a signed-out (or revoked) cookie with `200 {}`.
      return { class: 'revoked', detail: 'signed out' };
    }
    if (typeof body.error === 'string' && body.error !== '') {
      return { class: 'refresh-needed', detail: body.error === REFRESH_NEEDED_ERROR ? REFRESH_NEEDED_ERROR : 'session error', setCookies };
    }
    const expiresAt = typeof body.expires === 'string' ? Date.parse(body.expires) : Number.NaN;
    if (typeof body.access_token !== 'string' || body.access_token === '' || !Number.isFinite(expiresAt)) {
      return { class: 'refresh-needed', detail: 'no access token', setCookies };
    }
    if (expiresAt <= now) {
      return { class: 'refresh-needed', detail: 'token already expired', setCookies };
    }
    return { class: 'ok', account, accessToken: body.access_token, expiresAt, setCookies };
  }
}

/** A secret-free description of a fetch failure (undici puts the reason in `cause`). */
function describeNetworkError(error: unknown): string {
  const cause = isRecord(error) ? error.cause : undefined;
  const code = isRecord(cause) && typeof cause.code === 'string' ? cause.code : null;
  return code ? `network error (${code})` : 'network error';
}
