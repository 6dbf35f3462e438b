/**
 * labs.google's side of authentication: next-auth sessions (identified by the session-token cookie value),
 * the Google access tokens they hand out, and the knobs tests turn — token lifetime, revocation,
 * "refresh needed", cookie size and cookie rotation.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.ts';

/** A signed-in labs.google session. */
export interface LabsSession {
  readonly id: string;
  readonly email: string;
  revoked: boolean;
  /** The session can no longer renew its access token; only a new sign-in helps. */
  refreshNeeded: boolean;
  token: AccessToken;
}

/** A bearer token for aisandbox-pa.googleapis.com. */
export interface AccessToken {
  readonly value: string;
  readonly sessionId: string;
  readonly expiresAt: number;
  revoked: boolean;
}

/** What happens when /session is asked about a session whose access token has lapsed. */
export type ExpiredTokenBehaviour = 'refresh' | 'refresh-needed';

/** Why a bearer token was refused. */
export type TokenRejection = 'missing' | 'unknown' | 'expired' | 'revoked';

interface CookieHandle {
  readonly sessionId: string;
  /** Clock time after which this cookie value stops working (Infinity while it is the current value). */
  validUntil: number;
}

/** Default length of a session-token cookie value: one cookie, no chunks. */
export const DEFAULT_SESSION_TOKEN_LENGTH = 1200;
/** Default access-token lifetime, as Google's (one hour). */
export const DEFAULT_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function randomId(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

/** Sessions, their cookie values and their access tokens. */
export class LabsSessionStore {
  readonly #clock: EmulatorClock;
  readonly #sessions = new Map<string, LabsSession>();
  readonly #cookieHandles = new Map<string, CookieHandle>();
  readonly #tokens = new Map<string, AccessToken>();
  /** Session id → the cookie value issued last (the one a client that kept every rotation holds). */
  readonly #newestCookie = new Map<string, string>();
  tokenLifetimeMs = DEFAULT_TOKEN_LIFETIME_MS;
  expiredTokenBehaviour: ExpiredTokenBehaviour = 'refresh';
  sessionTokenLength = DEFAULT_SESSION_TOKEN_LENGTH;
  /** When set, every /session call re-issues the cookie; the old value keeps working for `graceMs`. */
  rotation: { readonly graceMs: number } | null = null;

  constructor(clock: EmulatorClock) {
    this.#clock = clock;
  }

  /** Starts a session for `email` and returns its cookie value. */
  create(email: string): { session: LabsSession; cookieValue: string } {
    const id = randomId(9);
    const session: LabsSession = { id, email, revoked: false, refreshNeeded: false, token: this.#issueToken(id) };
    this.#sessions.set(id, session);
    return { session, cookieValue: this.#newCookieValue(id) };
  }

  /** The live session a cookie value belongs to, or `undefined` (unknown, rotated out, or revoked). */
  resolve(cookieValue: string | undefined): LabsSession | undefined {
    if (!cookieValue) return undefined;
    const handle = this.#cookieHandles.get(cookieValue);
    if (!handle || this.#clock.now() > handle.validUntil) return undefined;
    const session = this.#sessions.get(handle.sessionId);
    return session && !session.revoked ? session : undefined;
  }

  /** Replaces a cookie value with a new one for the same session (next-auth re-issuing its JWT). */
  rotate(oldValue: string, graceMs: number): string {
    const handle = this.#cookieHandles.get(oldValue);
    if (!handle) throw new Error('cannot rotate an unknown session cookie');
    handle.validUntil = Math.min(handle.validUntil, this.#clock.now() + Math.max(0, graceMs));
    return this.#newCookieValue(handle.sessionId);
  }

  /**
   * The session's current access token, renewing a lapsed one when the behaviour is `refresh`; `undefined`
   * when the session is (or now becomes) refresh-needed.
   */
  currentToken(session: LabsSession): AccessToken | undefined {
    if (session.refreshNeeded) return undefined;
    const token = session.token;
    if (!token.revoked && token.expiresAt > this.#clock.now()) return token;
    if (this.expiredTokenBehaviour === 'refresh-needed') {
      session.refreshNeeded = true;
      return undefined;
    }
    session.token = this.#issueToken(session.id);
    return session.token;
  }

  /** Checks a bearer token: the session behind it when valid, otherwise why not. */
  verifyBearer(value: string | undefined): { session: LabsSession } | { rejection: TokenRejection } {
    if (!value) return { rejection: 'missing' };
    const token = this.#tokens.get(value);
    if (!token) return { rejection: 'unknown' };
    const session = this.#sessions.get(token.sessionId);
    if (token.revoked || !session || session.revoked) return { rejection: 'revoked' };
    if (token.expiresAt <= this.#clock.now()) return { rejection: 'expired' };
    return { session };
  }

  /** Ends sessions (all, or one account's): their cookies and tokens stop working. Returns how many. */
  revoke(email?: string): number {
    let count = 0;
    for (const session of this.#matching(email)) {
      if (session.revoked) continue;
      session.revoked = true;
      session.token.revoked = true;
      count++;
    }
    return count;
  }

  /** Ends one session (sign-out): its cookie values and token stop working. */
  end(session: LabsSession): void {
    session.revoked = true;
    session.token.revoked = true;
  }

  /** Puts sessions into the refresh-needed state and revokes their current tokens. Returns how many. */
  forceRefreshNeeded(email?: string): number {
    let count = 0;
    for (const session of this.#matching(email)) {
      if (session.revoked) continue;
      session.refreshNeeded = true;
      session.token.revoked = true;
      count++;
    }
    return count;
  }

  /** The cookie value issued last for the account's newest live session, or `undefined` when it has none. */
  newestCookieValue(email: string): string | undefined {
    const live = this.#matching(email).filter((session) => !session.revoked);
    const newest = live.at(-1);
    return newest && this.#newestCookie.get(newest.id);
  }

  /** Every session, oldest first (for state snapshots). */
  list(): LabsSession[] {
    return [...this.#sessions.values()];
  }

  #matching(email: string | undefined): LabsSession[] {
    const wanted = email?.trim().toLowerCase();
    return this.list().filter((session) => wanted === undefined || session.email === wanted);
  }

  #issueToken(sessionId: string): AccessToken {
    const token: AccessToken = {
      value: `ya29.emu-${randomId(24)}`,
      sessionId,
      expiresAt: this.#clock.now() + this.tokenLifetimeMs,
      revoked: false,
    };
    this.#tokens.set(token.value, token);
    return token;
  }

  #newCookieValue(sessionId: string): string {
    // Shaped like a JWE (dot-separated base64url); padded to the configured length so tests can force chunks.
    const core = `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..${sessionId}.${randomId(24)}`;
    const padding = this.sessionTokenLength - core.length - 1;
    const value = padding < 0 ? core : `${core}.${randomId(this.sessionTokenLength).slice(0, padding)}`;
    this.#cookieHandles.set(value, { sessionId, validUntil: Number.POSITIVE_INFINITY });
    this.#newestCookie.set(sessionId, value);
    return value;
  }
}
