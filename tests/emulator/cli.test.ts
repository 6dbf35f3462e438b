/**
 * `npm run emulator` (tests/support/emulator/cli.ts) in its own Node process: prints its URL and CA path,
 * serves, and exits 0 on SIGINT; started through npm, it also stops when only npm is told to stop.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { createEmulatorDispatcher } from '../../src/app/demo/emulator-routing.ts';
import { connectionRefused } from '../support/connection-refused.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../support/emulator/cli.ts', import.meta.url));
let child: ChildProcess | undefined;
/** The emulator's own process id when it runs under npm (not `child`, which is npm). */
let emulatorPid: number | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  if (emulatorPid !== undefined && isRunning(emulatorPid)) process.kill(emulatorPid, 'SIGKILL');
  emulatorPid = undefined;
});

/** Whether `pid` is a live process (an exited one waiting to be reaped counts as gone). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): signal 0 reached it
  }
}

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

/** `npm run emulator` in a process group of its own (as a terminal runs it), and what it printed once ready. */
async function startThroughNpm(): Promise<{ npm: ChildProcess; port: number; pid: number; caPath: string }> {
  // The npm running this suite (npm sets npm_execpath for its scripts), else the one on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli ? [process.execPath, [npmCli, 'run', 'emulator']] : ['npm', ['run', 'emulator']];
  const npm = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child = npm;
  const output = await readUntil(npm, /^Ready\./m);
  const port = Number(/^Emulator URL: https:\/\/127\.0\.0\.1:(\d+)$/m.exec(output)?.[1]);
  const pid = Number(/^Process id: (\d+)$/m.exec(output)?.[1]);
  const caPath = /^CA certificate: (.+\.pem)$/m.exec(output)?.[1] ?? '';
  emulatorPid = pid;
  expect(port, output).toBeGreaterThan(0);
  expect(pid, output).toBeGreaterThan(0);
  expect(pid).not.toBe(npm.pid); // npm runs the emulator in a process of its own (through `sh -c`)
  expect(await connectionRefused(port)).toBe(false);
  return { npm, port, pid, caPath };
}

/** After npm exited: the emulator process is gone, its port closed, its CA file removed (a clean close). */
async function expectStopped(emulator: { port: number; pid: number; caPath: string }): Promise<void> {
  await expect.poll(() => isRunning(emulator.pid), { timeout: 15_000, interval: 100 }).toBe(false);
  expect(await connectionRefused(emulator.port)).toBe(true);
  expect(existsSync(emulator.caPath)).toBe(false);
}

it('`npm run emulator` stops when only npm receives SIGTERM (a process manager or an IDE stopping it)', async () => {
  const emulator = await startThroughNpm();
  const npmExited = exitCode(emulator.npm);
  emulator.npm.kill('SIGTERM'); // to npm alone: npm forwards it to `sh -c`, which dies without passing it on
  await npmExited;
  await expectStopped(emulator);
});

it('`npm run emulator` stops on Ctrl+C (SIGINT to its process group)', async () => {
  const emulator = await startThroughNpm();
  const npmExited = exitCode(emulator.npm);
  process.kill(-emulator.npm.pid!, 'SIGINT');
  await npmExited;
  await expectStopped(emulator);
});
