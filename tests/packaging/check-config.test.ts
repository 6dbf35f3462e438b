/**
 * `npm run check:config`: the CLI passes the project's electron-builder.yml and fails a copy with RunAsNode
 * on; the same check, called in-process, names every other deliberate defect (schema and project rules).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../scripts/check-config.mjs';
import { PROJECT_ROOT } from './packaging-project-copy.ts';
import { runNodeScript } from './run-node-script.ts';

const CONFIG = path.join(PROJECT_ROOT, 'electron-builder.yml');
const SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'check-config.mjs');
const original = readFileSync(CONFIG, 'utf8');
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'imagefx-check-config-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `original` with `edit` applied (which must change it) and returns the file. */
function variant(name: string, edit: (text: string) => string): string {
  const edited = edit(original);
  expect(edited, `the edit for "${name}" changed nothing`).not.toBe(original);
  const file = path.join(scratch, `${name}.yml`);
  writeFileSync(file, edited);
  return file;
}

describe('npm run check:config', () => {
  it('exits 0 on the project’s electron-builder.yml', async () => {
    const result = await runNodeScript(SCRIPT, [], PROJECT_ROOT);
    expect(result.status, result.output).toBe(0);
    expect(result.stdout).toMatch(/passes electron-builder [\d.]+'s schema and the project's rules/);
  });

  it('exits 1 on a config with RunAsNode on, naming the fuse', async () => {
    const config = variant('run-as-node', (text) => text.replace('runAsNode: false', 'runAsNode: true'));
    const result = await runNodeScript(SCRIPT, ['--config', config], PROJECT_ROOT);
    expect(result.status, result.output).toBe(1);
    expect(result.stderr).toContain('electronFuses.runAsNode: must be false, is true');
  });
});

describe('checkConfig on deliberately broken configs', () => {
  const replace = (from: string, to: string) => (text: string): string => text.replace(from, to);
  it.each([
    ['an option electron-builder does not know', (t: string) => `${t}\nasarr: true\n`, /schema: .*unknown property 'asarr'/s],
    ['a value of the wrong type', replace('npmRebuild: false', 'npmRebuild: sometimes'), /schema: .*npmRebuild/s],
    ['asar off', replace('\nasar: true', '\nasar: false'), /^asar: must be true/],
    ['a fuse left unset', replace('  grantFileProtocolExtraPrivileges: false\n', ''), /electronFuses\.grantFileProtocolExtraPrivileges: must be false, is unset/],
    ['cookie encryption off', replace('enableCookieEncryption: true', 'enableCookieEncryption: false'), /electronFuses\.enableCookieEncryption: must be true, is false/],
    ['sources in the package', replace('  - package.json\n', '  - package.json\n  - src/**\n'), /files: "src\/\*\*" is outside the built app/],
    ['source maps let through', replace('  - "!**/*.map"\n', ''), /files: must exclude "!\*\*\/\*\.map"/],
    ['a committed electronDist', (t: string) => `${t}\nelectronDist: electron-dist\n`, /electronDist: must not be committed/],
    ['an Electron version other than the pinned one', replace('electronVersion: 45.4.1', 'electronVersion: 44.0.0'), /electronVersion: must equal the exact devDependency electron/],
    ['no hardened runtime', replace('hardenedRuntime: true', 'hardenedRuntime: false'), /mac\.hardenedRuntime: must be true/],
    ['a missing Linux target', replace('    - deb\n', ''), /linux\.target: must include deb/],
  ])('names %s', async (name, edit, message) => {
    const problems = await checkConfig({ configPath: variant(name.replaceAll(' ', '-'), edit), projectDir: PROJECT_ROOT });
    expect(problems.some((problem) => message.test(problem)), problems.join('\n')).toBe(true);
  });

  it('refuses entitlements that undo the hardened runtime', async () => {
    const plist = path.join(scratch, 'weak.plist');
    writeFileSync(plist, readFileSync(path.join(PROJECT_ROOT, 'build', 'entitlements.mac.plist'), 'utf8')
      .replace('</dict>', '  <key>com.apple.security.cs.disable-library-validation</key>\n  <true/>\n</dict>'));
    const config = variant('weak-entitlements', (text) => text.replace('entitlements: build/entitlements.mac.plist', `entitlements: ${plist}`));
    const problems = await checkConfig({ configPath: config, projectDir: PROJECT_ROOT });
    expect(problems).toContain(`mac.entitlements: ${plist} grants com.apple.security.cs.disable-library-validation`);
  });

  it('finds nothing wrong with the project’s own config', async () => {
    expect(await checkConfig({ configPath: CONFIG, projectDir: PROJECT_ROOT })).toEqual([]);
  });
});
