/**
 * What a `GenerationQueue` needs besides a generator and a sink, as test stand-ins that behave as the app's
 * do: the accounts (which one is active and signed in, switchable), the operating system's network state
 * (switchable), the reachability monitor over them, and a loop that lets a queue on the fake clock run to
 * its end (advancing time only while no request is in flight, so no deadline passes under a real request).
 */
import { GenerationQueue, type GenerationAccounts, type GenerationQueueOptions } from '../../src/services/imagefx/generation-queue.ts';
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
  readonly clock: FakeClock;
  readonly accounts?: GenerationAccounts;
  readonly network?: NetworkStatus;
  /** Whether Google answers (default: always). */
  readonly probe?: (signal?: AbortSignal) => Promise<boolean>;
  readonly pacing?: PacingOptions;
  readonly random?: () => number;
}

export function createTestQueue(options: TestQueueOptions): { queue: GenerationQueue; reachability: ReachabilityMonitor } {
  const reachability = new ReachabilityMonitor({
    network: options.network ?? new TestNetwork(),
    probe: options.probe ?? (async () => true),
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
  return { queue, reachability };
}

/**
 * Runs `queue` until it is idle: lets real I/O proceed while a request is in flight and moves the fake
 * clock a step otherwise (pacing, retry waits, reachability re-checks). Fails after `realTimeoutMs`.
 */
export async function runUntilIdle(queue: GenerationQueue, clock: FakeClock, stepMs = 500, realTimeoutMs = 20_000): Promise<void> {
  let idle = false;
  void queue.whenIdle().then(() => {
    idle = true;
  });
  const deadline = Date.now() + realTimeoutMs;
  while (!idle) {
    if (Date.now() > deadline) throw new Error(`the queue did not become idle: ${JSON.stringify(queue.listJobs().map((job) => [job.id, job.status, job.wait]))}`);
    const inFlight = queue.listJobs().some((job) => job.status === 'running' && job.wait === null);
    if (inFlight) await new Promise((resolve) => setTimeout(resolve, 2));
    else await clock.advance(stepMs);
  }
}
