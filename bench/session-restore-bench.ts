/**
 * What a restart costs to get the session back (read + unwrap + decrypt + parse), for the vault and for the
 * old recipe's crypto-js store (see session-restore-paths.ts for exactly what each does). Measured warm
 * (many restores in one process, the designs taking turns in blocks, after a warm-up: the steady-state cost) and cold
 * (the first restore in a fresh child process: what a restarted app really pays, JIT included).
 *
 * The keychain here is TestCipher (local AES-GCM; it passes the same contract suite as the safeStorage
 * adapter). A real OS keychain adds its own round trip to the one unwrap per start (libsecret over D-Bus,
 * the macOS keychain, DPAPI), which this machine cannot measure; see BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthEventStream } from '../src/auth/session/auth-events.ts';
import { SessionVault } from '../src/auth/vault/session-vault.ts';
import { unwrapDataKey } from '../src/auth/vault/vault-key.ts';
import { parseVaultDocument, VAULT_STORE_KEY } from '../src/auth/vault/vault-document.ts';
import { systemClock } from '../src/core/clock.ts';
import { FileQuarantine } from '../src/core/file-quarantine.ts';
import { TestCipher } from '../tests/support/test-cipher.ts';
import type { BenchOptions } from './bench-options.ts';
import { BENCH_ACCOUNT_ID, benchSessionRecord, openBenchStore } from './session-fixtures.ts';
import { cryptoJsRestorer, decryptLegacy, openVaultAt, readLegacyCiphertext, vaultRestorer, writeBothDesigns } from './session-restore-paths.ts';
import { median, round, sampleMs } from './stats.ts';

export interface SessionRestoreFigures {
  readonly vaultUsP50: number;
  readonly cryptoJsUsP50: number;
  /**
   * Parts of the vault restore, each timed alone (p50, µs): constructing the two stores; `SessionVault.open`
   * on them (reads both files again, keychain availability, unwrap); of that, the unwrap alone; `load`.
   */
  readonly vaultStoresOpenUsP50: number;
  readonly vaultOpenUsP50: number;
  readonly vaultUnwrapUsP50: number;
  readonly vaultLoadOnlyUsP50: number;
  /** Parts of the crypto-js restore (p50, µs): opening the store and reading the entry; passphrase + decrypt + parse. */
  readonly cryptoJsStoreOpenUsP50: number;
  readonly cryptoJsDecryptOnlyUsP50: number;
  /** The first restore in a fresh process (p50 over `coldRuns` processes per design, µs). */
  readonly coldRuns: number;
  readonly coldVaultUsP50: number;
  readonly coldCryptoJsUsP50: number;
}

/** Restores before timing starts, so that the warm figures are the code's steady state. */
const WARM_UP_RUNS = 50;
/**
 * The designs take turns in blocks: load on the shared machine hits both alike, while each block runs with
 * its own code and data hot (strict one-by-one alternation slowed both by ~40% through cache churn).
 */
const BLOCK_RUNS = 25;
const MAX_COLD_RUNS = 20;
const CHILD = fileURLToPath(new URL('./restore-child.ts', import.meta.url));
const us = (samples: number[]): number => round(median(samples) * 1000, 1);

export async function runSessionRestoreBench(options: BenchOptions): Promise<SessionRestoreFigures> {
  const userData = path.join(options.workDir, 'session-restore');
  await rm(userData, { recursive: true, force: true });
  const record = benchSessionRecord(systemClock.now());
  const token = record.accessToken!;
  const key = randomBytes(32);
  const cipher = new TestCipher({ key });
  await writeBothDesigns(userData, cipher, record);
  const restoreVault = vaultRestorer(userData, cipher, token);
  const restoreCryptoJs = cryptoJsRestorer(userData, token);

  options.log(`session restore: ${options.restoreRuns} warm restores per design, in alternating blocks`);
  for (let run = 0; run < WARM_UP_RUNS; run += 1) {
    await restoreVault();
    await restoreCryptoJs();
  }
  const vaultSamples: number[] = [];
  const cryptoJsSamples: number[] = [];
  for (let done = 0; done < options.restoreRuns; done += BLOCK_RUNS) {
    const runs = Math.min(BLOCK_RUNS, options.restoreRuns - done);
    vaultSamples.push(...(await sampleMs(runs, restoreVault)));
    cryptoJsSamples.push(...(await sampleMs(runs, restoreCryptoJs)));
  }

  const quarantine = new FileQuarantine({ directory: path.join(userData, 'vault-quarantine'), clock: systemClock });
  const opened = await openVaultAt(userData, cipher);
  const parsed = parseVaultDocument(openBenchStore(userData, 'session-vault', quarantine).get(VAULT_STORE_KEY));
  if (parsed.status !== 'ok') throw new Error('the bench vault document does not parse');
  const storesOpen = await sampleMs(options.restoreRuns, () => {
    openBenchStore(userData, 'session-vault', quarantine);
    openBenchStore(userData, 'account-settings', quarantine);
  });
  const store = openBenchStore(userData, 'session-vault', quarantine);
  const settings = openBenchStore(userData, 'account-settings', quarantine);
  const events = new AuthEventStream();
  const vaultOpen = await sampleMs(options.restoreRuns, () => SessionVault.open({ cipher, store, settings, quarantine, events }));
  const unwrap = await sampleMs(options.restoreRuns, () => unwrapDataKey(cipher, parsed.document.wrappedKey, parsed.document.backend));
  const loadOnly = await sampleMs(options.restoreRuns, () => opened.load(BENCH_ACCOUNT_ID));
  const legacyOpen = await sampleMs(options.restoreRuns, () => readLegacyCiphertext(userData));
  const ciphertext = readLegacyCiphertext(userData);
  const legacyDecrypt = await sampleMs(options.restoreRuns, () => decryptLegacy(userData, ciphertext));

  // A child process per restore is slow to start: one cold run per 25 warm ones, at most 20.
  const coldRuns = Math.max(1, Math.min(MAX_COLD_RUNS, Math.round(options.restoreRuns / 25)));
  options.log(`session restore: ${coldRuns} cold restores per design, each in a fresh process`);
  const cold = { vault: [] as number[], cryptoJs: [] as number[] };
  for (let run = 0; run < coldRuns; run += 1) {
    cold.vault.push(await coldRestoreUs('vault', userData, key, token));
    cold.cryptoJs.push(await coldRestoreUs('crypto-js', userData, key, token));
  }

  return {
    vaultUsP50: us(vaultSamples),
    cryptoJsUsP50: us(cryptoJsSamples),
    vaultStoresOpenUsP50: us(storesOpen),
    vaultOpenUsP50: us(vaultOpen),
    vaultUnwrapUsP50: us(unwrap),
    vaultLoadOnlyUsP50: us(loadOnly),
    cryptoJsStoreOpenUsP50: us(legacyOpen),
    cryptoJsDecryptOnlyUsP50: us(legacyDecrypt),
    coldRuns,
    coldVaultUsP50: round(median(cold.vault), 1),
    coldCryptoJsUsP50: round(median(cold.cryptoJs), 1),
  };
}

function coldRestoreUs(design: 'vault' | 'crypto-js', userData: string, key: Buffer, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', CHILD, design, userData, key.toString('hex'), token], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      const value = Number(stdout.trim());
      if (code === 0 && Number.isFinite(value)) resolve(value);
      else reject(new Error(`cold ${design} restore exited with ${code}: ${stderr.trim()}`));
    });
  });
}
