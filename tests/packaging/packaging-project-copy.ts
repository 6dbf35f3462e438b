/**
 * A throwaway copy of the project for packaging: the files packaging reads are copied, `src/` and
 * `node_modules/` are linked. The build and electron-builder write into the copy, never into the project's
 * own dist/ (which other tests and the developer may be using). Removing the copy (rmSync recursive)
 * removes the links, not what they point to.
 */
import { copyFileSync, cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function copyProjectForPackaging(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagefx-packaging-'));
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) {
    copyFileSync(path.join(PROJECT_ROOT, file), path.join(dir, file));
  }
  cpSync(path.join(PROJECT_ROOT, 'build'), path.join(dir, 'build'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'scripts'), path.join(dir, 'scripts'), { recursive: true });
  symlinkSync(path.join(PROJECT_ROOT, 'src'), path.join(dir, 'src'));
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}
