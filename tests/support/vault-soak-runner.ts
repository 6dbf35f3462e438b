/**
 * The vault kill soak: a child process (vault-soak-child.ts) saves records continuously and is SIGKILLed
 * at random moments; after every kill the parent opens the vault and checks that it decrypts to the last
 * acknowledged record or the one after it (written but not yet acknowledged) — never older, never
 * unreadable, nothing quarantined.
 *
 * Start-up cost decides the speed: the child run from source (type stripping, ~20 TS modules, conf + ajv)
 * needs 0.5–1.5 s to start on a busy 2-core machine, a kill cycle ~30 ms. So the child is bundled once per
 * soak with esbuild (as scripts/build.mjs bundles the app: same sources, one file, ~0.1 s start), children
 * are started ahead of time (a "warm" pool) and only open the vault when told `go`, and they share a
 * compile cache. Used by tests/auth/vault/vault-kill-soak.test.ts and `npm run soak`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { build } from 'esbuild';
import { AuthEventStream, type AuthEvent } from '../../src/auth/session/auth-events.ts';
import { openSoakVault, SOAK_ACCOUNT_ID } from './vault-soak-child.ts';

const CHILD_SOURCE = fileURLToPath(new URL('./vault-soak-child.ts', import.meta.url));

/** Bundles the child into `outfile` (ESM; conf's CommonJS dependencies get a `require`). */
async function bundleChild(outfile: string): Promise<void> {
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __soakRequire } from 'node:module'; const require = __soakRequire(import.meta.url);" },
  });
}

export interface SoakOptions {
  readonly kills: number;
  /** Seeds the kill timing, so a failure can be replayed. */
  readonly seed?: number;
  /**
   * Kill timing: a quarter of the kills come at a uniform moment in [0, maxKillDelayMs] after `go` (they
   * also hit the vault's open); the rest at a uniform moment in [0, maxKillDelayMs / 2] after the child's
   * first acknowledged save, so they land among writes however slow the machine is. Default 40 ms.
   */
  readonly maxKillDelayMs?: number;
  /** Children started ahead of time. */
  readonly warmChildren?: number;
  /** Node 24 (type stripping); defaults to the running Node. */
  readonly nodePath?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SoakResult {
  readonly kills: number;
  readonly verified: number;
  readonly failures: readonly string[];
  /** Saves the children acknowledged in total. */
  readonly acknowledgedWrites: number;
  /** Kills after which the vault held the unacknowledged next record (killed between rename and ack). */
  readonly landedAfterWrite: number;
  /** Kills that left an atomic-write temp file behind (killed inside a write). */
  readonly landedInsideWrite: number;
  readonly seed: number;
  readonly durationMs: number;
  /** Where the time went: waiting for a warm child, from `go` to the kill, verifying. */
  readonly phaseMs: { readonly warmWait: number; readonly live: number; readonly verify: number };
}

interface SoakChild {
  readonly process: ChildProcess;
  readonly warm: Promise<void>;
  /** Resolves at the first acknowledged save (or when the child exits). */
  readonly firstAck: Promise<void>;
  readonly exited: Promise<void>;
  readonly acknowledged: number[];
  stderr: string;
}

function startChild(nodePath: string, script: string, userData: string, keyHex: string, compileCache: string): SoakChild {
  const child = spawn(nodePath, ['--no-warnings', script, userData, keyHex], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_COMPILE_CACHE: compileCache },
  });
  const state: SoakChild = {
    process: child,
    warm: Promise.resolve(),
    firstAck: Promise.resolve(),
    exited: Promise.resolve(),
    acknowledged: [],
    stderr: '',
  };
  let onFirstAck!: () => void;
  const firstAck = new Promise<void>((resolve) => (onFirstAck = resolve));
  let onWarm!: () => void;
  let onFailure!: (error: Error) => void;
  const warm = new Promise<void>((resolve, reject) => ((onWarm = resolve), (onFailure = reject)));
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'warm') onWarm();
      else if (/^\d+$/.test(line)) {
        state.acknowledged.push(Number(line));
        onFirstAck();
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (state.stderr += chunk.toString('utf8')));
  // `close` comes after the child's stdout is drained, so every acknowledgement has been read by then.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  exited.then(() => {
    onFailure(new Error(`soak child exited before it was warm: ${state.stderr}`));
    onFirstAck();
  }, () => undefined);
  warm.catch(() => undefined);
  return Object.assign(state, { warm, firstAck, exited });
}

/** mulberry32: a tiny seeded PRNG for reproducible kill timing (test code, not app logic). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function leftoverTempFiles(userData: string): number {
  return existsSync(userData) ? readdirSync(userData).filter((name) => name.includes('.json.tmp-')).length : 0;
}

/** Runs the soak; never throws for a vault failure (those are in `failures`). */
export async function runVaultKillSoak(options: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  const seed = options.seed ?? randomBytes(4).readUInt32LE(0);
  const random = seededRandom(seed);
  const maxDelay = options.maxKillDelayMs ?? 40;
  const nodePath = options.nodePath ?? process.execPath;
  const root = mkdtempSync(path.join(tmpdir(), 'imagefx-vault-soak-'));
  const userData = path.join(root, 'userData');
  const keyHex = randomBytes(32).toString('hex');
  const compileCache = path.join(root, 'compile-cache');
  const script = path.join(root, 'vault-soak-child.mjs');
  const pool: SoakChild[] = [];
  const refill = (): void => {
    while (pool.length < (options.warmChildren ?? 2)) pool.push(startChild(nodePath, script, userData, keyHex, compileCache));
  };
  const failures: string[] = [];
  let verifiedSeq: number | null = null;
  let acknowledgedWrites = 0;
  let landedAfterWrite = 0;
  let landedInsideWrite = 0;
  let kills = 0;
  const phaseMs = { warmWait: 0, live: 0, verify: 0 };
  let mark = performance.now();
  const lap = (phase: keyof typeof phaseMs): void => {
    const now = performance.now();
    phaseMs[phase] += now - mark;
    mark = now;
  };
  try {
    await bundleChild(script);
    refill();
    for (; kills < options.kills; kills += 1) {
      const child = pool.shift()!;
      refill();
      lap('verify');
      await child.warm;
      lap('warmWait');
      const firstSeq: number = verifiedSeq === null ? 0 : verifiedSeq + 1;
      child.process.stdin!.write(`go ${firstSeq}\n`);
      if (random() < 0.25) await delay(random() * maxDelay);
      else {
        await child.firstAck;
        await delay((random() * maxDelay) / 2);
      }
      child.process.kill('SIGKILL');
      await child.exited;
      if (child.stderr) failures.push(`kill ${kills + 1}: child wrote to stderr: ${child.stderr.trim()}`);
      acknowledgedWrites += child.acknowledged.length;
      if (leftoverTempFiles(userData) > 0) landedInsideWrite += 1;
      lap('live');

      const lastAck = child.acknowledged.at(-1) ?? null;
      const previous: number | null = lastAck ?? verifiedSeq;
      const next: number = lastAck === null ? firstSeq : lastAck + 1;
      const events: AuthEvent[] = [];
      const stream = new AuthEventStream();
      stream.onDidEmit((event) => events.push(event));
      const loaded = await (await openSoakVault(userData, keyHex, stream)).load(SOAK_ACCOUNT_ID);
      const observed = loaded.status === 'ok' ? loaded.record.lastRefreshedAt : null;
      const tokenMatches = loaded.status !== 'ok' || loaded.record.accessToken === `token-${observed}`;
      if (loaded.status === 'unreadable' || events.length > 0 || !tokenMatches || (observed !== previous && observed !== next)) {
        failures.push(
          `kill ${kills + 1} (seed ${seed}): expected record ${previous ?? 'none'} or ${next}, found ` +
            `${loaded.status === 'ok' ? observed : loaded.status}; events: ${JSON.stringify(events)}`,
        );
      }
      if (observed === next && observed !== previous) landedAfterWrite += 1;
      verifiedSeq = observed;
      options.onProgress?.(kills + 1, options.kills);
    }
  } finally {
    for (const child of pool) child.process.kill('SIGKILL');
    await Promise.all(pool.map((child) => child.exited));
    rmSync(root, { recursive: true, force: true });
  }
  return {
    kills,
    verified: kills - failures.length,
    failures,
    acknowledgedWrites,
    landedAfterWrite,
    landedInsideWrite,
    seed,
    durationMs: Math.round(performance.now() - started),
    phaseMs: { warmWait: Math.round(phaseMs.warmWait), live: Math.round(phaseMs.live), verify: Math.round(phaseMs.verify) },
  };
}
