/**
 * The index workers' view of the shard folders: synchronous (a worker thread has nothing else to do while it
 * waits, and a synchronous read costs a fraction of a promise round trip per file), with the same rules as
 * `GalleryFiles` on the main thread: nothing here follows a symbolic link, a shard folder counts only when it
 * is a real folder inside the gallery, and an image is read only when it is a regular file no larger than the
 * cap. Only this process writes in the gallery (the app holds a single-instance lock), so a temporary file
 * found here is stale and is removed.
 */
import type { Dirent } from 'node:fs';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { IMAGE_END_BYTES, readImageMetadataFromStart } from './gallery-image-codec.ts';
import { GalleryLayout, TEMPORARY_FILE_MARKER, THUMBNAIL_EXTENSION } from './gallery-layout.ts';
import type { ImageFormat } from './image-format.ts';
import type { GalleryImageContents } from './image-metadata.ts';
import { MAX_IMAGE_BYTES } from './image-metadata.ts';
import type { IndexedImage } from './index-rows.ts';
import { indexedImageOf } from './index-rows.ts';

// O_NOFOLLOW refuses a link and O_NONBLOCK keeps a FIFO from blocking the open; fstat then says what was
// opened. Windows has neither flag; there an lstat first, and the same-file check after, do the job.
const NO_FOLLOW = constants.O_NOFOLLOW !== undefined;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
/** A rebuild reads this much of each file: the metadata before the image data fits with room to spare. */
const METADATA_READ_BYTES = 64 * 1024;

/** The stamp of a shard that has no (real) folder. */
export const ABSENT_STAMP = 'absent';

/** What a shard folder holds: image files by id, and how many names were left out (the same id twice). */
export interface ShardListing {
  readonly images: Map<string, ImageFormat>;
  readonly duplicates: number;
}

export class ShardFiles {
  readonly #layout: GalleryLayout;
  readonly #realImages: string | null;
  readonly #realThumbnails: string | null;
  /** Reused for every first read: the parse keeps no slice of it. */
  readonly #scratch = Buffer.allocUnsafe(METADATA_READ_BYTES);
  readonly #end = Buffer.allocUnsafe(IMAGE_END_BYTES);

  constructor(layout: GalleryLayout) {
    this.#layout = layout;
    this.#realImages = realOrNull(layout.imagesDirectory);
    this.#realThumbnails = realOrNull(layout.thumbnailsDirectory);
  }

  /**
   * What identifies the state of a shard folder's entries: it changes when a file is added, removed or
   * renamed in it (mtime, ctime) or the folder is replaced (inode). `absent` when there is no real folder.
   */
  stamp(shard: string): string {
    try {
      const stats = lstatSync(this.#layout.imageShardDirectory(shard), { bigint: true });
      return stats.isDirectory() ? `${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}` : ABSENT_STAMP;
    } catch {
      return ABSENT_STAMP;
    }
  }

  /**
   * Removes stale temporary files, then lists the shard's image files (`<id>.png`, `<id>.jpg` of ids that
   * belong in this shard, regular files only). Empty when the shard is not a real folder inside the gallery.
   */
  listImages(shard: string): ShardListing {
    const images = new Map<string, ImageFormat>();
    let duplicates = 0;
    const directory = this.#layout.imageShardDirectory(shard);
    if (!isRealFolderIn(this.#realImages, directory, shard)) return { images, duplicates };
    for (const entry of entriesOf(directory)) {
      if (!entry.isFile()) continue;
      if (entry.name.includes(TEMPORARY_FILE_MARKER)) {
        rmSync(path.join(directory, entry.name), { force: true });
        continue;
      }
      const named = GalleryLayout.parseImageFileName(entry.name);
      if (!named || GalleryLayout.shardOf(named.id) !== shard) continue;
      if (images.has(named.id)) duplicates += 1;
      else images.set(named.id, named.format);
    }
    return { images, duplicates };
  }

  /** Removes the thumbnails of the shard whose image is not in `images` (and stale temporary files). */
  removeOrphanThumbnails(shard: string, images: ReadonlyMap<string, ImageFormat>): void {
    const directory = this.#layout.thumbnailShardDirectory(shard);
    if (!isRealFolderIn(this.#realThumbnails, directory, shard)) return;
    for (const entry of entriesOf(directory)) {
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const id = entry.name.endsWith(THUMBNAIL_EXTENSION) ? entry.name.slice(0, -THUMBNAIL_EXTENSION.length) : null;
      if (entry.name.includes(TEMPORARY_FILE_MARKER) || (id !== null && !images.has(id))) rmSync(path.join(directory, entry.name), { force: true });
    }
  }

  removeThumbnail(id: string): void {
    rmSync(this.#layout.thumbnailFile(id), { force: true });
  }

  /**
   * The row for the image file of `id`, from its embedded metadata; `null` when it is not a gallery image of
   * that format (a PNG-named JPEG included).
   */
  readRow(id: string, format: ImageFormat): IndexedImage | null {
    const contents = this.#readContents(this.#layout.imageFile(id, format), format);
    return contents ? indexedImageOf(id, contents, format) : null;
  }

  #readContents(file: string, format: ImageFormat): GalleryImageContents | null {
    return withRegularFile(file, (fd, size) => {
      const startLength = readSync(fd, this.#scratch, 0, Math.min(METADATA_READ_BYTES, size), 0);
      // A file that fit in the first read needs no second one for its last bytes.
      const end =
        startLength === size
          ? this.#scratch.subarray(Math.max(0, size - IMAGE_END_BYTES), size)
          : this.#end.subarray(0, readSync(fd, this.#end, 0, Math.min(IMAGE_END_BYTES, size), Math.max(0, size - IMAGE_END_BYTES)));
      const contents = readImageMetadataFromStart(format, this.#scratch.subarray(0, startLength), size, end);
      if (contents !== 'incomplete') return contents;
      // Metadata larger than the first read (very long prompts): read the whole file.
      const whole = Buffer.allocUnsafe(size);
      const wholeLength = readSync(fd, whole, 0, size, 0);
      const again = readImageMetadataFromStart(format, whole.subarray(0, wholeLength), size, end);
      return again === 'incomplete' ? null : again;
    });
  }
}

/** Opens `file` only when it is a regular file (not a link, not a FIFO or device) no larger than the cap. */
function withRegularFile<T>(file: string, read: (fd: number, size: number) => T | null): T | null {
  let fd: number | undefined;
  try {
    const linkStats = NO_FOLLOW ? null : lstatSync(file);
    if (linkStats && !linkStats.isFile()) return null;
    fd = openSync(file, OPEN_FLAGS);
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_IMAGE_BYTES) return null;
    if (linkStats && (stats.ino !== linkStats.ino || stats.dev !== linkStats.dev)) return null;
    return read(fd, stats.size);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when `directory` is a real folder (not a link) whose real path is `<realParent>/<name>`. */
function isRealFolderIn(realParent: string | null, directory: string, name: string): boolean {
  if (realParent === null || realOrNull(directory) !== path.join(realParent, name)) return false;
  try {
    return lstatSync(directory).isDirectory();
  } catch {
    return false;
  }
}

function entriesOf(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}

function realOrNull(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}
