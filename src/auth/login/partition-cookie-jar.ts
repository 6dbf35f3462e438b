/**
 * The account's sign-in partition is in memory (no `persist:`), so Chromium never writes Google's cookies
 * to its own cookie store (issue 15, row 3). What must survive a restart lives in the vault instead: the
 * account's cookie jar for the Google hosts it needs — labs.google, the `.google.com` SID family
 * (`SID`, `__Secure-1PSID*`, `SIDCC`, …), accounts.google.com, and flow.google.com's host-only cookies
 * (`__Secure-OSID`, `OSID`). This class moves it between the two:
 *
 * - {@link PartitionCookieJar.restore}: before any window of the account loads, the sealed jar is put back
 *   into the fresh partition (once per run; expired cookies are skipped);
 * - {@link PartitionCookieJar.track}: after a sign-in, or for the active account at start, the jar is
 *   captured now and again whenever the partition's Google cookies change (debounced), so rotated cookies
 *   reach the vault — which keeps them in memory only when the keychain cannot protect them.
 *
 * The partition's cookies are a port ({@link PartitionCookies}): Electron's `session.cookies` in the app,
 * the shim's jar or a Chromium browser context in tests. The vault is a port too ({@link CookieJarStore}).
 */
import type { Clock } from '../../core/index.ts';
import type { SessionCookie } from '../session/index.ts';
import type { LoginSurfaceProvider } from './login-surface.ts';

/** The hosts whose cookies make an account's jar: a cookie is kept when its domain (without a leading dot) is one. */
export const JAR_COOKIE_DOMAINS: readonly string[] = ['labs.google', 'google.com', 'accounts.google.com', 'flow.google.com'];

/** True when `domain` (a cookie's, `.google.com` or host-only `flow.google.com`) belongs in the jar. */
export function isJarCookieDomain(domain: string): boolean {
  return JAR_COOKIE_DOMAINS.includes(domain.toLowerCase().replace(/^\./, ''));
}

/** One account's in-memory sign-in partition, as far as its Google cookies go. */
export interface PartitionCookies {
  /** Every cookie of the partition on the {@link JAR_COOKIE_DOMAINS}. */
  read(accountId: string): Promise<SessionCookie[]>;
  /** Puts cookies into the partition (a domain starting with `.` is a domain cookie, otherwise host-only). */
  write(accountId: string, cookies: readonly SessionCookie[]): Promise<void>;
  /** Calls `listener` whenever a cookie of the {@link JAR_COOKIE_DOMAINS} changes; returns the unsubscribe function. */
  onDidChange(accountId: string, listener: () => void): () => void;
}

/** Where jars are kept (the vault: `SessionVault` fits). */
export interface CookieJarStore {
  loadJar(accountId: string): Promise<readonly SessionCookie[] | null>;
  saveJar(accountId: string, cookies: readonly SessionCookie[]): Promise<void>;
}

export interface PartitionCookieJarOptions {
  readonly partitions: PartitionCookies;
  readonly store: CookieJarStore;
  readonly clock: Clock;
  /** Changes within this window are captured once. Default 1 s. */
  readonly debounceMs?: number;
}

/** A stable fingerprint of a jar, in memory only, so an unchanged jar is not sealed again. */
function fingerprint(cookies: readonly SessionCookie[]): string {
  return JSON.stringify([...cookies].map((c) => [c.domain, c.path, c.name, c.value, c.expiresAt]).sort());
}

export class PartitionCookieJar {
  readonly #options: PartitionCookieJarOptions;
  readonly #restored = new Map<string, Promise<void>>();
  readonly #tracked = new Map<string, { stop: () => void; cancelTimer: () => void }>();
  /** The fingerprint of what the vault holds for each account (restored or last captured). */
  readonly #saved = new Map<string, string>();
  /** Accounts whose restore is writing into the partition: those change events are ours, not rotation. */
  readonly #restoring = new Set<string>();

  constructor(options: PartitionCookieJarOptions) {
    this.#options = options;
  }

  /** Puts the account's sealed jar into its partition, once per run (later calls wait for the first). Never throws. */
  restore(accountId: string): Promise<void> {
    let restoring = this.#restored.get(accountId);
    if (!restoring) {
      restoring = this.#restore(accountId);
      this.#restored.set(accountId, restoring);
    }
    return restoring;
  }

  /**
   * Keeps the account's jar in the vault: restores it first, captures it now (a sign-in just filled the
   * partition) and after every change of its Google cookies. Idempotent. Never throws.
   */
  async track(accountId: string): Promise<void> {
    await this.restore(accountId);
    if (!this.#tracked.has(accountId)) {
      const entry: { stop: () => void; cancelTimer: () => void } = { stop: () => undefined, cancelTimer: () => undefined };
      this.#tracked.set(accountId, entry);
      entry.stop = this.#options.partitions.onDidChange(accountId, () => {
        if (this.#restoring.has(accountId)) return;
        entry.cancelTimer();
        entry.cancelTimer = this.#options.clock.setTimer(() => void this.capture(accountId), this.#options.debounceMs ?? 1_000);
      });
    }
    await this.capture(accountId);
  }

  /** Seals the partition's current jar into the vault when it differs from what the vault holds. Never throws. */
  async capture(accountId: string): Promise<void> {
    try {
      const cookies = (await this.#options.partitions.read(accountId)).filter((cookie) => isJarCookieDomain(cookie.domain));
      const print = fingerprint(cookies);
      // Nothing to keep (a pasted-cookie account has no partition cookies) and nothing kept: no entry.
      if (this.#saved.get(accountId) === print || (cookies.length === 0 && !this.#saved.has(accountId))) return;
      await this.#options.store.saveJar(accountId, cookies);
      this.#saved.set(accountId, print);
    } catch {
      // The vault refused (a changed keychain) or the partition went away: the next change tries again.
    }
  }

  /** Stops tracking the account and forgets that its jar was restored (signed out, removed, cancelled). */
  forget(accountId: string): void {
    const tracked = this.#tracked.get(accountId);
    tracked?.stop();
    tracked?.cancelTimer();
    this.#tracked.delete(accountId);
    this.#restored.delete(accountId);
    this.#saved.delete(accountId);
  }

  /** Captures every tracked account now (at shutdown, so a pending debounced capture is not lost). */
  async flush(): Promise<void> {
    await Promise.all([...this.#tracked.keys()].map((accountId) => this.capture(accountId)));
  }

  /** Stops every subscription and timer. */
  dispose(): void {
    for (const accountId of [...this.#tracked.keys()]) this.forget(accountId);
  }

  async #restore(accountId: string): Promise<void> {
    try {
      const stored = await this.#options.store.loadJar(accountId);
      if (!stored || stored.length === 0) return;
      const now = this.#options.clock.now();
      const live = stored.filter((cookie) => isJarCookieDomain(cookie.domain) && (cookie.expiresAt === null || cookie.expiresAt > now));
      this.#restoring.add(accountId);
      try {
        await this.#options.partitions.write(accountId, live);
      } finally {
        this.#restoring.delete(accountId);
      }
      this.#saved.set(accountId, fingerprint(stored));
    } catch {
      // Nothing restored: the partition starts empty and the account signs in again if Google asks.
    }
  }
}

/**
 * `provider` with the account's jar restored before each of its surfaces is created, and forgotten when the
 * account's data is cleared: every sign-in window, hidden or not, starts from the sealed jar.
 */
export function withRestoredJars(provider: LoginSurfaceProvider, jars: PartitionCookieJar): LoginSurfaceProvider {
  return {
    async create(options) {
      await jars.restore(options.accountId);
      return provider.create(options);
    },
    async clearAccountData(accountId) {
      jars.forget(accountId);
      await provider.clearAccountData(accountId);
    },
  };
}
