/**
 * The only way gallery code touches files. Paths come from `GalleryLayout` (built from validated ids), and on
 * top of that nothing here follows a symbolic link: a link planted in the gallery folder (as a file or as a
 * folder) is treated as absent, so no request can read, or write through, anything outside the gallery.
 * Hard links count too: a file is read only when it has exactly one name (`nlink == 1`), since a hard link
 * to, say, `session-vault.json` is indistinguishable from a gallery file otherwise. Folders it creates are
 * 0700, files 0600.
 */
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { lstat, mkdir, open, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/app-error.ts';
import { writeFileAtomic, type FileContents } from './atomic-file.ts';
import type { RandomBytes } from './gallery-id.ts';
import type { GalleryLayout } from './gallery-layout.ts';
import { MAX_IMAGE_BYTES } from './image-metadata.ts';

// Windows has no O_NOFOLLOW; there the lstat + same-file check below does the job.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export class GalleryFiles {
  readonly #layout: GalleryLayout;
  readonly #randomBytes: RandomBytes;
  #realRoot: string | null = null;

  constructor(layout: GalleryLayout, randomBytes: RandomBytes) {
    this.#layout = layout;
    this.#randomBytes = randomBytes;
  }

  /** The bytes of `file` when it is a regular file (not a link) inside the gallery, else `null`. */
  readRegularFile(file: string, maxBytes = MAX_IMAGE_BYTES): Promise<Buffer | null> {
    return this.#withRegularFile(file, maxBytes, (handle) => handle.readFile());
  }

  /**
   * Opens `file` only when it is a regular file (not a link) inside the gallery and no larger than
   * `maxBytes`, runs `read` on it and closes it; `null` when any check or the read fails.
   */
  async #withRegularFile<T>(file: string, maxBytes: number, read: (handle: FileHandle, size: number) => Promise<T>): Promise<T | null> {
    if (!(await this.#isSafeLocation(file))) return null;
    let handle: FileHandle | undefined;
    try {
      const linkStats = await lstat(file);
      if (!linkStats.isFile()) return null;
      handle = await open(file, OPEN_FLAGS);
      const stats = await handle.stat();
      // Same file as the one lstat saw: nothing was swapped for a link in between.
      if (!stats.isFile() || stats.ino !== linkStats.ino || stats.dev !== linkStats.dev) return null;
      // A second name means a hard link: the other name may be anything of the user's (issue 15, row 8).
      if (stats.nlink !== 1) return null;
      if (stats.size > maxBytes) return null;
      return await read(handle, stats.size);
    } catch {
      return null;
    } finally {
      await handle?.close();
    }
  }

  /** Replaces `file` atomically. Refuses when its folder is (or passes through) a link leading elsewhere. */
  async write(file: string, data: FileContents): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!(await this.#isSafeLocation(file))) {
      throw new AppError('INTERNAL', 'The gallery folder contains a link that leads outside it; nothing was written.');
    }
    await writeFileAtomic(file, data, this.#randomBytes);
  }

  /** Removes `file` if present. A link is removed itself; its target is never touched. */
  async remove(file: string): Promise<void> {
    if (!this.#layout.contains(file)) return;
    await rm(file, { force: true });
  }

  /** True when `file` is inside the root and its folder, with every link resolved, still is. */
  async #isSafeLocation(file: string): Promise<boolean> {
    if (!this.#layout.contains(file) || path.resolve(file) === this.#layout.root) return false;
    const directory = path.dirname(path.resolve(file));
    try {
      this.#realRoot ??= await realpath(this.#layout.root);
      const expected = path.join(this.#realRoot, path.relative(this.#layout.root, directory));
      return (await realpath(directory)) === expected;
    } catch {
      return false;
    }
  }
}
