/**
 * Temporary folders for tests that remove themselves: the suite leaves os.tmpdir() as it found it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A new folder in os.tmpdir() (`<prefix>XXXXXX`) for the running test, removed with everything in it when
 * the test finishes, passed or failed. Call it inside a test; in hooks, pair mkdtemp with afterAll instead.
 */
export function testTempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
