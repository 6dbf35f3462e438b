// `npm test [-- <vitest filters>]`: type-check, lint, build, then every test (vitest), each step only if the
// previous one passed; the exit code is the first failure's.
//
// All of it runs with a private temporary folder (TMPDIR, TMP, TEMP), removed at the end, also after a
// failure or Ctrl+C: tsc and ESLint keep Node's compile cache there, vitest's own global setup nests its
// run folder there, and whatever else a tool leaves behind goes with it. So the machine's temporary folder
// is as it was before `npm test`.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enterPrivateTempDir } from './private-temp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const leaveTempDir = enterPrivateTempDir('imagefx-npm-test-');

// The npm that runs this script (npm sets npm_execpath), so `npm run` here is the same npm and Node.
const npm = process.env.npm_execpath;
const npmRun = (script) => (npm ? [process.execPath, [npm, 'run', script]] : ['npm', ['run', script]]);
const vitest = [process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)]];
const steps = [npmRun('typecheck'), npmRun('lint'), npmRun('build'), vitest];

let current = null;
let stopped = null;
// Ctrl+C reaches every process of the terminal's group; a signal sent to this process alone is passed on.
// Either way the current step ends first, then the folder is removed.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopped = signal;
    current?.kill(signal);
  });
}

function run([command, args]) {
  return new Promise((resolve) => {
    current = spawn(command, args, { cwd: root, stdio: 'inherit', shell: command === 'npm' && process.platform === 'win32' });
    current.once('error', (error) => {
      process.stderr.write(`npm test: could not start ${command}: ${error.message}\n`);
      resolve(1);
    });
    current.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let status = 0;
try {
  for (const step of steps) {
    status = await run(step);
    if (status !== 0 || stopped) break;
  }
} finally {
  leaveTempDir();
}
process.exitCode = stopped ? 128 + os.constants.signals[stopped] : status;
