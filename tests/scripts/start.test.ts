/**
 * `npm start` where Electron's binary cannot be had (as on this machine): it must fail with one clear line,
 * never a stack trace. Runs in a copy of the project (see project-copy.ts) so the result is the same where
 * the binary is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTempFolder } from '../support/temp-folder.ts';
import { copyProjectWithoutElectronBinary, hermeticElectronEnv } from './project-copy.ts';

let project = '';

function runStart(extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(project, 'scripts', 'start.mjs')], {
    cwd: project, env: hermeticElectronEnv(project, extraEnv), encoding: 'utf8', timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  project = copyProjectWithoutElectronBinary();
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('npm start without an Electron binary', () => {
  it('builds, tries the download once, then exits 1 with one line saying how to get Electron', () => {
    const result = runStart();
    expect(existsSync(path.join(project, 'dist', 'main.js'))).toBe(true);
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^imagefx-desktop: Electron's binary is not installed \(.*dist is missing\) and could not be downloaded: .+\. Run `npx install-electron` with internet access, or set ELECTRON_OVERRIDE_DIST_PATH\.$/,
    );
    expect(result.stderr).not.toContain('    at ');
    expect(result.stdout).toContain('downloading it once');
  });

  it('says so in one line when ELECTRON_OVERRIDE_DIST_PATH names a folder without Electron', () => {
    const empty = testTempFolder('no-electron-');
    const result = runStart({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `imagefx-desktop: ELECTRON_OVERRIDE_DIST_PATH is set but there is no Electron binary at ${path.join(empty, 'electron')}. Run \`npx install-electron\` with internet access, or set ELECTRON_OVERRIDE_DIST_PATH.`,
    ]);
  });
});
