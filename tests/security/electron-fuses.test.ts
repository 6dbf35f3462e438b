/**
 * Electron security checklist item 19, as the issue states it: the fuses electron-builder.yml sets, and the
 * rule check:config enforces, are exactly these. (package-smoke.test.ts shows them flipped in a packaged
 * binary; check-config.test.ts shows a config with any of them wrong failing.)
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, REQUIRED_FUSES } from '../../scripts/check-config.mjs';
import { PROJECT_ROOT } from '../packaging/packaging-project-copy.ts';

const ISSUE_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  grantFileProtocolExtraPrivileges: false,
};

describe('Electron fuses', () => {
  it('electron-builder.yml sets every fuse the issue lists, to the value it lists', () => {
    const config = loadBuilderConfig(path.join(PROJECT_ROOT, 'electron-builder.yml'));
    expect(config.electronFuses).toMatchObject(ISSUE_FUSES);
    expect(config.asar).toBe(true);
  });

  it('check:config enforces the same values', () => {
    expect(REQUIRED_FUSES).toEqual(ISSUE_FUSES);
  });
});
