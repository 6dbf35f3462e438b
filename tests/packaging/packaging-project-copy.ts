/**
 * A throwaway copy of the project for packaging: the files packaging reads are copied, `src/` is linked and
 * `node_modules/` is a tree of hard links. The build and electron-builder write into the copy, never into
 * the project's own dist/ (which other tests and the developer may be using). Removing the copy (rmSync
 * recursive) removes the links, not what they point to.
 *
 * Why not one symlink for node_modules: electron-builder collects production dependencies with `npm ls`,
 * and after a fresh `npm ci` npm trusts its hidden lockfile (node_modules/.package-lock.json), which does
 * not hold when read through a symlinked node_modules from another root: every dependency then comes out
 * extraneous and the asar is packed without them. A hard-linked tree is a real tree and costs no copying.
 */
import { copyFileSync, cpSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
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
  hardLinkTree(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Recreates `source` at `target`: folders made, files hard-linked, symlinks copied as symlinks. */
function hardLinkTree(source: string, target: string): void {
  mkdirSync(target);
  for (const entry of readdirSync(source)) {
    const from = path.join(source, entry);
    const to = path.join(target, entry);
    const stats = lstatSync(from);
    if (stats.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stats.isDirectory()) hardLinkTree(from, to);
    else linkSync(from, to);
  }
}
