/**
 * Owns the active account's session: keeps it sealed in the vault, serves the cookie header and a fresh
 * token to the image service, and keeps the session alive with the refresh scheduler.
 *
 * The policy, after Signal's SenderCertificateService: an in-memory copy plus a safety margin (scaled to
 * the token's lifetime, see token-policy.ts), and one refresh in flight. Only a clear revocation (or a
 * failed silent re-sign-in) asks the user to sign in again; a transient fault never clears anything, and
 * while the token in hand has not lapsed it keeps being used. Every answer that carries `Set-Cookie` is
 * stored with the cookies it set. Nothing this class returns or emits holds a secret.
 *
 * A Flow session (`via: 'flow'`: Google's account cookies, no token) has nothing to refresh here: it stays
 * signed in until Flow's own page says otherwise — the Flow backend or its keep-alive then calls
 * {@link SecureSessionManager.markSignedOut}, and the user signs in again as after a revocation.
 */
import type { Clock } from '../../core/index.ts';
import { AppError, AuthRequiredError, SessionUnavailableError } from '../../shared/app-error.ts';
import type { AuthEventStream } from './auth-events.ts';
import type { RefreshAttemptResult, WakeReason } from './refresh-scheduler.ts';
import { RefreshScheduler } from './refresh-scheduler.ts';
import type { SessionClient, SessionOutcome } from './session-client.ts';
import { comfortableToken, sessionUnavailable, unexpiredToken } from './token-policy.ts';
import type { SessionState } from '../../shared/auth-schemas.ts';
import type { SessionMetadata, SessionStore, SilentReauthenticator } from './session-manager-ports.ts';
import { cookieHeader, mergeCookies, type SessionCookie, type SessionRecord } from './session-record.ts';

export interface SecureSessionManagerOptions {
  readonly store: SessionStore;
  readonly client: SessionClient;
  readonly clock: Clock;
  readonly random: () => number;
  readonly events: AuthEventStream;
  readonly reauthenticator?: SilentReauthenticator;
  /**
   * A token closer than this to expiry is refreshed before use. Default 60 s; never more than a quarter of
   * the token's lifetime.
   */
  readonly tokenSafetyMarginMs?: number;
}

export class SecureSessionManager {
  readonly #store: SessionStore;
  readonly #client: SessionClient;
  readonly #clock: Clock;
  readonly #events: AuthEventStream;
  readonly #reauthenticator: SilentReauthenticator | undefined;
  readonly #safetyMarginMs: number;
  readonly #scheduler: RefreshScheduler;
  readonly #stateListeners = new Set<(metadata: SessionMetadata) => void>();

  #accountId: string | null = null;
  #record: SessionRecord | null = null;
  #state: SessionState = 'signed-out';
  #reason: string | null = null;
  #saved = true;
  /** The last refresh attempt's transient failure, until an attempt ends otherwise. */
  #lastTransient: Extract<SessionOutcome, { class: 'transient' }> | null = null;

  constructor(options: SecureSessionManagerOptions) {
    this.#store = options.store;
    this.#client = options.client;
    this.#clock = options.clock;
    this.#events = options.events;
    this.#reauthenticator = options.reauthenticator;
    this.#safetyMarginMs = options.tokenSafetyMarginMs ?? 60_000;
    this.#scheduler = new RefreshScheduler({ clock: options.clock, random: options.random, refresh: () => this.#refreshOnce() });
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onDidChangeState(listener: (metadata: SessionMetadata) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Stores a freshly harvested and validated session and makes it the active one. */
  async storeSession(accountId: string, record: SessionRecord): Promise<void> {
    this.#scheduler.stop();
    this.#accountId = accountId;
    await this.#persist(record);
    this.#events.emit({ type: 'auth.login', accountId });
    if (record.via === 'flow') {
      this.#setState('signed-in', null);
      return;
    }
    this.#setState(record.accessToken ? 'signed-in' : 'reauth-required', null);
    this.#scheduler.start(record.accessToken ? record.accessTokenExpiresAt : null);
  }

  /**
   * Loads `accountId`'s stored session and makes it active. Returns false (state `signed-out`, with the
   * reason) when there is none or it cannot be read; never throws for an unreadable vault.
   */
  async loadSession(accountId: string): Promise<boolean> {
    this.#scheduler.stop();
    this.#accountId = accountId;
    this.#record = null;
    let loaded: Awaited<ReturnType<SessionStore['load']>>;
    try {
      loaded = await this.#store.load(accountId);
    } catch (error) {
      // A changed keychain backend (the vault explains it in its storage status) or an I/O failure:
      // start signed out, touch nothing on disk, and let the user decide.
      const code = (error as { code?: unknown } | null)?.code;
      this.#setState('signed-out', code === 'VAULT_BACKEND_CHANGED' ? 'vault-backend-changed' : 'vault-io-error');
      return false;
    }
    if (loaded.status !== 'ok') {
      this.#setState('signed-out', loaded.status === 'unreadable' ? 'vault-unreadable' : null);
      return false;
    }
    this.#record = loaded.record;
    if (loaded.record.via === 'flow') {
      // Nothing to ask labs.google: Flow's page tells whether the account is still signed in.
      this.#setState('signed-in', null);
      return true;
    }
    if (loaded.record.accessToken === null) {
      this.#setState('reauth-required', 'revoked');
      return true;
    }
    this.#setState('signed-in', null);
    this.#scheduler.start(loaded.record.accessTokenExpiresAt);
    return true;
  }

  /** The `Cookie` header for labs.google requests. Throws `AuthRequiredError` when signed out. */
  getCookieHeader(): string {
    if (!this.#record) throw new AuthRequiredError();
    return cookieHeader(this.#record.cookies);
  }

  /** The cookie records (for the library and re-sign-in); main process only. */
  getCookies(): readonly SessionCookie[] {
    if (!this.#record) throw new AuthRequiredError();
    return this.#record.cookies;
  }

  /**
   * A token valid for at least the safety margin, refreshing first when needed (shared with any refresh
   * already in flight). When labs.google cannot be asked, the token in hand is used while it has not
   * lapsed. Throws `AuthRequiredError` when only a sign-in helps, `SessionUnavailableError` when the token
   * has lapsed and labs.google could not be asked for another (the session is intact: try again later).
   */
  async getToken(): Promise<string> {
    this.#refuseFlowSession();
    const cached = comfortableToken(this.#record, this.#clock.now(), this.#safetyMarginMs);
    if (cached) return cached;
    this.#requireSession();
    const result = await this.#scheduler.refreshNow();
    const fresh = comfortableToken(this.#record, this.#clock.now(), this.#safetyMarginMs);
    if (fresh) return fresh;
    return this.#tokenAfterFailedRefresh(result);
  }

  /**
   * Google refused the token in hand: renews it now (sharing a refresh in flight) and returns the token to
   * try next. Throws like {@link getToken} when no renewal can be had.
   */
  async renewToken(): Promise<string> {
    this.#refuseFlowSession();
    this.#requireSession();
    const result = await this.#scheduler.refreshNow();
    this.#requireSession();
    if (result.kind === 'retry') throw this.#unavailable();
    const token = this.#record?.accessToken;
    if (result.kind !== 'refreshed' || !token) throw new AuthRequiredError();
    return token;
  }

  /**
   * A Flow session has no token, and none will come: refused as a request the account cannot make (not as
   * a sign-in to ask for, which would only bring back the same Flow session).
   */
  #refuseFlowSession(): void {
    if (this.#record?.via === 'flow') {
      throw new AppError('INVALID_INPUT', 'Google moved this account to Flow: it has no ImageFX (labs.google) session. Choose Google Flow in Settings.');
    }
  }

  #requireSession(): void {
    if (!this.#record || this.#state === 'reauth-required') throw new AuthRequiredError();
  }

  /** After a refresh that brought no comfortable token: the unexpired one in hand, or why there is none. */
  #tokenAfterFailedRefresh(result: RefreshAttemptResult): string {
    this.#requireSession();
    if (result.kind !== 'retry') throw new AuthRequiredError();
    const inHand = unexpiredToken(this.#record, this.#clock.now());
    if (inHand) return inHand;
    throw this.#unavailable();
  }

  #unavailable(): SessionUnavailableError {
    return this.#lastTransient ? sessionUnavailable(this.#lastTransient) : new SessionUnavailableError('SERVICE_ERROR', 'The session could not be renewed just now.');
  }

  /**
   * Google says `accountId`'s session has ended, as seen outside labs.google (Flow's page landed on `/about`
   * or a confirm-identity page): the user must sign in again. Nothing is removed, so queued work waits for
   * that sign-in; a later start checks again. Ignored for an account that is not the active one.
   */
  markSignedOut(accountId: string, reason: string): void {
    if (accountId !== this.#accountId || !this.#record || this.#state === 'reauth-required') return;
    this.#scheduler.stop();
    this.#events.emit({ type: 'auth.revoked', accountId });
    this.#setState('reauth-required', reason);
  }

  /** Refreshes now (e.g. after the library reported an auth failure); shares a refresh in flight. */
  async refresh(): Promise<SessionState> {
    if (!this.#record || this.#record.via === 'flow') return this.#state;
    await this.#scheduler.refreshNow();
    return this.#state;
  }

  /** Forgets the active session: removed from the vault, timers stopped. */
  async clearSession(): Promise<void> {
    this.#scheduler.stop();
    const accountId = this.#accountId;
    this.#record = null;
    if (accountId) {
      await this.#store.remove(accountId);
      this.#events.emit({ type: 'auth.logout', accountId });
    }
    this.#setState('signed-out', null);
  }

  /** Stops refreshing (at shutdown); the stored session is untouched. */
  dispose(): void {
    this.#scheduler.stop();
    this.#stateListeners.clear();
  }

  /** Re-evaluates the refresh deadline after sleep, screen unlock, or the network coming back. */
  handleWake(reason: WakeReason): void {
    this.#scheduler.check(reason);
  }

  getMetadata(): SessionMetadata {
    const record = this.#record;
    return {
      accountId: this.#accountId,
      account: record?.account ?? null,
      state: this.#state,
      reason: this.#reason,
      accessTokenExpiresAt: record?.accessTokenExpiresAt ?? null,
      lastRefreshedAt: record?.lastRefreshedAt ?? null,
      nextRefreshAt: this.#scheduler.nextRefreshAt,
      storage: this.#store.storageStatus(),
      saved: this.#saved,
    };
  }

  /** One refresh attempt: ask labs.google, then act on the outcome class. */
  async #refreshOnce(): Promise<RefreshAttemptResult> {
    const accountId = this.#accountId;
    const record = this.#record;
    if (!accountId || !record) return { kind: 'stop' };
    this.#setState('refreshing', null);
    const outcome = await this.#client.fetchSession(record.cookies);
    if (this.#record !== record) return { kind: 'stop' }; // signed out or switched meanwhile
    this.#lastTransient = outcome.class === 'transient' ? outcome : null;
    switch (outcome.class) {
      case 'ok':
        return this.#applyFresh(accountId, record, outcome);
      case 'transient':
        return this.#applyTransient(accountId, outcome);
      case 'refresh-needed':
      case 'revoked':
        return this.#reauthenticate(accountId, record, outcome);
    }
  }

  async #applyFresh(accountId: string, record: SessionRecord, outcome: Extract<SessionOutcome, { class: 'ok' }>): Promise<RefreshAttemptResult> {
    const now = this.#clock.now();
    await this.#persist({
      ...record,
      account: outcome.account,
      cookies: mergeCookies(record.cookies, outcome.setCookies),
      accessToken: outcome.accessToken,
      accessTokenExpiresAt: outcome.expiresAt,
      lastRefreshedAt: now,
    });
    this.#events.emit({ type: 'auth.refresh', accountId, expiresAt: outcome.expiresAt });
    this.#setState('signed-in', null);
    return { kind: 'refreshed', expiresAt: outcome.expiresAt };
  }

  #applyTransient(accountId: string, outcome: Extract<SessionOutcome, { class: 'transient' }>): RefreshAttemptResult {
    const retryAfterMs = outcome.retryAfterMs;
    this.#events.emit({
      type: 'auth.refresh_failed',
      accountId,
      class: 'transient',
      detail: outcome.detail,
      retryAt: retryAfterMs === null ? null : this.#clock.now() + retryAfterMs,
    });
    // `offline`: no answer came (no connection, or none in time). The window tells "you are offline" from
    // "labs.google is not answering" with the computer's own network state.
    const noAnswer = outcome.fault === 'network' || outcome.fault === 'timeout';
    this.#setState(noAnswer ? 'offline' : 'signed-in', outcome.detail);
    return { kind: 'retry', retryAfterMs };
  }

  /** Refresh-needed or revoked: try a silent re-sign-in; if that fails, the user must sign in. */
  async #reauthenticate(accountId: string, stale: SessionRecord, outcome: Extract<SessionOutcome, { class: 'refresh-needed' | 'revoked' }>): Promise<RefreshAttemptResult> {
    this.#events.emit({ type: 'auth.refresh_failed', accountId, class: outcome.class, detail: outcome.detail, retryAt: null });
    // A refresh-needed answer may still rotate the cookie: keep what labs.google issued last.
    const record = outcome.class === 'refresh-needed' ? { ...stale, cookies: mergeCookies(stale.cookies, outcome.setCookies) } : stale;
    const freshCookies = await this.#reauthenticator?.reauthenticate(accountId).catch(() => null);
    if (freshCookies && freshCookies.length > 0) {
      const cookies = mergeCookies(record.cookies, freshCookies);
      const retried = await this.#client.fetchSession(cookies);
      this.#lastTransient = retried.class === 'transient' ? retried : null;
      if (retried.class === 'ok') return this.#applyFresh(accountId, { ...record, cookies }, retried);
      if (retried.class === 'transient') return this.#applyTransient(accountId, retried);
    }
    // Keep everything but the token, so nothing is lost and a sign-in can restore the same account.
    await this.#persist({ ...record, accessToken: null, accessTokenExpiresAt: null });
    this.#events.emit({ type: 'auth.revoked', accountId });
    this.#setState('reauth-required', outcome.class === 'revoked' ? 'revoked' : 'refresh-needed');
    return { kind: 'stop' };
  }

  /** Keeps `record` in memory, then saves it; a failed save leaves the session usable for this run. */
  async #persist(record: SessionRecord): Promise<void> {
    this.#record = record;
    if (!this.#accountId) return;
    try {
      await this.#store.save(this.#accountId, record);
      this.#saved = true;
    } catch {
      this.#saved = false;
    }
  }

  #setState(state: SessionState, reason: string | null): void {
    if (state === this.#state && reason === this.#reason) return;
    this.#state = state;
    this.#reason = reason;
    const metadata = this.getMetadata();
    for (const listener of this.#stateListeners) {
      try {
        listener(metadata);
      } catch {
        // A faulty listener must not break the session flow.
      }
    }
  }
}
