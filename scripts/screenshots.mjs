// `npm run screenshots [-- --out <folder>]`: writes the README's screenshots (docs/screenshots by default).
//
// They come from the end-to-end scenarios, which drive the built renderer in Chromium through the real IPC
// handlers and services against the labs.google emulator; `npm test` runs the same scenarios and writes
// nothing. The pictures are the same on every run and machine (fixed clock and seeds, one job at a time,
// DejaVu fonts through a private fontconfig file, fixed viewport and scale, no animation or caret: see
// tests/support/e2e-screens.ts and chromium-stable-rendering.ts), so a re-run changes no pixel unless the
// UI changed. The scenarios write into a temporary folder; the files are copied to the output folder only
// when every scenario passed, so a failed run leaves the committed screenshots as they were.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The scenarios that write screenshots (each calls captureScreen from tests/support/e2e-screens.ts). */
const SCREENSHOT_SCENARIOS = [
  'tests/e2e/app-scenario.test.ts',
  'tests/e2e/cookie-sign-in-and-gallery.test.ts',
  'tests/e2e/workbench-queue.test.ts',
  'tests/e2e/workbench-settings.test.ts',
  'tests/e2e/waits-and-accounts.test.ts',
  'tests/e2e/gallery-grid.test.ts',
];
/** The variable tests/support/e2e-screens.ts reads (SCREENSHOT_DIR_ENV). */
const SCREENSHOT_DIR_ENV = 'IMAGEFX_SCREENSHOT_DIR';

const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'docs', 'screenshots') } } });
const out = path.resolve(values.out);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'imagefx-screenshots-'));
let status = 1;
try {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', ...SCREENSHOT_SCENARIOS], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, [SCREENSHOT_DIR_ENV]: scratch },
  });
  status = run.status ?? 1;
  const written = readdirSync(scratch).filter((file) => file.endsWith('.png')).sort();
  if (status !== 0) {
    process.stderr.write(`screenshots: the scenarios failed; ${out} is unchanged.\n`);
  } else if (written.length === 0) {
    process.stderr.write('screenshots: the scenarios passed but wrote no screenshot.\n');
    status = 1;
  } else {
    mkdirSync(out, { recursive: true });
    for (const file of written) copyFileSync(path.join(scratch, file), path.join(out, file));
    const shown = out.startsWith(root) ? path.relative(root, out) : out;
    process.stdout.write(`screenshots: wrote ${written.length} files to ${shown}: ${written.join(', ')}\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = status;
