#!/usr/bin/env node
/**
 * `npm run soak -- --kills 1000 [--seed N]`: the vault kill soak (tests/support/vault-soak-runner.ts),
 * longer than the test suite's. Prints progress as `done/total`, then the result; exits 1 on any failure.
 * Needs Node 24 (the devDependency `npm run` puts first on PATH): it imports TypeScript via type stripping.
 */
import { parseArgs } from 'node:util';
import { runVaultKillSoak } from '../tests/support/vault-soak-runner.ts';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '1000' }, seed: { type: 'string' }, 'max-delay': { type: 'string' } },
});
const kills = Number(values.kills);
if (!Number.isInteger(kills) || kills <= 0) {
  console.error(`--kills must be a positive whole number, got ${values.kills}`);
  process.exit(2);
}

const step = Math.max(1, Math.round(kills / 20));
const result = await runVaultKillSoak({
  kills,
  seed: values.seed === undefined ? undefined : Number(values.seed),
  maxKillDelayMs: values['max-delay'] === undefined ? undefined : Number(values['max-delay']),
  onProgress: (done, total) => {
    if (done % step === 0 || done === total) console.log(`${done}/${total}`);
  },
});

for (const failure of result.failures) console.error(`FAIL ${failure}`);
console.log(
  `${result.verified}/${result.kills} kills verified (seed ${result.seed}, ${(result.durationMs / 1000).toFixed(1)} s): ` +
    `${result.acknowledgedWrites} acknowledged saves, ${result.landedInsideWrite} kills inside a write, ` +
    `${result.landedAfterWrite} between a write and its acknowledgement`,
);
process.exit(result.failures.length === 0 && result.verified === kills ? 0 : 1);
