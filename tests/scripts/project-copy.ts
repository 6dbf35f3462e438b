/**
 * A throwaway copy of the project for running its scripts end to end: the scripts are copied, src/ and
 * tests/ are linked, and node_modules links to the real one except for `electron`, which is copied without
 * its binary. So the scripts behave as on a machine where Electron's binary cannot be had, even where it is
 * installed, and their build writes to the copy's dist/, never to the one other tests may be reading.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Creates the copy and returns its root. Removing it (rmSync recursive) only removes links and copies. */
export function copyProjectWithoutElectronBinary(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagefx-project-copy-'));
  mkdirSync(path.join(dir, 'scripts'));
  for (const file of ['start.mjs', 'demo.mjs', 'electron-binary.mjs', 'build.mjs']) {
    copyFileSync(path.join(root, 'scripts', file), path.join(dir, 'scripts', file));
  }
  copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  symlinkSync(path.join(root, 'src'), path.join(dir, 'src'));
  symlinkSync(path.join(root, 'tests'), path.join(dir, 'tests'));
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(root, 'node_modules'))) {
    if (entry !== 'electron') symlinkSync(path.join(root, 'node_modules', entry), path.join(modules, entry));
  }
  mkdirSync(path.join(modules, 'electron'));
  for (const file of ['package.json', 'index.js', 'install.js', 'cli.js', 'checksums.json']) {
    copyFileSync(path.join(root, 'node_modules', 'electron', file), path.join(modules, 'electron', file));
  }
  return dir;
}

/**
 * The environment for a script run in the copy: whatever Electron download settings the caller had are
 * dropped, and the one download attempt fails fast everywhere (nothing cached, nothing listening).
 */
export function hermeticElectronEnv(project: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(npm_config_electron_|npm_package_config_electron_|electron_config_|ELECTRON_)/i.test(key)) delete env[key];
  }
  return { ...env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: path.join(project, 'cache'), ...extra };
}
