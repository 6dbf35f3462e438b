/**
 * Sign-in and accounts, behind the {@link AccountService} port the IPC layer uses.
 *
 * - Start: `initialize()` loads the stored session of the last active account, or stays signed out. It
 *   never opens a window by itself; the UI's sign-in button calls `signIn()`.
 * - Sign-in: a visible login surface on a fresh partition (see sign-in-flow.ts), one at a time — a second
 *   call focuses the same window and shares its promise. The validated session goes to
 *   SecureSessionManager, which makes it the active one.
 * - One account per email: when a fresh sign-in (or a pasted cookie) belongs to an email already listed,
 *   the new session replaces the old account — its vault entry is removed and its partition wiped —
 *   because two entries for one Google account would only diverge.
 * - Switching loads the chosen account's session into SecureSessionManager, so the image service (which
 *   asks SecureSessionManager for the cookie header and token) follows the active account.
 * - Signing out (= removing the active account) clears its vault entry and its partition's cookies,
 *   storage, cache and auth cache; other accounts stay listed and none becomes active by itself. Its id is
 *   remembered (by email, in memory, for this run) so work it queued can follow a later sign-in of the
 *   same Google account: `onDidReplaceAccount` reports every replaced id.
 *
 * Nothing this class returns or emits contains a cookie value or a token.
 */
import type { Clock, KeyValueStore } from '../../core/index.ts';
import type { AccountSummary, AuthSnapshot } from '../../shared/auth-schemas.ts';
import type { AccountService } from './account-service.ts';
import {
  ActiveAccountSetting, accountSummary, accountsWithEmail, composeSnapshot, createAccountId, isAccountId, type AccountDirectory,
} from './account-registry.ts';
import {
  AccountNotFoundError, beginInteractiveSignIn, validateCookieHeader, type HarvestedSession, type LoginSettings, type LoginSurfaceProvider,
  type PartitionCookieJar, type SignInAttempt,
} from '../login/index.ts';
import type { SecureSessionManager, SessionClient } from '../session/index.ts';

/** The parts of SecureSessionManager the account manager drives. */
export type ActiveSession = Pick<
  SecureSessionManager,
  'storeSession' | 'loadSession' | 'clearSession' | 'getMetadata' | 'onDidChangeState'
>;

export interface PersistentAccountManagerOptions {
  readonly sessions: ActiveSession;
  /** The vault (`SessionVault`). */
  readonly directory: AccountDirectory;
  readonly surfaces: LoginSurfaceProvider;
  /**
   * Keeps the active account's partition cookie jar in the vault (restored at start, captured after a
   * sign-in and on every rotation). Without it, Google's account cookies do not survive a restart.
   */
  readonly jars?: Pick<PartitionCookieJar, 'track'>;
  readonly client: SessionClient;
  /** Plain settings (the `account-settings` store): the active account id. */
  readonly settings: KeyValueStore;
  /** The sign-in window's policy source (shared with the silent re-sign-in). */
  readonly login: LoginSettings;
  readonly clock: Clock;
  /** Randomness for account ids (node:crypto's `randomBytes` in the app). */
  readonly randomBytes: (size: number) => Uint8Array;
  readonly signInUrl?: string;
  readonly signInIdleTimeoutMs?: number;
}

export class PersistentAccountManager implements AccountService {
  readonly #options: PersistentAccountManagerOptions;
  readonly #sessions: ActiveSession;
  readonly #directory: AccountDirectory;
  readonly #active: ActiveAccountSetting;
  readonly #listeners = new Set<(snapshot: AuthSnapshot) => void>();
  readonly #replacementListeners = new Set<(replacement: { readonly from: string; readonly to: string }) => void>();
  /** Ids of accounts signed out or removed in this run, by lower-case email. */
  readonly #retired = new Map<string, Set<string>>();
  readonly #stopWatchingSessions: () => void;
  #activeId: string | null = null;
  #signIn: (SignInAttempt & { readonly summary: Promise<AccountSummary> }) | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PersistentAccountManagerOptions) {
    this.#options = options;
    this.#sessions = options.sessions;
    this.#directory = options.directory;
    this.#active = new ActiveAccountSetting(options.settings);
    this.#stopWatchingSessions = options.sessions.onDidChangeState(() => this.#emit());
  }

  /** Loads the last active account's stored session, or stays signed out. Never opens a window. */
  initialize(): Promise<AuthSnapshot> {
    return this.#exclusive(async () => {
      const stored = this.#active.get();
      if (stored && this.#isKnown(stored)) {
        this.#activeId = stored;
        if (await this.#sessions.loadSession(stored)) await this.#options.jars?.track(stored);
      } else {
        this.#activeId = null;
        if (stored) this.#active.set(null);
      }
      this.#emit();
      return this.snapshot();
    });
  }

  snapshot(): AuthSnapshot {
    return composeSnapshot({
      metadata: this.#sessions.getMetadata(),
      directory: this.#directory,
      activeId: this.#activeId,
      signingIn: this.#signIn !== null,
    });
  }

  onDidChange(listener: (snapshot: AuthSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onDidReplaceAccount(listener: (replacement: { readonly from: string; readonly to: string }) => void): () => void {
    this.#replacementListeners.add(listener);
    return () => this.#replacementListeners.delete(listener);
  }

  signIn(): Promise<AccountSummary> {
    if (this.#signIn) {
      this.#signIn.focus();
      return this.#signIn.summary;
    }
    const attempt = beginInteractiveSignIn({
      ...this.#options,
      policy: () => this.#options.login.policy(),
      newAccountId: () => createAccountId(this.#options.randomBytes),
      idleTimeoutMs: this.#options.signInIdleTimeoutMs,
    });
    const summary = attempt.promise
      .then((signedIn) => this.#exclusive(() => this.#adopt(signedIn.accountId, signedIn)))
      .finally(() => {
        this.#signIn = null;
        this.#emit();
      });
    this.#signIn = { ...attempt, summary };
    this.#emit();
    return summary;
  }

  cancelSignIn(): void {
    this.#signIn?.cancel();
  }

  importCookieHeader(header: string): Promise<AccountSummary> {
    return this.#exclusive(async () => {
      const session = await validateCookieHeader(header, this.#options.client);
      return this.#adopt(createAccountId(this.#options.randomBytes), session);
    });
  }

  switchAccount(accountId: string): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#isKnown(accountId)) throw new AccountNotFoundError();
      if (accountId === this.#activeId && this.#sessions.getMetadata().accountId === accountId) return;
      this.#activeId = accountId;
      this.#active.set(accountId);
      if (await this.#sessions.loadSession(accountId)) await this.#options.jars?.track(accountId);
      this.#emit();
    });
  }

  removeAccount(accountId: string): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#isKnown(accountId)) throw new AccountNotFoundError();
      await this.#forget(accountId);
    });
  }

  signOut(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#activeId) await this.#forget(this.#activeId);
    });
  }

  optInToWeakerStorage(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#directory.optInToWeakerStorage();
      this.#emit();
    });
  }

  startOver(): Promise<void> {
    return this.#exclusive(async () => {
      const before = new Set(Object.keys(this.#directory.accountProfiles()));
      await this.#directory.startOver();
      const kept = new Set([...this.#directory.listAccountIds(), ...Object.keys(this.#directory.accountProfiles())]);
      if (this.#activeId !== null && !kept.has(this.#activeId)) {
        await this.#sessions.clearSession();
        this.#activeId = null;
        this.#active.set(null);
      }
      for (const accountId of before) if (!kept.has(accountId)) await this.#options.surfaces.clearAccountData(accountId);
      this.#emit();
    });
  }

  /** Stops listening to the session manager (at shutdown). */
  dispose(): void {
    this.#stopWatchingSessions();
    this.#listeners.clear();
    this.#replacementListeners.clear();
    this.#signIn?.cancel();
  }

  /** Stores a validated session as `accountId`, makes it active, and retires older entries for its email. */
  async #adopt(accountId: string, session: HarvestedSession): Promise<AccountSummary> {
    const now = this.#options.clock.now();
    this.#activeId = accountId; // before storing, so the state change it emits already names this account
    await this.#sessions.storeSession(accountId, {
      account: session.account,
      cookies: session.cookies,
      accessToken: session.accessToken,
      accessTokenExpiresAt: session.expiresAt,
      createdAt: now,
      lastRefreshedAt: now,
    });
    this.#active.set(accountId);
    // The partition now holds Google's account cookies for this sign-in: seal them, and their rotations.
    await this.#options.jars?.track(accountId);
    const email = session.account.email.trim().toLowerCase();
    const replaced = accountsWithEmail(this.#directory, email, accountId);
    for (const id of replaced) {
      await this.#directory.remove(id);
      await this.#options.surfaces.clearAccountData(id);
    }
    const retired = [...(this.#retired.get(email) ?? [])].filter((id) => id !== accountId);
    this.#retired.delete(email);
    this.#emit();
    for (const from of new Set([...replaced, ...retired])) this.#emitReplacement(from, accountId);
    return accountSummary(accountId, session.account);
  }

  async #forget(accountId: string): Promise<void> {
    const metadata = this.#sessions.getMetadata();
    const profile = this.#directory.accountProfiles()[accountId] ?? (metadata.accountId === accountId ? metadata.account : null);
    const email = profile?.email.trim().toLowerCase();
    if (email) this.#retired.set(email, new Set([...(this.#retired.get(email) ?? []), accountId]));
    if (accountId === this.#activeId) {
      await this.#sessions.clearSession();
      this.#activeId = null;
      this.#active.set(null);
    }
    await this.#directory.remove(accountId);
    await this.#options.surfaces.clearAccountData(accountId);
    this.#emit();
  }

  /** Own properties only, and only ids of the generated format: `__proto__` or `constructor` is no account. */
  #isKnown(accountId: string): boolean {
    if (!isAccountId(accountId)) return false;
    return this.#directory.listAccountIds().includes(accountId) || Object.hasOwn(this.#directory.accountProfiles(), accountId);
  }

  #emit(): void {
    if (this.#listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch {
        // A faulty listener must not break sign-in or account changes.
      }
    }
  }

  #emitReplacement(from: string, to: string): void {
    for (const listener of this.#replacementListeners) {
      try {
        listener({ from, to });
      } catch {
        // A faulty listener must not break the sign-in.
      }
    }
  }

  /** Account changes run one at a time, so a switch cannot interleave with a sign-in being stored. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
