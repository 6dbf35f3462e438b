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
 * - Backends: each sign-in finds out which Google backend works for the account (account-backends.ts) and
 *   remembers it; the user may switch in Settings (`setBackend`, refused where it cannot work). When Flow's
 *   page says the account was signed out, `markSignedOut` asks the user to sign in again, as a revocation
 *   does; its queued work waits for that sign-in.
 *
 * Nothing this class returns or emits contains a cookie value or a token.
 */
import type { Clock, KeyValueStore } from '../../core/index.ts';
import type { AccountSummary, AuthSnapshot } from '../../shared/auth-schemas.ts';
import type { ImageBackendId } from '../../shared/generation-options.ts';
import { AccountBackendSetting } from './account-backends.ts';
import type { AccountService } from './account-service.ts';
import {
  ActiveAccountSetting, accountSummary, accountsWithEmail, composeSnapshot, createAccountId, isAccountId, type AccountDirectory,
} from './account-registry.ts';
import {
  AccountNotFoundError, beginInteractiveSignIn, validateCookieHeader, type FlowAccountProbe, type LoginSettings, type LoginSurfaceProvider,
  type PartitionCookieJar, type SignedInAccount, type SignInAttempt,
} from '../login/index.ts';
import type { SecureSessionManager, SessionClient } from '../session/index.ts';

/** The parts of SecureSessionManager the account manager drives. */
export type ActiveSession = Pick<
  SecureSessionManager,
  'storeSession' | 'loadSession' | 'clearSession' | 'getMetadata' | 'onDidChangeState' | 'markSignedOut'
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
  /**
   * Opens Flow on an account's partition (the Flow backend's hidden page). Given, sign-in starts on
   * flow.google.com and accounts Google moved there sign in as Flow accounts; without it, sign-in is
   * labs.google's alone and every account uses classic ImageFX.
   */
  readonly flow?: FlowAccountProbe;
  /** Plain settings (the `account-settings` store): the active account id, each account's backend. */
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
  readonly #backends: AccountBackendSetting;
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
    this.#backends = new AccountBackendSetting(options.settings);
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
      backendOf: (accountId) => this.backendOf(accountId),
    });
  }

  /** The backend `accountId` generates with (detected at sign-in, or the user's choice). */
  backendOf(accountId: string): ImageBackendId {
    return this.#backends.get(accountId).backend;
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
      .then((signedIn) => this.#exclusive(() => this.#adopt(signedIn)))
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
      // A pasted labs.google cookie has no partition for Flow to open: classic.
      return this.#adopt({ accountId: createAccountId(this.#options.randomBytes), account: session.account, labs: session, flow: null });
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

  setBackend(accountId: string, backend: ImageBackendId): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#isKnown(accountId)) throw new AccountNotFoundError();
      if (this.#backends.choose(accountId, backend)) this.#emit();
    });
  }

  /** Flow's page showed `accountId` signed out: the user must sign in again (see SecureSessionManager). */
  markSignedOut(accountId: string, reason: string): void {
    this.#sessions.markSignedOut(accountId, reason);
  }

  /**
   * For the account restored at start: asks Flow again which backend works, unless the user chose one —
   * the grid makes it a Flow account, Flow sending it to labs.google (with a labs.google session) a classic
   * one. Signed out on Flow, an account that uses Flow asks for a sign-in (the Flow backend reports that).
   * Opens no visible window; nothing changes when Flow cannot be asked.
   */
  async recheckBackend(signal?: AbortSignal): Promise<void> {
    const accountId = this.#activeId;
    const flow = this.#options.flow;
    if (accountId === null || !flow || this.#backends.get(accountId).chosenBy === 'user') return;
    if (!['signed-in', 'refreshing', 'offline'].includes(this.#sessions.getMetadata().state)) return;
    const found = await flow.check(accountId, signal);
    await this.#exclusive(async () => {
      if (this.#activeId === accountId && this.#backends.recheck(accountId, found)) this.#emit();
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

  /**
   * Stores what a sign-in found as `accountId` (labs.google's session, or a Flow session: Google's cookies
   * in the partition), remembers the backend it calls for, makes it active, and retires older entries for
   * its email (a choice the user made for those carries over where it can still work).
   */
  async #adopt(signedIn: SignedInAccount): Promise<AccountSummary> {
    const { accountId, account, labs } = signedIn;
    const now = this.#options.clock.now();
    const email = account.email.trim().toLowerCase();
    const replaced = accountsWithEmail(this.#directory, email, accountId);
    this.#backends.adopt(accountId, { labsSession: labs !== null, flow: signedIn.flow }, replaced);
    this.#activeId = accountId; // before storing, so the state change it emits already names this account
    await this.#sessions.storeSession(accountId, {
      via: labs ? 'labs' : 'flow',
      account,
      cookies: labs?.cookies ?? [],
      accessToken: labs?.accessToken ?? null,
      accessTokenExpiresAt: labs?.expiresAt ?? null,
      createdAt: now,
      lastRefreshedAt: now,
    });
    this.#active.set(accountId);
    // The partition now holds Google's account cookies for this sign-in: seal them, and their rotations.
    await this.#options.jars?.track(accountId);
    for (const id of replaced) {
      await this.#directory.remove(id);
      this.#backends.remove(id);
      await this.#options.flow?.release(id);
      await this.#options.surfaces.clearAccountData(id);
    }
    const retired = [...(this.#retired.get(email) ?? [])].filter((id) => id !== accountId);
    this.#retired.delete(email);
    this.#emit();
    for (const from of new Set([...replaced, ...retired])) this.#emitReplacement(from, accountId);
    return accountSummary(accountId, account, (id) => this.backendOf(id));
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
    this.#backends.remove(accountId);
    // Its hidden Flow page goes first: the partition under it is about to be wiped.
    await this.#options.flow?.release(accountId);
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
