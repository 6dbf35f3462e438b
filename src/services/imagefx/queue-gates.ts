/**
 * The two things the generation queue checks before it starts a job, each with its own memory:
 * - the account gate: a job runs only while its account is the active, signed-in one, and not while that
 *   account's sign-in ended under one of its jobs (until it is restored);
 * - the connectivity gate: nothing starts while the computer is offline or Google does not answer; it
 *   waits — once, however many jobs wait — for the way to Google to return, then tells the queue.
 */
import type { GenerationJob } from '../../shared/generation-schemas.ts';
import type { Connectivity, ReachabilityMonitor } from './reachability.ts';

/** Which account may generate now (implemented over the account layer's snapshot). */
export interface GenerationAccounts {
  /** The active account — new jobs belong to it — or `null` when none is. */
  activeAccountId(): string | null;
  /** True while the active account's session can make requests. */
  isSignedIn(): boolean;
}

export class AccountGate {
  readonly #accounts: GenerationAccounts;
  /** Accounts whose sign-in ended under a job: their jobs pause until restored. */
  readonly #held = new Set<string>();

  constructor(accounts: GenerationAccounts) {
    this.#accounts = accounts;
  }

  activeAccountId(): string | null {
    return this.#accounts.activeAccountId();
  }

  canRun(job: GenerationJob): boolean {
    return job.accountId === this.#accounts.activeAccountId() && this.#accounts.isSignedIn() && !this.#held.has(job.accountId);
  }

  /** `accountId`'s sign-in ended under one of its jobs. */
  hold(accountId: string): void {
    this.#held.add(accountId);
  }

  isHeld(accountId: string): boolean {
    return this.#held.has(accountId);
  }

  /** `accountId` signed in again (or was replaced by a new sign-in). */
  release(accountId: string): void {
    this.#held.delete(accountId);
  }

  /** Releases `accountId` when it is the active account and signed in (a resume, not a sign-in, asked). */
  releaseIfSignedIn(accountId: string): void {
    if (accountId === this.#accounts.activeAccountId() && this.#accounts.isSignedIn()) this.#held.delete(accountId);
  }
}

export class ConnectivityGate {
  readonly #reachability: Pick<ReachabilityMonitor, 'isOnline' | 'check' | 'whenReachable'>;
  /** Told when the gate closes further (what jobs wait for changed) or opens again. */
  readonly #onChange: () => void;
  #blocked: Exclude<Connectivity, 'online'> | null = null;
  #waiting: AbortController | null = null;
  #disposed = false;

  constructor(reachability: Pick<ReachabilityMonitor, 'isOnline' | 'check' | 'whenReachable'>, onChange: () => void) {
    this.#reachability = reachability;
    this.#onChange = onChange;
  }

  /** Why nothing may start now (`offline`, `google-unreachable`), or `null` when the way is open. */
  blockedBy(): Exclude<Connectivity, 'online'> | null {
    if (!this.#blocked && !this.#reachability.isOnline()) this.#close('offline');
    return this.#blocked;
  }

  /**
   * A request ran out of retries for a reason that heals: is the way to Google gone? If so the gate closes
   * (and waits for it); `online` means Google answers and the failure is the request's own.
   */
  async checkAfterFailure(signal: AbortSignal): Promise<Connectivity> {
    const status = await this.#reachability.check(signal);
    if (status !== 'online' && !signal.aborted) this.#close(status);
    return status;
  }

  dispose(): void {
    this.#disposed = true;
    this.#waiting?.abort();
  }

  #close(status: Exclude<Connectivity, 'online'>): void {
    this.#blocked = status;
    void this.#awaitReturn();
  }

  async #awaitReturn(): Promise<void> {
    if (this.#waiting || this.#disposed) return;
    const controller = new AbortController();
    this.#waiting = controller;
    try {
      await this.#reachability.whenReachable((status) => {
        if (status === 'online' || status === this.#blocked) return;
        this.#blocked = status;
        this.#onChange();
      }, controller.signal);
    } catch {
      return; // disposed
    } finally {
      this.#waiting = null;
    }
    this.#blocked = null;
    this.#onChange();
  }
}
