// The project's own postinstall: fetch Electron's binary once, where that is possible and useful. Electron 45's
// package no longer downloads it at install time (index.js would do it lazily, unbounded, on first use), so a
// developer's `npm ci` fetches it here, within a time limit. This script never fails the install and never
// hangs it: any problem is one line of warning, and `npm start` tries again.
//
// Skipped when ELECTRON_SKIP_BINARY_DOWNLOAD is set (Electron's own switch), when CI is set (the test suite
// never launches Electron, and packaging fetches its own copy), when npm runs offline, when the electron
// package is absent (`--omit=dev`), and when the binary is already there (or ELECTRON_OVERRIDE_DIST_PATH
// points elsewhere). npm's `allowScripts` policy only governs dependencies' scripts, not the project's own.
//
//   IMAGEFX_ELECTRON_DOWNLOAD_TIMEOUT_MS  limit for the attempt (default 120000)
import { fileURLToPath } from 'node:url';
import { downloadElectronBinary, electronPackageDir, isSet, locateElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const say = (message) => process.stdout.write(`imagefx-desktop postinstall: ${message}\n`);

function skipReason(electronDir) {
  if (!electronDir) return 'the electron package is not installed';
  if (isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  if (isSet(env.CI)) return 'CI is set (tests do not launch Electron; run `npx install-electron` to fetch it)';
  if (isSet(env.npm_config_offline)) return 'npm is offline';
  const located = locateElectronBinary(electronDir, env);
  if (located.viaOverride) return 'ELECTRON_OVERRIDE_DIST_PATH is set';
  if (located.found) return 'it is already installed';
  return null;
}

try {
  const electronDir = electronPackageDir(root);
  const skip = skipReason(electronDir);
  if (skip) {
    say(`not fetching Electron's binary: ${skip}.`);
  } else {
    const timeoutMs = Number(env.IMAGEFX_ELECTRON_DOWNLOAD_TIMEOUT_MS) || 120_000;
    const result = downloadElectronBinary(electronDir, { timeoutMs });
    if (result.ok && locateElectronBinary(electronDir, env).found) say("fetched Electron's binary.");
    else say(`could not fetch Electron's binary now (${result.ok ? 'no binary after the installer ran' : result.reason}); \`npm start\` will try again, or run \`npx install-electron\`.`);
  }
} catch (error) {
  say(`skipped fetching Electron's binary: ${error instanceof Error ? error.message : String(error)}`);
}
process.exitCode = 0;
