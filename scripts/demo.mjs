// `npm run demo`: starts the local labs.google emulator, then the app in demo mode (IMAGEFX_EMULATOR and
// IMAGEFX_EMULATOR_CA from the emulator's own output), stops the emulator when the app exits, and exits
// with the app's exit code. The emulator's output is passed through, prefixed, so its accounts are visible.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STARTUP_LIMIT_MS = 60_000;
const STOP_LIMIT_MS = 10_000;

function say(message) {
  process.stdout.write(`imagefx-desktop demo: ${message}\n`);
}

/** Reads `Emulator URL: https://…` / `CA certificate: /…` (or `url:` / `ca:`) from the emulator's output. */
function parseEmulatorLine(line) {
  const url = /^\s*(?:emulator\s+)?url:\s*(https?:\/\/\S+)/i.exec(line);
  if (url) return { url: url[1] };
  const ca = /^\s*(?:ca|ca certificate|ca path):\s*(\S.*?)\s*$/i.exec(line);
  if (ca) return { caPath: ca[1] };
  return {};
}

function startEmulator() {
  const emulator = spawn(process.execPath, ['tests/support/emulator/cli.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((resolve, reject) => {
    const found = {};
    const timer = setTimeout(() => reject(new Error(`the emulator did not report its URL and CA within ${STARTUP_LIMIT_MS / 1000} s`)), STARTUP_LIMIT_MS);
    createInterface({ input: emulator.stdout }).on('line', (line) => {
      process.stdout.write(`[emulator] ${line}\n`);
      const parsed = parseEmulatorLine(line);
      found.url ??= parsed.url;
      found.caPath ??= parsed.caPath;
      if (found.url && found.caPath) {
        clearTimeout(timer);
        resolve({ url: found.url, caPath: found.caPath });
      }
    });
    emulator.once('error', (error) => reject(new Error(`could not start the emulator: ${error.message}`)));
    emulator.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited before it was ready (${signal ?? `code ${code}`})`));
    });
  });
  return { emulator, ready };
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main() {
  const { emulator, ready } = startEmulator();
  let found;
  try {
    found = await ready;
  } catch (error) {
    process.stderr.write(`imagefx-desktop demo: ${error.message}\n`);
    await stop(emulator);
    return 1;
  }
  say(`starting the app against ${found.url}`);
  const app = spawn(process.execPath, ['scripts/start.mjs', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, IMAGEFX_EMULATOR: found.url, IMAGEFX_EMULATOR_CA: found.caPath },
  });
  // Ctrl+C reaches the whole process group; forward other stop requests to the app, which ends the demo.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => app.kill(signal));
  emulator.once('exit', (code, signal) => {
    if (app.exitCode === null) {
      process.stderr.write(`imagefx-desktop demo: the emulator stopped (${signal ?? `code ${code}`}); closing the app.\n`);
      app.kill('SIGTERM');
    }
  });
  const exitCode = await new Promise((resolve) => {
    app.once('error', () => resolve(1));
    app.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  await stop(emulator);
  say('emulator stopped.');
  return exitCode;
}

process.exitCode = await main();
