/**
 * Tells "the computer is offline" apart from "Google does not answer": the operating system's network
 * state (Electron's `net.isOnline()`, through a port) first, then a cheap probe of the Google host the
 * backend uses. A hanging or unreachable Google is not "you are offline", and the words the user
 * reads — and what the queue waits for — follow from which one it is.
 */
import type { Clock } from '../../core/index.ts';

/** What the queue knows about the way to Google. */
export type Connectivity = 'online' | 'offline' | 'google-unreachable';

/** The operating system's view of the network (implemented in src/app/electron with `net.isOnline()`). */
export interface NetworkStatus {
  isOnline(): boolean;
}

export interface ReachabilityMonitorOptions {
  readonly network: NetworkStatus;
  /** True when Google answers at all (the backend's `reachable`); must not throw. */
  readonly probe: (signal?: AbortSignal) => Promise<boolean>;
  readonly clock: Pick<Clock, 'sleep'>;
  /** How often a wait for Google re-checks. Default 15 s. */
  readonly recheckMs?: number;
}

export class ReachabilityMonitor {
  readonly #network: NetworkStatus;
  readonly #probe: (signal?: AbortSignal) => Promise<boolean>;
  readonly #clock: Pick<Clock, 'sleep'>;
  readonly #recheckMs: number;
  readonly #nudges = new Set<() => void>();

  constructor(options: ReachabilityMonitorOptions) {
    this.#network = options.network;
    this.#probe = options.probe;
    this.#clock = options.clock;
    this.#recheckMs = options.recheckMs ?? 15_000;
  }

  /** The operating system's network state: cheap, no request. */
  isOnline(): boolean {
    return this.#network.isOnline();
  }

  /** Checks now: no network is `offline`; otherwise the probe decides. */
  async check(signal?: AbortSignal): Promise<Connectivity> {
    if (!this.#network.isOnline()) return 'offline';
    return (await this.#probe(signal)) ? 'online' : 'google-unreachable';
  }

  /**
   * Resolves once Google answers, checking now and then every `recheckMs` (or at once after {@link recheck});
   * each result goes to `onStatus` first, so waiting jobs can say what they wait for. Rejects when `signal`
   * aborts.
   */
  async whenReachable(onStatus: (status: Connectivity) => void, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const status = await this.check(signal);
      signal?.throwIfAborted();
      onStatus(status);
      if (status === 'online') return;
      await this.#pause(signal);
    }
  }

  /** The network may be back (the OS said so, the machine woke up): waits re-check now. */
  recheck(): void {
    for (const nudge of [...this.#nudges]) nudge();
  }

  /** Sleeps `recheckMs`, ending early on {@link recheck}. */
  async #pause(signal: AbortSignal | undefined): Promise<void> {
    const early = new AbortController();
    const nudge = (): void => early.abort();
    const onAbort = (): void => early.abort();
    this.#nudges.add(nudge);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.#clock.sleep(this.#recheckMs, early.signal);
    } catch {
      signal?.throwIfAborted();
    } finally {
      this.#nudges.delete(nudge);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
