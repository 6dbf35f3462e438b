/**
 * What a restart costs to get the session back (read + unwrap + decrypt + parse), for the vault and for the
 * old recipe's crypto-js store, each restore from a fresh process state of the stores:
 *
 * - vault: open the `session-vault` and `account-settings` stores, `SessionVault.open` (parse, keychain
 *   availability, unwrap the data key — once per process), `load` (AES-256-GCM + JSON + shape check);
 * - crypto-js: open the `secure-session` store, derive the passphrase (SHA-256 of name + version +
 *   userData), `CryptoJS.AES.decrypt` (EVP_BytesToKey/MD5 key derivation + AES-CBC in JavaScript), JSON.parse.
 *
 * The keychain here is TestCipher (local AES-GCM; it passes the same contract suite as the safeStorage
 * adapter). A real OS keychain adds its own round trip to the one unwrap per start (libsecret over D-Bus,
 * the macOS keychain, DPAPI), which this machine cannot measure; see BENCHMARKS.md.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Conf from 'conf';
import CryptoJS from 'crypto-js';
import { AuthEventStream } from '../src/auth/auth-events.ts';
import { LEGACY_SESSION_KEY, LEGACY_STORE_NAME } from '../src/auth/legacy-session-migration.ts';
import { SessionVault } from '../src/auth/session-vault.ts';
import { unwrapDataKey } from '../src/auth/vault-crypto.ts';
import { parseVaultDocument, VAULT_STORE_KEY } from '../src/auth/vault-format.ts';
import { systemClock } from '../src/platform/clock.ts';
import { FileQuarantine } from '../src/platform/file-quarantine.ts';
import { TestCipher } from '../tests/support/test-cipher.ts';
import type { BenchOptions } from './bench-options.ts';
import { BENCH_ACCOUNT_ID, benchSessionRecord, legacySessionOf, openBenchStore } from './session-fixtures.ts';
import { median, round, sampleMs } from './stats.ts';

export interface SessionRestoreFigures {
  readonly vaultUsP50: number;
  readonly cryptoJsUsP50: number;
  /** Parts of the vault restore (p50, µs): opening the two stores; `load` with the key already unwrapped. */
  readonly vaultStoresOpenUsP50: number;
  /** Unwrapping the data key through the keychain port (once per start). */
  readonly vaultUnwrapUsP50: number;
  readonly vaultLoadOnlyUsP50: number;
  /** Parts of the crypto-js restore (p50, µs): opening the store; passphrase + decrypt + parse. */
  readonly cryptoJsStoreOpenUsP50: number;
  readonly cryptoJsDecryptOnlyUsP50: number;
}

const APP_NAME = 'imagefx-desktop';
const APP_VERSION = '0.1.0';
/** Restores before timing starts, so both designs are measured with their code compiled (a warm restart path). */
const WARM_UP_RUNS = 50;
const us = (samples: number[]): number => round(median(samples) * 1000, 1);

export async function runSessionRestoreBench(options: BenchOptions): Promise<SessionRestoreFigures> {
  const userData = path.join(options.workDir, 'session-restore');
  await rm(userData, { recursive: true, force: true });
  const record = benchSessionRecord(systemClock.now());
  const cipher = new TestCipher({ key: randomBytes(32) });
  const quarantine = new FileQuarantine({ directory: path.join(userData, 'vault-quarantine'), clock: systemClock });
  const events = new AuthEventStream();
  const openVault = (): Promise<SessionVault> =>
    SessionVault.open({
      cipher,
      store: openBenchStore(userData, 'session-vault', quarantine),
      settings: openBenchStore(userData, 'account-settings', quarantine),
      quarantine,
      events,
    });
  await (await openVault()).save(BENCH_ACCOUNT_ID, record);

  const openLegacy = (): Conf<Record<string, unknown>> =>
    new Conf<Record<string, unknown>>({ cwd: userData, configName: LEGACY_STORE_NAME, projectVersion: APP_VERSION });
  const passphraseOf = (): string => CryptoJS.SHA256(APP_NAME + APP_VERSION + userData).toString();
  openLegacy().set(LEGACY_SESSION_KEY, CryptoJS.AES.encrypt(JSON.stringify(legacySessionOf(record)), passphraseOf()).toString());
  const decryptLegacy = (ciphertext: unknown): unknown => {
    const json = CryptoJS.AES.decrypt(String(ciphertext), passphraseOf()).toString(CryptoJS.enc.Utf8);
    return JSON.parse(json);
  };

  options.log(`session restore: ${options.restoreRuns} restores per design, interleaved`);
  for (let run = 0; run < WARM_UP_RUNS; run += 1) {
    await (await openVault()).load(BENCH_ACCOUNT_ID);
    decryptLegacy(openLegacy().get(LEGACY_SESSION_KEY));
  }
  const vaultSamples: number[] = [];
  const legacySamples: number[] = [];
  for (let run = 0; run < options.restoreRuns; run += 1) {
    // Interleaved, so that a burst of load on the machine hits both designs alike.
    vaultSamples.push(...(await sampleMs(1, async () => {
      const loaded = await (await openVault()).load(BENCH_ACCOUNT_ID);
      if (loaded.status !== 'ok') throw new Error(`vault restore failed: ${loaded.status}`);
    })));
    legacySamples.push(...(await sampleMs(1, () => {
      const session = decryptLegacy(openLegacy().get(LEGACY_SESSION_KEY)) as { token?: unknown };
      if (session.token !== record.accessToken) throw new Error('crypto-js restore failed');
    })));
  }

  const opened = await openVault();
  const document = parseVaultDocument(openBenchStore(userData, 'session-vault', quarantine).get(VAULT_STORE_KEY));
  if (document.status !== 'ok') throw new Error('the bench vault document does not parse');
  const unwrap = await sampleMs(options.restoreRuns, () => unwrapDataKey(cipher, document.document.wrappedKey));
  const loadOnly = await sampleMs(options.restoreRuns, () => opened.load(BENCH_ACCOUNT_ID));
  const storesOpen = await sampleMs(options.restoreRuns, () => {
    openBenchStore(userData, 'session-vault', quarantine).get('vault');
    openBenchStore(userData, 'account-settings', quarantine).get('accountProfiles');
  });
  const legacyStore = openLegacy();
  const legacyOpen = await sampleMs(options.restoreRuns, () => openLegacy().get(LEGACY_SESSION_KEY));
  const legacyDecrypt = await sampleMs(options.restoreRuns, () => decryptLegacy(legacyStore.get(LEGACY_SESSION_KEY)));

  return {
    vaultUsP50: us(vaultSamples),
    cryptoJsUsP50: us(legacySamples),
    vaultStoresOpenUsP50: us(storesOpen),
    vaultUnwrapUsP50: us(unwrap),
    vaultLoadOnlyUsP50: us(loadOnly),
    cryptoJsStoreOpenUsP50: us(legacyOpen),
    cryptoJsDecryptOnlyUsP50: us(legacyDecrypt),
  };
}
