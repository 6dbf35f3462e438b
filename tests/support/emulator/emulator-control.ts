/**
 * The typed handle tests use to script the emulator (`emu.control.*`). Every method takes JSON-friendly
 * arguments so the same calls work over HTTP (`POST /__emulator/control/<method>`) for an emulator that
 * runs in another process.
 */
import { GOOGLE_HOSTS, isGoogleHost } from '../../../src/app/demo/emulator-routing.ts';
import { DEFAULT_ACCOUNT } from './emulator-accounts.ts';
import type { EmulatorAccount, EmulatorAccountInput } from './emulator-accounts.ts';
import type { EmulatorState } from './emulator-state.ts';
import type { EmulatorFault, FaultOptions } from './faults.ts';
import { FLOW_CONTROL_METHODS, FlowEmulatorControl } from './flow-control.ts';
import { DEFAULT_SIGNED_URL_LIFETIME_MS } from './flow-signed-urls.ts';
import { DEFAULT_GOOGLE_COOKIE_ROTATION } from './google-account-cookies.ts';
import type { GoogleCookieRotation } from './google-account-cookies.ts';
import { SESSION_CHUNK_SIZE, SESSION_COOKIE } from './labs-cookies.ts';
import { DEFAULT_SESSION_TOKEN_LENGTH, DEFAULT_TOKEN_LIFETIME_MS } from './labs-session-store.ts';
import type { ExpiredTokenBehaviour } from './labs-session-store.ts';

/** A labs.google session made without a browser, ready for `new ImageFX(cookieHeader)`. */
export interface IssuedSession {
  /** `Cookie` header value carrying the session token (chunked into `.0`, `.1`… when long). */
  readonly cookieHeader: string;
  /** The whole session-token value (before chunking). */
  readonly sessionToken: string;
  readonly accessToken: string;
  /** ISO time the access token lapses. */
  readonly expires: string;
}

/** Settings and counts, for debugging and the HTTP state endpoint. */
export interface EmulatorSnapshot {
  readonly now: string;
  readonly accounts: readonly string[];
  readonly liveSessions: number;
  readonly liveAccountCookies: number;
  readonly liveFlowSessions: number;
  readonly storedMedia: number;
  readonly flowProjects: number;
  readonly flowMedia: number;
  readonly recaptchaMints: number;
  readonly googleCookieRotation: GoogleCookieRotation | null;
  readonly flowGenerationHoldMs: number;
  readonly signedUrlLifetimeMs: number;
  readonly pendingFaults: number;
  readonly tokenLifetimeMs: number;
  readonly expiredTokenBehaviour: ExpiredTokenBehaviour;
  readonly sessionTokenLength: number;
  readonly sessionRotation: { readonly graceMs: number } | null;
  readonly latency: { readonly allHostsMs: number; readonly perHostMs: Readonly<Record<string, number>> };
}

function requireNonNegative(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0`);
}

/** Scripting surface of one emulator (the Flow methods come from {@link FlowEmulatorControl}). */
export class EmulatorControl extends FlowEmulatorControl {
  readonly #state: EmulatorState;

  constructor(state: EmulatorState) {
    super(state);
    this.#state = state;
  }

  /** Adds (or replaces) an account that can sign in. */
  addAccount(account: EmulatorAccountInput): EmulatorAccount {
    return this.#state.accounts.add(account);
  }

  /** Every known account. */
  listAccounts(): EmulatorAccount[] {
    return this.#state.accounts.list();
  }

  /** Signs `email` in to labs.google directly (no browser) and returns the cookie to use. */
  createSession(email: string = DEFAULT_ACCOUNT.email): IssuedSession {
    if (!this.#state.accounts.get(email)) throw new Error(`unknown emulator account: ${email}`);
    const { session, cookieValue } = this.#state.sessions.create(email.trim().toLowerCase());
    const chunks: string[] = [];
    for (let i = 0; i * SESSION_CHUNK_SIZE < cookieValue.length; i++) {
      chunks.push(cookieValue.slice(i * SESSION_CHUNK_SIZE, (i + 1) * SESSION_CHUNK_SIZE));
    }
    const cookieHeader =
      chunks.length === 1 ? `${SESSION_COOKIE}=${cookieValue}` : chunks.map((chunk, i) => `${SESSION_COOKIE}.${i}=${chunk}`).join('; ');
    return {
      cookieHeader,
      sessionToken: cookieValue,
      accessToken: session.token.value,
      expires: new Date(session.token.expiresAt).toISOString(),
    };
  }

  /** Lifetime of access tokens issued from now on (default one hour). */
  setTokenLifetime(ms: number): void {
    requireNonNegative('token lifetime', ms);
    this.#state.sessions.tokenLifetimeMs = ms;
  }

  /** Whether /session renews a lapsed token (`refresh`, default) or reports ACCESS_TOKEN_REFRESH_NEEDED. */
  setExpiredTokenBehaviour(behaviour: ExpiredTokenBehaviour): void {
    if (behaviour !== 'refresh' && behaviour !== 'refresh-needed') throw new Error(`unknown behaviour: ${String(behaviour)}`);
    this.#state.sessions.expiredTokenBehaviour = behaviour;
  }

  /** Sessions (all, or one account's) report ACCESS_TOKEN_REFRESH_NEEDED; their tokens get 401. */
  forceRefreshNeeded(email?: string): number {
    return this.#state.sessions.forceRefreshNeeded(email);
  }

  /** Ends labs.google sessions (all, or one account's): /session answers `{}`, tokens get 401. */
  revokeSessions(email?: string): number {
    return this.#state.sessions.revoke(email);
  }

  /**
   * Invalidates Google account cookies (all, or one account's) and the Flow sessions set up from them: a silent
   * re-sign-in shows the form again, and flow.google.com lands on `/about`. Returns how many sign-ins were live.
   */
  revokeAccountCookies(email?: string): number {
    this.#state.flowSessions.end(email);
    return this.#state.googleCookies.revoke(email);
  }

  /** Length of new session-token values; above 3933 characters they are split into chunks. `null` = default. */
  setSessionTokenLength(length: number | null): void {
    if (length !== null) requireNonNegative('session token length', length);
    this.#state.sessions.sessionTokenLength = length ?? DEFAULT_SESSION_TOKEN_LENGTH;
  }

  /**
   * Makes /session re-issue the session cookie on every call (`null` turns it off). The previous value
   * keeps working for `graceMs` of emulator time (0: it stops at once).
   */
  setSessionRotation(rotation: { graceMs: number } | null): void {
    if (rotation) requireNonNegative('graceMs', rotation.graceMs);
    this.#state.sessions.rotation = rotation ? { graceMs: rotation.graceMs } : null;
  }

  /**
   * The session-token value labs.google issued last for the account's newest live session (whole, before
   * chunking), or `null`: with rotation on, the value a client holds when it kept every `Set-Cookie`.
   */
  currentSessionCookie(email: string = DEFAULT_ACCOUNT.email): string | null {
    return this.#state.sessions.newestCookieValue(email.trim().toLowerCase()) ?? null;
  }

  /** Delays responses by `ms` (emulator clock), for one Google host or, without `host`, for all. */
  setLatency(ms: number, host?: string): void {
    requireNonNegative('latency', ms);
    if (host === undefined) {
      this.#state.latency.allHostsMs = ms;
      return;
    }
    if (!isGoogleHost(host)) throw new Error(`latency host must be one of ${GOOGLE_HOSTS.join(', ')}`);
    this.#state.latency.perHostMs.set(host, ms);
  }

  /** Removes all injected latency. */
  clearLatency(): void {
    this.#state.latency.clear();
  }

  /** Queues `fault` for the next `times` requests to an endpoint (default: 1 × runImageFx). */
  queueFault(fault: EmulatorFault, options?: FaultOptions): void {
    this.#state.faults.add(fault, options);
  }

  /** Drops every queued fault. */
  clearFaults(): void {
    this.#state.faults.clear();
  }

  /** Fault repetitions still waiting. */
  pendingFaults(): number {
    return this.#state.faults.pending();
  }

  /**
   * Back to default settings (faults, latency, token lifetime and behaviour, cookie size, rotation of both the
   * labs cookie and the Google cookies, generation hold, signed-URL lifetime).
   */
  reset(): void {
    this.#state.googleCookies.rotation = DEFAULT_GOOGLE_COOKIE_ROTATION;
    this.#state.flowGenerationHoldMs = 0;
    this.#state.flowUrls.lifetimeMs = DEFAULT_SIGNED_URL_LIFETIME_MS;
    const sessions = this.#state.sessions;
    sessions.tokenLifetimeMs = DEFAULT_TOKEN_LIFETIME_MS;
    sessions.expiredTokenBehaviour = 'refresh';
    sessions.sessionTokenLength = DEFAULT_SESSION_TOKEN_LENGTH;
    sessions.rotation = null;
    this.#state.faults.clear();
    this.#state.latency.clear();
  }

  /** Current settings and counts. */
  snapshot(): EmulatorSnapshot {
    const { sessions, latency } = this.#state;
    return {
      now: new Date(this.#state.clock.now()).toISOString(),
      accounts: this.#state.accounts.list().map((account) => account.email),
      liveSessions: sessions.list().filter((session) => !session.revoked).length,
      liveAccountCookies: this.#state.googleCookies.liveCount(),
      liveFlowSessions: this.#state.flowSessions.liveCount(),
      storedMedia: this.#state.media.size,
      flowProjects: this.#state.flow.projects.size,
      flowMedia: this.#state.flow.media.size,
      recaptchaMints: this.#state.recaptcha.mints().length,
      googleCookieRotation: this.#state.googleCookies.rotation,
      flowGenerationHoldMs: this.#state.flowGenerationHoldMs,
      signedUrlLifetimeMs: this.#state.flowUrls.lifetimeMs,
      pendingFaults: this.#state.faults.pending(),
      tokenLifetimeMs: sessions.tokenLifetimeMs,
      expiredTokenBehaviour: sessions.expiredTokenBehaviour,
      sessionTokenLength: sessions.sessionTokenLength,
      sessionRotation: sessions.rotation,
      latency: { allHostsMs: latency.allHostsMs, perHostMs: Object.fromEntries(latency.perHostMs) },
    };
  }
}

/** The control methods reachable over HTTP at `POST /__emulator/control/<name>` (body: JSON array of arguments). */
export const HTTP_CONTROL_METHODS = [
  'addAccount',
  'listAccounts',
  'createSession',
  'setTokenLifetime',
  'setExpiredTokenBehaviour',
  'forceRefreshNeeded',
  'revokeSessions',
  'revokeAccountCookies',
  'setSessionTokenLength',
  'setSessionRotation',
  'currentSessionCookie',
  'setLatency',
  'clearLatency',
  'queueFault',
  'clearFaults',
  'pendingFaults',
  'reset',
  'snapshot',
  ...FLOW_CONTROL_METHODS,
] as const satisfies readonly (keyof EmulatorControl)[];
