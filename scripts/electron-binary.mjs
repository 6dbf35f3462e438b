// Finds Electron's binary the way node_modules/electron/index.js does, and fetches it with the package's own
// install.js when it is missing — but bounded by a timeout and with its output captured, so callers can
// report a failure as one line instead of the stack trace and unbounded download index.js would produce.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The command that fetches the binary by hand (electron's own `install-electron` bin). */
export const INSTALL_HINT = 'Run `npx install-electron` with internet access, or set ELECTRON_OVERRIDE_DIST_PATH.';

/** node_modules/electron as resolved from `projectRoot`, or null when the package is not installed. */
export function electronPackageDir(projectRoot) {
  try {
    const require = createRequire(path.join(projectRoot, 'package.json'));
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

// Mirrors getPlatformPath() in electron's install.js.
function platformExecutable(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** True for the values Electron's tooling treats as "on" (`1`, `true`). */
export function isSet(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * Where the binary is (or would be): `{ found, path, viaOverride }`. Honours ELECTRON_OVERRIDE_DIST_PATH and
 * path.txt exactly as electron's index.js does.
 */
export function locateElectronBinary(electronDir, env = process.env, platform = process.platform) {
  const pathFile = path.join(electronDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? path.join(override, recorded || 'electron')
    : path.join(electronDir, 'dist', recorded || platformExecutable(platform));
  return { found: Boolean(recorded || override) && existsSync(binary), path: binary, viaOverride: Boolean(override) };
}

/** The most useful short line of a failed installer's output: the error message, never a stack frame. */
export function summarizeInstallerOutput(output) {
  const lines = String(output)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at ') && !/^[\^~\s]+$/.test(line));
  const message = lines.find((line) => /error|fail|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT|certificate/i.test(line)) ?? lines[0];
  if (!message) return 'the installer exited without saying why';
  const oneLine = message.replace(/\s+/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

/**
 * Runs electron's install.js once, for at most `timeoutMs`. Resolves `{ ok: true }` or `{ ok: false, reason }`
 * with a one-line reason. The installer's own output is captured, not shown.
 */
export function downloadElectronBinary(electronDir, { timeoutMs, env = process.env, nodePath = process.execPath }) {
  const installer = path.join(electronDir, 'install.js');
  if (!existsSync(installer)) return { ok: false, reason: `${installer} is missing` };
  const result = spawnSync(nodePath, [installer], {
    cwd: electronDir,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error?.code === 'ETIMEDOUT' || (result.signal && result.status === null)) {
    return { ok: false, reason: `the download did not finish within ${Number((timeoutMs / 1000).toFixed(1))} s` };
  }
  if (result.error) return { ok: false, reason: result.error.message };
  if (result.status !== 0) return { ok: false, reason: summarizeInstallerOutput(`${result.stderr}\n${result.stdout}`) };
  return { ok: true };
}

/**
 * The binary's path, downloading it first if needed and allowed. Returns `{ path }` or `{ problem }`, where
 * `problem` is one line that says what is wrong and how to fix it.
 */
export function ensureElectronBinary(electronDir, { timeoutMs, env = process.env, onDownloadStart = () => {} }) {
  if (!electronDir) {
    return { problem: `the electron package is not installed (run \`npm ci\`). ${INSTALL_HINT}` };
  }
  const before = locateElectronBinary(electronDir, env);
  if (before.found) return { path: before.path };
  if (before.viaOverride) {
    return { problem: `ELECTRON_OVERRIDE_DIST_PATH is set but there is no Electron binary at ${before.path}. ${INSTALL_HINT}` };
  }
  const missing = `Electron's binary is not installed (${path.relative(process.cwd(), path.join(electronDir, 'dist')) || 'dist'} is missing)`;
  if (isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    return { problem: `${missing} and ELECTRON_SKIP_BINARY_DOWNLOAD is set. ${INSTALL_HINT}` };
  }
  onDownloadStart();
  const download = downloadElectronBinary(electronDir, { timeoutMs, env });
  const after = locateElectronBinary(electronDir, env);
  if (after.found) return { path: after.path };
  const reason = download.ok ? `the installer finished but ${after.path} does not exist` : download.reason;
  return { problem: `${missing} and could not be downloaded: ${reason}. ${INSTALL_HINT}` };
}
