/**
 * Decides when the session is refreshed: at expiry minus a margin, with jitter, as a wall-clock deadline.
 *
 * The recipe this replaces set one `setTimeout(expiry − now)`; for expiries more than 24.8 days away that
 * delay overflows and the timer fires at once. Here no timer is longer than the poll interval: each tick
 * re-reads the wall clock and either refreshes or re-arms, so long expiries, system sleep (timers stall
 * while the clock moves on) and clock changes are all handled by one mechanism, and `check()` lets power,
 * screen-unlock and network events re-evaluate at once. Concurrent callers share one refresh in flight.
 */
import type { Clock } from '../../core/index.ts';

/** What one refresh attempt concluded, as the scheduler needs to know it. */
export type RefreshAttemptResult =
  /** The session is fresh until `expiresAt` (epoch ms). */
  | { readonly kind: 'refreshed'; readonly expiresAt: number }
  /** A transient failure: try again later, no sooner than `retryAfterMs` when the server said so. */
  | { readonly kind: 'retry'; readonly retryAfterMs: number | null }
  /** Nothing more to do until someone calls `start()` again (signed out, revoked, needs the user). */
  | { readonly kind: 'stop' };

export type WakeReason = 'resume' | 'unlock-screen' | 'online' | 'poll' | 'manual';

export interface RefreshSchedulerOptions {
  readonly clock: Clock;
  /** Uniform in [0, 1); injected so tests are deterministic. */
  readonly random: () => number;
  readonly refresh: () => Promise<RefreshAttemptResult>;
  /** Refresh this long before expiry (capped at half the token's remaining life). Default 5 minutes. */
  readonly marginMs?: number;
  /** Up to this much earlier again, at random, so many clients do not refresh in step. Default 60 s. */
  readonly jitterMs?: number;
  /** The longest any single timer runs before the deadline is re-checked. Default 5 minutes. */
  readonly pollMs?: number;
  /** Exponential backoff for transient failures: first delay and cap. Defaults 5 s and 15 minutes. */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
}

export class RefreshScheduler {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #refresh: () => Promise<RefreshAttemptResult>;
  readonly #marginMs: number;
  readonly #jitterMs: number;
  readonly #pollMs: number;
  readonly #backoffBaseMs: number;
  readonly #backoffCapMs: number;

  #dueAt: number | null = null;
  #failures = 0;
  #cancelTimer: (() => void) | null = null;
  #inFlight: Promise<RefreshAttemptResult> | null = null;
  #running = false;

  constructor(options: RefreshSchedulerOptions) {
    this.#clock = options.clock;
    this.#random = options.random;
    this.#refresh = options.refresh;
    this.#marginMs = options.marginMs ?? 5 * 60_000;
    this.#jitterMs = options.jitterMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 5 * 60_000;
    this.#backoffBaseMs = options.backoffBaseMs ?? 5_000;
    this.#backoffCapMs = options.backoffCapMs ?? 15 * 60_000;
  }

  /** When the next refresh is due (epoch ms), or `null` when none is scheduled. */
  get nextRefreshAt(): number | null {
    return this.#dueAt;
  }

  /** Schedules the refresh for a token expiring at `expiresAt`; `null` (no token) refreshes now. */
  start(expiresAt: number | null): void {
    this.#running = true;
    this.#failures = 0;
    this.#dueAt = expiresAt === null ? this.#clock.now() : this.#deadlineFor(expiresAt);
    this.#arm();
  }

  /** Cancels the timer; an attempt in flight finishes but schedules nothing. */
  stop(): void {
    this.#running = false;
    this.#dueAt = null;
    this.#disarm();
  }

  /**
   * Re-evaluates the deadline now (after sleep, unlock, or a periodic poll). When the network comes back
   * during a backoff, the wait is cut short: the failure was most likely the network itself.
   */
  check(reason: WakeReason): void {
    if (!this.#running || this.#dueAt === null) return;
    if (reason === 'online' && this.#failures > 0) this.#dueAt = this.#clock.now();
    this.#tick();
  }

  /** Refreshes now; concurrent callers share the one attempt in flight. */
  refreshNow(): Promise<RefreshAttemptResult> {
    this.#inFlight ??= this.#attempt().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #attempt(): Promise<RefreshAttemptResult> {
    this.#disarm();
    let result: RefreshAttemptResult;
    try {
      result = await this.#refresh();
    } catch {
      // The refresh callback classifies its own failures; an unexpected throw is treated as transient.
      result = { kind: 'retry', retryAfterMs: null };
    }
    if (!this.#running) return result;
    const now = this.#clock.now();
    switch (result.kind) {
      case 'refreshed':
        this.#failures = 0;
        // A token that is (nearly) expired the moment it arrives must not turn into a refresh loop.
        this.#dueAt = Math.max(this.#deadlineFor(result.expiresAt), now + this.#backoffBaseMs);
        break;
      case 'retry': {
        this.#failures += 1;
        this.#dueAt = now + Math.max(result.retryAfterMs ?? 0, this.#backoffDelay());
        break;
      }
      case 'stop':
        this.#running = false;
        this.#dueAt = null;
        break;
    }
    this.#arm();
    return result;
  }

  /** Expiry minus margin minus jitter, but never less than half the remaining life from now. */
  #deadlineFor(expiresAt: number): number {
    const remaining = Math.max(0, expiresAt - this.#clock.now());
    const margin = Math.min(this.#marginMs, remaining / 2);
    const jitter = Math.min(this.#jitterMs, remaining / 10) * this.#random();
    return expiresAt - margin - jitter;
  }

  /** Exponential backoff with a ±25 % spread, capped. */
  #backoffDelay(): number {
    const exponential = this.#backoffBaseMs * 2 ** Math.min(this.#failures - 1, 30);
    const capped = Math.min(this.#backoffCapMs, exponential);
    return capped * (0.75 + this.#random() * 0.5);
  }

  #tick(): void {
    if (!this.#running || this.#dueAt === null) return;
    if (this.#clock.now() >= this.#dueAt) {
      void this.refreshNow();
    } else {
      this.#arm();
    }
  }

  #arm(): void {
    this.#disarm();
    if (!this.#running || this.#dueAt === null) return;
    const delay = Math.min(Math.max(0, this.#dueAt - this.#clock.now()), this.#pollMs);
    this.#cancelTimer = this.#clock.setTimer(() => {
      this.#cancelTimer = null;
      this.#tick();
    }, delay);
  }

  #disarm(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
  }
}
