// A private temporary folder for a whole run: the caller's TMPDIR (TMP and TEMP on Windows, which
// os.tmpdir() reads there) points at a new folder, so everything that asks for a temporary file from now
// on, in this process and in every process it starts, writes there: tools' caches (Node's compile cache
// for tsc, ESLint and npm; jiti's for electron-builder's config loader), Chromium's profiles, leftovers of
// a killed child. Leaving removes the folder and restores the variables.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The variables os.tmpdir() reads. */
export const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'];

/**
 * Creates `<os.tmpdir()>/<prefix>XXXXXX`, makes it this process's temporary folder, and returns the
 * function that leaves it (restores the variables, removes the folder with everything in it).
 */
export function enterPrivateTempDir(prefix) {
  const previous = TEMP_VARIABLES.map((name) => [name, process.env[name]]);
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const name of TEMP_VARIABLES) process.env[name] = folder;
  let left = false;
  return () => {
    if (left) return;
    left = true;
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(folder, { recursive: true, force: true });
  };
}
