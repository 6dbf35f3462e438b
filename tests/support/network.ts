/**
 * Test conveniences for talking to the labs.google emulator through the app's own routing helper.
 *
 *   const env = withEmulator();            // in a describe block or at file level
 *   it('…', async () => { await new ImageFX(env.emu.control.createSession().cookieHeader)… });
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { installEmulatorDispatcher } from '../../src/app/demo/emulator-routing.ts';
import { startEmulator } from './emulator/start-emulator.ts';
import type { Emulator, EmulatorOptions } from './emulator/start-emulator.ts';

/** An emulator with the global fetch routed to it. */
export interface RoutedEmulator {
  readonly emu: Emulator;
  /** Restores the previous global dispatcher and closes the emulator. */
  close(): Promise<void>;
}

/** Starts an emulator and routes the process-wide `fetch` to it (every other host is refused). */
export async function startRoutedEmulator(options?: EmulatorOptions): Promise<RoutedEmulator> {
  const emu = await startEmulator(options);
  const restore = installEmulatorDispatcher(emu.route);
  return {
    emu,
    async close() {
      restore();
      await emu.close();
    },
  };
}

/** Options for {@link withEmulator}. */
export interface WithEmulatorOptions extends EmulatorOptions {
  /** Route the global `fetch` to the emulator (default true). */
  readonly routeFetch?: boolean;
  /** Before each test: default settings, no queued faults, empty request log (default true). */
  readonly resetBeforeEach?: boolean;
}

/**
 * Registers vitest hooks: start the emulator (and route fetch) before all tests, reset its settings and
 * log before each, restore routing and close after all. Read `.emu` inside tests or hooks.
 */
export function withEmulator(options: WithEmulatorOptions = {}): { readonly emu: Emulator } {
  let emu: Emulator | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    emu = await startEmulator(options);
    if (options.routeFetch ?? true) restore = installEmulatorDispatcher(emu.route);
  });
  if (options.resetBeforeEach ?? true) {
    beforeEach(() => {
      emu?.control.reset();
      emu?.resetLog();
    });
  }
  afterAll(async () => {
    restore?.();
    await emu?.close();
  });
  return {
    get emu(): Emulator {
      if (!emu) throw new Error('withEmulator(): the emulator is only available inside tests and hooks');
      return emu;
    },
  };
}
