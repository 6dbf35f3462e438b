/**
 * The README shows every screenshot `npm run screenshots` writes, and each one is committed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { README_SCREENSHOT_DIR, SCREENSHOTS } from '../support/e2e-screens.ts';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('README screenshots', () => {
  it('links every main state the screenshot run captures, and the files exist', () => {
    for (const name of SCREENSHOTS) {
      expect(README, `README lacks ${name}.png`).toContain(`(docs/screenshots/${name}.png)`);
      expect(existsSync(path.join(README_SCREENSHOT_DIR, `${name}.png`)), `${name}.png is missing`).toBe(true);
    }
  });
});
