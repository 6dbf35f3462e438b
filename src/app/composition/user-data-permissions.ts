/**
 * Owner-only modes for what the app keeps under userData: folders 0700, files 0600. New files and folders
 * are created that way; this pass, run at every start before anything is opened, tightens what an older
 * build left loose (gallery folders 0755, `index.sqlite` with every prompt 0644, log and quarantine folders).
 *
 * It walks only the app's own folders (the gallery's folders, not its thousands of images, which were
 * always written 0600), never follows a symbolic link, and leaves Chromium's folders to Chromium — the
 * userData folder itself being 0700 already keeps them from other users. Failures are ignored: a mode it
 * cannot change must not stop the app.
 */
import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/** The app's own folders under userData; `files: true` also tightens every file inside (small folders). */
const OWN_FOLDERS: readonly { readonly name: string; readonly files: boolean }[] = [
  { name: 'gallery', files: false },
  { name: 'logs', files: true },
  { name: 'vault-quarantine', files: true },
];

/** Top-level gallery files (the index and its SQLite side files). */
const GALLERY_FILES = /^index\.sqlite(-wal|-shm|-journal)?$/;

/** Tightens `userData` as described above. No-op on Windows, where POSIX modes mean nothing. */
export async function tightenUserDataPermissions(userData: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (platform === 'win32') return;
  await tighten(userData, FOLDER_MODE);
  for (const entry of await list(userData)) {
    // The stores: session-vault.json, account-settings.json, app-settings.json, the legacy store.
    if (entry.isFile() && entry.name.endsWith('.json')) await tighten(path.join(userData, entry.name), FILE_MODE);
  }
  for (const folder of OWN_FOLDERS) await tightenTree(path.join(userData, folder.name), folder.files);
  const gallery = path.join(userData, 'gallery');
  for (const entry of await list(gallery)) {
    if (entry.isFile() && GALLERY_FILES.test(entry.name)) await tighten(path.join(gallery, entry.name), FILE_MODE);
  }
}

async function tightenTree(folder: string, withFiles: boolean): Promise<void> {
  if (!(await isRealFolder(folder))) return;
  await tighten(folder, FOLDER_MODE);
  for (const entry of await list(folder)) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) await tightenTree(child, withFiles || entry.name === 'index-set-aside');
    else if (entry.isFile() && withFiles) await tighten(child, FILE_MODE);
  }
}

async function isRealFolder(folder: string): Promise<boolean> {
  try {
    return (await lstat(folder)).isDirectory();
  } catch {
    return false;
  }
}

/** Entries of `folder` (links report as links, so they are skipped), or none. */
async function list(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Changes the mode of a real file or folder only (opened without following a link, so a link swapped in
 * meanwhile is refused rather than its target changed), and only when it is looser than `wanted`.
 */
async function tighten(target: string, wanted: number): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = await handle.stat();
    if ((!stats.isFile() && !stats.isDirectory()) || (stats.mode & 0o777 & ~wanted) === 0) return;
    await handle.chmod(wanted);
  } catch {
    // A link (ELOOP), gone meanwhile, or not ours to change: leave it.
  } finally {
    await handle?.close();
  }
}
