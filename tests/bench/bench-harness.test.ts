/**
 * The bench harness itself, on tiny sizes (`--preset smoke`), through the same CLI `npm run bench` runs:
 * every section runs without error and every key of bench/results.json is written with a value of the
 * right kind. No timing is asserted here — speed is what the bench reports, not what the suite checks.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RESULT_KEYS, type BenchResults } from '../../bench/bench-results.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/bench.mjs', import.meta.url));
let folder: string | undefined;
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench (smoke preset)', () => {
  it('runs every section and writes every key of results.json', async () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major, 'Run the tests with `npx vitest` so they use Node 24 from devDependencies (npm ci installs it).').toBeGreaterThanOrEqual(24);
    folder = await mkdtemp(path.join(os.tmpdir(), 'bench-smoke-'));
    const out = path.join(folder, 'results.json');

    const run = await runCli(['--preset', 'smoke', '--out', out, '--work-dir', folder]);

    expect(run.stderr, run.stdout).toBe('');
    expect(run.code).toBe(0);
    const results = JSON.parse(await readFile(out, 'utf8')) as BenchResults;
    expect(results.errors).toEqual({});
    expect(Object.keys(results)).toEqual(expect.arrayContaining([...RESULT_KEYS, 'meta', 'details', 'errors']));
    for (const key of RESULT_KEYS) {
      if (key === 'vault_kill_soak') expect(results[key]).toBe('3/3');
      else if (key === 'harvest_latency_ms' && results[key] === null) {
        // Allowed only with the reason written down.
        expect((results.details['harvest'] as { reason: unknown }).reason).toEqual(expect.any(String));
      } else expect(Number.isFinite(results[key]), `${key} = ${String(results[key])}`).toBe(true);
    }
    // Facts, not speeds: a storm makes one session fetch, the service one request per generation.
    expect(results.refresh_storm_session_fetches).toBe(1);
    expect(results.requests_per_generation).toBe(1);
    expect(results.requests_per_generation_library).toBe(2);
    expect(results.meta).toMatchObject({ node: process.version, cores: expect.any(Number) });
    // The table names every figure, and the scratch data is gone.
    for (const key of RESULT_KEYS) expect(run.stdout).toContain(key);
    expect(await readdir(folder)).toEqual(['results.json']);
  }, 180_000);
});
