/**
 * `npm run demo` end to end, in a copy of the project (see project-copy.ts) where Electron cannot start:
 * the emulator comes up, the app is started against it and fails, the demo passes the app's exit code on
 * and leaves no emulator behind.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionRefused } from '../support/connection-refused.ts';
import { copyProjectWithoutElectronBinary, hermeticElectronEnv } from './project-copy.ts';

let project = '';

beforeAll(() => {
  project = copyProjectWithoutElectronBinary();
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('starts the app against the emulator, propagates its exit code and stops the emulator', async () => {
    const result = spawnSync(process.execPath, [path.join(project, 'scripts', 'demo.mjs')], {
      cwd: project, env: hermeticElectronEnv(project), encoding: 'utf8', timeout: 120_000,
    });
    const url = /^\[emulator\] Emulator URL: (https:\/\/127\.0\.0\.1:(\d+))$/m.exec(result.stdout);
    expect(url, result.stdout).not.toBeNull();
    expect(result.stdout).toContain(`imagefx-desktop demo: starting the app against ${url?.[1]}`);
    expect(result.stderr).toContain("imagefx-desktop: Electron's binary is not installed");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('imagefx-desktop demo: emulator stopped.');
    expect(await connectionRefused(Number(url?.[2]))).toBe(true);
  });
});
