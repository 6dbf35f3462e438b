/**
 * scripts/private-temp.mjs: the private temporary folder that npm test, vitest's global setup and the
 * packaging gates run in.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { TEMP_VARIABLES, enterPrivateTempDir } from '../../scripts/private-temp.mjs';

it('makes a new folder the temporary folder of this process and its children, then removes it and restores the variables', () => {
  const before = Object.fromEntries(TEMP_VARIABLES.map((name) => [name, process.env[name]]));
  const outer = tmpdir();
  const leave = enterPrivateTempDir('private-temp-test-');
  let inner = '';
  try {
    inner = tmpdir();
    expect(path.dirname(inner)).toBe(outer);
    expect(path.basename(inner)).toMatch(/^private-temp-test-/);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(child.stdout).toBe(inner); // children inherit it
    writeFileSync(path.join(inner, 'cache.bin'), 'left behind by a tool');
  } finally {
    leave();
  }
  expect(existsSync(inner)).toBe(false); // removed with what was in it
  expect(tmpdir()).toBe(outer);
  expect(Object.fromEntries(TEMP_VARIABLES.map((name) => [name, process.env[name]]))).toEqual(before);
  leave(); // a second call is harmless
});
