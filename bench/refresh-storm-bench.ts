/**
 * 100 concurrent `getToken()` calls on an expired token (the image service, a queue of generations and the
 * UI all asking at once after the laptop wakes): how many times does labs.google's session endpoint get
 * called? Counted from the emulator's request log. The emulator and the manager share a fake clock, so the
 * token really is expired for both.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { installEmulatorDispatcher } from '../src/app/demo/emulator-routing.ts';
import { startEmulator } from '../tests/support/emulator/index.ts';
import { FakeClock } from '../tests/support/fake-clock.ts';
import type { BenchOptions } from './bench-options.ts';
import { signedInSession } from './bench-session.ts';

const CONCURRENT_CALLS = 100;
const TWO_HOURS_MS = 2 * 3_600_000;

export interface RefreshStormFigures {
  readonly concurrentCalls: number;
  readonly sessionFetches: number;
  /** Distinct tokens handed out (1: everyone got the same fresh token). */
  readonly distinctTokens: number;
}

export async function runRefreshStormBench(options: BenchOptions): Promise<RefreshStormFigures> {
  options.log(`refresh storm: ${CONCURRENT_CALLS} concurrent getToken() on an expired token`);
  const userData = path.join(options.workDir, 'refresh-storm');
  await rm(userData, { recursive: true, force: true });
  const clock = new FakeClock();
  const emu = await startEmulator({ clock });
  const restore = installEmulatorDispatcher(emu.route);
  const session = await signedInSession(emu, clock, userData).catch(async (error: unknown) => {
    restore();
    await emu.close();
    throw error;
  });
  try {
    // Asleep past the token's expiry: no timer ran, so the first caller after wake finds it expired.
    await clock.sleepSystem(TWO_HOURS_MS);
    emu.resetLog();
    const tokens = await Promise.all(Array.from({ length: CONCURRENT_CALLS }, () => session.manager.getToken()));
    return {
      concurrentCalls: CONCURRENT_CALLS,
      sessionFetches: emu.requests.count({ host: 'labs.google', path: '/fx/api/auth/session' }),
      distinctTokens: new Set(tokens).size,
    };
  } finally {
    session.manager.dispose();
    restore();
    await emu.close();
  }
}
