// `npm start`: builds the app, then runs Electron on it (Electron loads dist/main.js, the package's "main").
// When Electron's binary is missing it is fetched once with electron's own installer, within a time limit;
// if that fails the script exits 1 with one line on stderr saying why and how to get it — no stack trace.
//
//   IMAGEFX_ELECTRON_DOWNLOAD_TIMEOUT_MS  how long the one download attempt may take (default 300000)
//   ELECTRON_OVERRIDE_DIST_PATH           use an Electron binary from this folder instead (Electron's own)
//   ELECTRON_SKIP_BINARY_DOWNLOAD=1       never download
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, ensureElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const timeoutMs = Number(process.env.IMAGEFX_ELECTRON_DOWNLOAD_TIMEOUT_MS) || 300_000;

function fail(message) {
  process.stderr.write(`imagefx-desktop: ${message}\n`);
  process.exit(1);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.error) fail(`could not run the build: ${build.error.message}`);
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = ensureElectronBinary(electronPackageDir(root), {
  timeoutMs,
  onDownloadStart: () =>
    process.stdout.write(`imagefx-desktop: Electron's binary is missing; downloading it once (up to ${Math.round(timeoutMs / 1000)} s)...\n`),
});
if (!electron.path) fail(electron.problem);

// ELECTRON_RUN_AS_NODE would make the binary a plain Node; it must start as Electron.
const { ELECTRON_RUN_AS_NODE: _runAsNode, ...env } = process.env;
const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
child.on('error', (error) => fail(`could not start Electron (${electron.path}): ${error.message}`));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
