/**
 * `npm run emulator` (tests/support/emulator/cli.ts) in its own Node process: prints its URL and CA path,
 * serves, and exits 0 on SIGINT.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { createEmulatorDispatcher } from '../../src/app/demo/emulator-routing.ts';

const CLI = fileURLToPath(new URL('../support/emulator/cli.ts', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Resolves with everything printed up to and including the line matching `ready`. */
function readUntil(emulator: ChildProcess, ready: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    emulator.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (ready.test(output)) resolve(output);
    });
    emulator.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk;
    });
    emulator.once('exit', (code) => reject(new Error(`emulator CLI exited early (${code}):\n${output}\n${errors}`)));
  });
}

function exitCode(emulator: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => emulator.once('exit', (code) => resolve(code)));
}

it('starts, prints its URL and CA path, serves, and exits 0 on SIGINT', async () => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  // The CLI runs TypeScript directly (type stripping, unflagged since Node 22.18 / 23.6).
  expect(major > 22 || (major === 22 && minor >= 18), `needs Node ≥ 22.18 to strip types, running ${process.version}`).toBe(true);

  child = spawn(process.execPath, [CLI], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = await readUntil(child, /^Ready\./m);
  const url = /^Emulator URL: (https:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
  const caPath = /^CA certificate: (.+\.pem)$/m.exec(output)?.[1];
  expect(url, output).toBeDefined();
  expect(caPath, output).toBeDefined();
  const caPem = readFileSync(caPath!, 'utf8');
  expect(caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);

  // The control surface, trusting only the printed CA…
  const agent = new Agent({ connect: { ca: caPem } });
  const state = await undiciFetch(`${url}/__emulator/state`, { dispatcher: agent });
  expect(state.status).toBe(200);
  expect(await state.json()).toMatchObject({ accounts: ['ada@example.test', 'grace@example.test', 'lin@example.test'] });
  await agent.close();

  // …and a Google endpoint through the app's routing helper.
  const dispatcher = createEmulatorDispatcher({ address: '127.0.0.1', port: Number(new URL(url!).port), caPem });
  const session = await undiciFetch('https://labs.google/fx/api/auth/session', { dispatcher });
  expect(await session.json()).toEqual({});
  await dispatcher.close();

  const exited = exitCode(child);
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(existsSync(caPath!)).toBe(false);
});
