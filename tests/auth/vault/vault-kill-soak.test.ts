/**
 * Kill soak: 200 SIGKILLs of a process that is saving to the vault (same SessionVault, conf-backed store
 * and atomic writes the app uses). After every kill the vault must decrypt to the last acknowledged record
 * or the next one. `npm run soak -- --kills 1000` runs the same soak longer.
 */
import { describe, expect, it } from 'vitest';
import { runVaultKillSoak } from '../../support/vault-soak-runner.ts';

const KILLS = 200;

describe('vault kill soak', () => {
  it(`survives ${KILLS} SIGKILLs at random moments: always the previous or the next record, never unreadable`, async () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major, 'Run the tests with `npx vitest` so they use Node 24 from devDependencies (npm ci installs it).').toBeGreaterThanOrEqual(24);

    const result = await runVaultKillSoak({ kills: KILLS });

    expect(result.failures, `seed ${result.seed}`).toEqual([]);
    expect(result.verified).toBe(KILLS);
    // The kills really landed among writes: inside one (a temp file left behind) or between a write and its ack.
    expect(result.acknowledgedWrites).toBeGreaterThan(KILLS / 2);
    expect(result.landedInsideWrite + result.landedAfterWrite).toBeGreaterThan(KILLS / 10);
  }, 240_000);
});
