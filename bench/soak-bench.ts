/**
 * A short run of the vault kill soak (tests/support/vault-soak-runner.ts) inside the bench: a child process
 * saving to the vault is SIGKILLed at random moments and the vault must open to the last acknowledged
 * record or the next one every time. `npm run soak -- --kills 1000` is the full run.
 */
import { runVaultKillSoak } from '../tests/support/vault-soak-runner.ts';
import { round } from './stats.ts';

export interface SoakFigures {
  readonly kills: number;
  readonly survived: number;
  readonly seed: number;
  readonly seconds: number;
  readonly landedInsideWrite: number;
  readonly landedAfterWrite: number;
  readonly failures: readonly string[];
}

export async function runSoakBench(kills: number, log: (line: string) => void): Promise<SoakFigures> {
  log(`vault kill soak: ${kills} kills`);
  const result = await runVaultKillSoak({ kills });
  return {
    kills: result.kills,
    survived: result.verified,
    seed: result.seed,
    seconds: round(result.durationMs / 1000, 1),
    landedInsideWrite: result.landedInsideWrite,
    landedAfterWrite: result.landedAfterWrite,
    failures: result.failures,
  };
}
