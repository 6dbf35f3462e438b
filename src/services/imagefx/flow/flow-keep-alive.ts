/**
 * Keeps the active Flow account's Google session alive the way an open browser tab does: the account's
 * hidden page loads flow.google.com again on a schedule (on the injected clock, a little sooner at random
 * each time), and Google rotates `__Secure-1PSIDTS` / `SIDCC` on such loads; the account's partition cookie
 * jar, which watches the partition, seals the rotated cookies into the vault. A visit that lands signed out
 * is reported by the Flow backend (`onSignedOut`), the account then asks for a sign-in, `target()` stops
 * naming it, and nothing reloads until it is signed in again — never a loop.
 */
import type { Clock } from '../../../core/index.ts';
import type { FlowAccountCheck } from '../../../shared/flow-account-check.ts';

export interface FlowKeepAliveOptions {
  readonly clock: Clock;
  /** Uniform in [0, 1): how much sooner each visit comes. */
  readonly random: () => number;
  /** The account to keep alive now (the active one, on Flow and signed in), or `null`. */
  readonly target: () => string | null;
  /** Opens flow.google.com on the account's hidden page (the Flow backend's `checkAccount`). */
  readonly check: (accountId: string, signal: AbortSignal) => Promise<FlowAccountCheck>;
  /** Between two visits at most. Default 30 minutes. */
  readonly intervalMs?: number;
  /** Up to this share of the interval sooner, at random. Default 0.2. */
  readonly jitter?: number;
}

export const DEFAULT_KEEP_ALIVE_INTERVAL_MS = 30 * 60_000;

export class FlowKeepAlive {
  readonly #options: FlowKeepAliveOptions;
  readonly #abort = new AbortController();
  #cancelTimer: (() => void) | null = null;
  #nextVisitAt: number | null = null;
  #visiting: Promise<FlowAccountCheck | null> | null = null;

  constructor(options: FlowKeepAliveOptions) {
    this.#options = options;
  }

  /** When the next visit is due (epoch ms); `null` while a scheduled visit runs, and when stopped. */
  get nextVisitAt(): number | null {
    return this.#nextVisitAt;
  }

  /** Schedules the first visit (one interval from now) and every one after it. */
  start(): void {
    if (this.#abort.signal.aborted || this.#cancelTimer) return;
    this.#arm();
  }

  /** Stops the schedule; a visit in flight is abandoned. */
  stop(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    this.#nextVisitAt = null;
    this.#abort.abort();
  }

  /**
   * Visits now when there is an account to keep alive (shared with a visit in flight); `null` when there
   * is none. The schedule goes on from its own timer.
   */
  visitNow(): Promise<FlowAccountCheck | null> {
    if (this.#visiting) return this.#visiting;
    const accountId = this.#options.target();
    if (accountId === null || this.#abort.signal.aborted) return Promise.resolve(null);
    const visit = this.#options.check(accountId, this.#abort.signal).finally(() => {
      this.#visiting = null;
    });
    this.#visiting = visit;
    return visit;
  }

  #arm(): void {
    const interval = this.#options.intervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS;
    const delay = Math.round(interval * (1 - (this.#options.jitter ?? 0.2) * this.#options.random()));
    this.#nextVisitAt = this.#options.clock.now() + delay;
    this.#cancelTimer = this.#options.clock.setTimer(() => {
      this.#cancelTimer = null;
      this.#nextVisitAt = null;
      void this.visitNow()
        .catch(() => null) // a check never throws; a broken one must not stop the schedule either
        .finally(() => {
          if (!this.#abort.signal.aborted) this.#arm();
        });
    }, delay);
  }
}
