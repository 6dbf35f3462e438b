/**
 * Vitest global setup: the run gets a private temporary folder, and the folder goes when the run ends.
 *
 * Test files remove what they create (tests/support/temp-folder.ts, afterAll hooks), but some writers are
 * out of their reach: Chromium's profile when a browser is killed with its worker, the compile caches of
 * tsc, ESLint and npm run as child processes, jiti's cache, a test stopped by its timeout. TMPDIR (TMP and
 * TEMP on Windows) points at the private folder from here on, and everything started later inherits it:
 * vitest's worker processes, their child processes, Chromium. So after `vitest run` the machine's temporary
 * folder holds nothing the suite made, whatever happened during the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The variables os.tmpdir() reads: TMPDIR on POSIX, TMP and TEMP on Windows. */
const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => void {
  const previous = Object.fromEntries(TEMP_VARIABLES.map((name) => [name, process.env[name]]));
  const root = mkdtempSync(path.join(tmpdir(), 'imagefx-test-run-'));
  for (const name of TEMP_VARIABLES) process.env[name] = root;
  return () => {
    for (const name of TEMP_VARIABLES) {
      if (previous[name] === undefined) delete process.env[name];
      else process.env[name] = previous[name];
    }
    rmSync(root, { recursive: true, force: true });
  };
}
