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
import { enterPrivateTempDir } from '../../scripts/private-temp.mjs';

export default function setup(): () => void {
  return enterPrivateTempDir('imagefx-test-run-');
}
