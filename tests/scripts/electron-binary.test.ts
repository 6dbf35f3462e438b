import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  downloadElectronBinary, ensureElectronBinary, locateElectronBinary, summarizeInstallerOutput,
} from '../../scripts/electron-binary.mjs';
import { testTempFolder } from '../support/temp-folder.ts';

/** A stand-in for node_modules/electron whose install.js runs `installerBody` (removed after the test). */
function fakeElectronPackage(installerBody: string): string {
  const dir = testTempFolder('fake-electron-');
  writeFileSync(path.join(dir, 'install.js'), installerBody);
  return dir;
}

const CLEAN_ENV = { PATH: process.env['PATH'] ?? '' };

describe('summarizeInstallerOutput', () => {
  it('keeps the error message and drops stack frames', () => {
    const output = 'TypeError: fetch failed\n    at node:internal/deps/undici:13502:13\n    at async downloadArtifact (x.js:1:1)\n';
    expect(summarizeInstallerOutput(output)).toBe('TypeError: fetch failed');
    expect(summarizeInstallerOutput('Downloading...\nRequestError: getaddrinfo ENOTFOUND github.com\n    at a (b)')).toBe(
      'RequestError: getaddrinfo ENOTFOUND github.com',
    );
    expect(summarizeInstallerOutput('')).toBe('the installer exited without saying why');
  });
});

describe('locateElectronBinary', () => {
  it('follows path.txt and ELECTRON_OVERRIDE_DIST_PATH as electron/index.js does', () => {
    const dir = fakeElectronPackage('');
    expect(locateElectronBinary(dir, CLEAN_ENV, 'linux')).toEqual({ found: false, path: path.join(dir, 'dist', 'electron'), viaOverride: false });
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
    expect(locateElectronBinary(dir, CLEAN_ENV, 'linux').found).toBe(false);
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(locateElectronBinary(dir, CLEAN_ENV, 'linux').found).toBe(true);
    const override = testTempFolder('override-');
    expect(locateElectronBinary(dir, { ...CLEAN_ENV, ELECTRON_OVERRIDE_DIST_PATH: override }, 'linux')).toEqual({
      found: false, path: path.join(override, 'electron'), viaOverride: true,
    });
  });
});

describe('downloadElectronBinary and ensureElectronBinary', () => {
  it('reports a failed download as one line', () => {
    const dir = fakeElectronPackage("console.error('TypeError: fetch failed\\n    at somewhere (x.js:1:1)'); process.exit(1);");
    expect(downloadElectronBinary(dir, { timeoutMs: 30_000, env: CLEAN_ENV })).toEqual({ ok: false, reason: 'TypeError: fetch failed' });
    const result = ensureElectronBinary(dir, { timeoutMs: 30_000, env: CLEAN_ENV });
    expect(result.problem).toMatch(/^Electron's binary is not installed \(.*dist is missing\) and could not be downloaded: TypeError: fetch failed\. Run `npx install-electron`/);
    expect(result.problem).not.toContain('\n');
  });

  it('gives up on a download that does not finish in time', () => {
    const dir = fakeElectronPackage('setInterval(() => {}, 1000);');
    expect(downloadElectronBinary(dir, { timeoutMs: 300, env: CLEAN_ENV })).toEqual({
      ok: false, reason: 'the download did not finish within 0.3 s',
    });
  });

  it('returns the binary once the installer has put it in place', () => {
    const dir = fakeElectronPackage(
      "const fs = require('node:fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');",
    );
    let announced = false;
    const result = ensureElectronBinary(dir, { timeoutMs: 30_000, env: CLEAN_ENV, onDownloadStart: () => (announced = true) });
    expect(result).toEqual({ path: path.join(dir, 'dist', 'electron') });
    expect(announced).toBe(true);
    expect(existsSync(path.join(dir, 'dist', 'electron'))).toBe(true);
  });

  it('does not download when told not to, or when the binary comes from an override', () => {
    const dir = fakeElectronPackage("require('node:fs').writeFileSync('ran', ''); process.exit(1);");
    const skipped = ensureElectronBinary(dir, { timeoutMs: 30_000, env: { ...CLEAN_ENV, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    expect(skipped.problem).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    const override = ensureElectronBinary(dir, { timeoutMs: 30_000, env: { ...CLEAN_ENV, ELECTRON_OVERRIDE_DIST_PATH: dir } });
    expect(override.problem).toContain('ELECTRON_OVERRIDE_DIST_PATH is set but there is no Electron binary');
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(ensureElectronBinary(null, { timeoutMs: 1000 }).problem).toContain('the electron package is not installed');
  });
});
