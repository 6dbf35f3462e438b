/**
 * What a `GenerationQueue` needs besides a generator and a sink, as test stand-ins that behave as the app's
 * do: the accounts (which one is active and signed in, switchable), the operating system's network state
 * (switchable), the reachability monitor over them, and a loop that lets a queue on the fake clock run to
 * its end (advancing time only while no request is in flight, so no deadline passes under a real request).
 */
import type { Clock } from '../../src/core/index.ts';
import { GenerationQueue, type GenerationQueueOptions } from '../../src/services/imagefx/generation-queue.ts';
import type { GenerationAccounts } from '../../src/services/imagefx/queue-gates.ts';
import type { PacingOptions } from '../../src/services/imagefx/generation-pacing.ts';
import { ReachabilityMonitor, type NetworkStatus } from '../../src/services/imagefx/reachability.ts';
import type { FakeClock } from './fake-clock.ts';

export const TEST_ACCOUNT = 'account-1';

/** No pause between generations: for tests about order and control, not pacing. */
export const NO_PACING: PacingOptions = { minMs: 0, maxMs: 0 };

export class TestAccounts implements GenerationAccounts {
  active: string | null = TEST_ACCOUNT;
  signedIn = true;

  activeAccountId(): string | null {
    return this.active;
  }

  isSignedIn(): boolean {
    return this.active !== null && this.signedIn;
  }
}

export class TestNetwork implements NetworkStatus {
  online = true;

  isOnline(): boolean {
    return this.online;
  }
}

export interface TestQueueOptions extends Pick<GenerationQueueOptions, 'generator' | 'sink'> {
  readonly clock: Clock;
  readonly accounts?: GenerationAccounts;
  readonly network?: NetworkStatus;
  /** Whether Google answers (default: always). */
  readonly probe?: (signal?: AbortSignal) => Promise<boolean>;
  readonly pacing?: PacingOptions;
  readonly random?: () => number;
}

/** A probe that counts the checks in flight, so a drain loop knows not to move time under one. */
export class CountedProbe {
  inFlight = 0;
  readonly #probe: (signal?: AbortSignal) => Promise<boolean>;

  constructor(probe: (signal?: AbortSignal) => Promise<boolean>) {
    this.#probe = probe;
  }

  readonly probe = async (signal?: AbortSignal): Promise<boolean> => {
    this.inFlight += 1;
    try {
      return await this.#probe(signal);
    } finally {
      this.inFlight -= 1;
    }
  };
}

export function createTestQueue(options: TestQueueOptions): { queue: GenerationQueue; reachability: ReachabilityMonitor; probe: CountedProbe } {
  const probe = new CountedProbe(options.probe ?? (async () => true));
  const reachability = new ReachabilityMonitor({
    network: options.network ?? new TestNetwork(),
    probe: probe.probe,
    clock: options.clock,
  });
  const queue = new GenerationQueue({
    generator: options.generator,
    sink: options.sink,
    clock: options.clock,
    random: options.random ?? (() => 0.5),
    accounts: options.accounts ?? new TestAccounts(),
    reachability,
    ...(options.pacing ? { pacing: options.pacing } : {}),
  });
  return { queue, reachability, probe };
}

/**
 * Moves the fake clock a step at a time until `done()`, letting real I/O proceed instead whenever a
 * request is in flight (a job running and not waiting, or a reachability probe), so no deadline passes
 * under a real request. Fails after `realTimeoutMs` with `describe()`.
 */
export async function advanceUntil(
  clock: FakeClock,
  done: () => boolean,
  busy: () => boolean,
  describe: () => string,
  stepMs = 500,
  realTimeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + realTimeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(describe());
    if (busy()) await new Promise((resolve) => setTimeout(resolve, 2));
    else await clock.advance(stepMs);
  }
}

/** True while one of the queue's jobs has a request in flight (running, not sitting out a wait). */
export function requestInFlight(queue: GenerationQueue): boolean {
  return queue.listJobs().some((job) => job.status === 'running' && job.wait === null);
}

/** Runs `queue` until it is idle (see {@link advanceUntil}). */
export async function runUntilIdle(queue: GenerationQueue, clock: FakeClock, probe?: CountedProbe): Promise<void> {
  let idle = false;
  void queue.whenIdle().then(() => {
    idle = true;
  });
  await advanceUntil(
    clock,
    () => idle,
    () => requestInFlight(queue) || (probe?.inFlight ?? 0) > 0,
    () => `the queue did not become idle: ${JSON.stringify(queue.listJobs().map((job) => [job.id, job.status, job.wait]))}`,
  );
}
