/**
 * Time inside the emulator. Token lifetimes are measured with `now()` and injected latency waits with
 * `sleep()`, so a test can pass a fake clock (e.g. tests/support/fake-clock.ts) and control both.
 */

/** The part of the app's `Clock` port the emulator needs. */
export interface EmulatorClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** Real time: the default when a test does not inject a clock. */
export const realEmulatorClock: EmulatorClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
