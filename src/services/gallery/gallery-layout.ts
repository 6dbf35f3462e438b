/**
 * Where the gallery keeps things on disk. Every path is derived from a validated id, never from caller text,
 * so no request can name a file of its choosing.
 *
 * ```
 * <userData>/gallery/
 *   index.sqlite (+ -wal, -shm)       the search index; disposable, rebuilt from the images
 *   index-set-aside/                  unreadable index files moved out of the way, for debugging
 *   images/<XY>/<id>.png | <id>.jpg   the images with their metadata: the source of truth
 *   thumbs/<XY>/<id>.webp             thumbnails; disposable, remade on demand
 * ```
 * `<XY>` is the id's last two characters (random), so 1,024 folders share the load evenly.
 */
import path from 'node:path';
import { isGalleryId } from './gallery-id.ts';
import type { ImageFormat } from './image-format.ts';
import { IMAGE_FORMATS } from './image-format.ts';

/** Folder name of the gallery inside the app's data folder. */
export const GALLERY_FOLDER_NAME = 'gallery';
export const THUMBNAIL_EXTENSION = '.webp';
/** Temporary files carry this marker until they are renamed into place; leftovers are removed at start. */
export const TEMPORARY_FILE_MARKER = '.tmp-';

/** Crockford base32, the alphabet of ids (and so of their last two characters). */
const SHARD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHARD_PATTERN = /^[0-9A-HJKMNP-TV-Z]{2}$/;

export class GalleryLayout {
  /** Absolute gallery root, e.g. `<userData>/gallery`. */
  readonly root: string;
  readonly imagesDirectory: string;
  readonly thumbnailsDirectory: string;
  readonly databaseFile: string;
  readonly setAsideDirectory: string;

  constructor(galleryRoot: string) {
    this.root = path.resolve(galleryRoot);
    this.imagesDirectory = path.join(this.root, 'images');
    this.thumbnailsDirectory = path.join(this.root, 'thumbs');
    this.databaseFile = path.join(this.root, 'index.sqlite');
    this.setAsideDirectory = path.join(this.root, 'index-set-aside');
  }

  /** The shard folder name of an id. */
  static shardOf(id: string): string {
    return id.slice(-2);
  }

  /** Every folder name that can hold images (32 × 32 of them), in order. */
  static allShardNames(): string[] {
    const names: string[] = [];
    for (const first of SHARD_ALPHABET) for (const second of SHARD_ALPHABET) names.push(first + second);
    return names;
  }

  /** True for a folder name that can hold images. */
  static isShardName(name: string): boolean {
    return SHARD_PATTERN.test(name);
  }

  /** The image's file; its extension is its format's (the format the bytes were sniffed as when saved). */
  imageFile(id: string, format: ImageFormat): string {
    return path.join(this.imagesDirectory, GalleryLayout.shardOf(assertId(id)), `${id}${IMAGE_FORMATS[format].extension}`);
  }

  /** A shard folder of images (`images/<XY>`). */
  imageShardDirectory(shard: string): string {
    return path.join(this.imagesDirectory, assertShard(shard));
  }

  /** A shard folder of thumbnails (`thumbs/<XY>`). */
  thumbnailShardDirectory(shard: string): string {
    return path.join(this.thumbnailsDirectory, assertShard(shard));
  }

  /** The id and format named by an image file name (`<id>.png`, `<id>.jpg`), or `null` for any other name. */
  static parseImageFileName(name: string): { id: string; format: ImageFormat } | null {
    for (const format of Object.keys(IMAGE_FORMATS) as ImageFormat[]) {
      const extension = IMAGE_FORMATS[format].extension;
      if (!name.endsWith(extension)) continue;
      const id = name.slice(0, -extension.length);
      return isGalleryId(id) ? { id, format } : null;
    }
    return null;
  }

  thumbnailFile(id: string): string {
    return path.join(this.thumbnailsDirectory, GalleryLayout.shardOf(assertId(id)), `${id}${THUMBNAIL_EXTENSION}`);
  }

  /** True when `candidate` (already resolved) is the root itself or inside it. */
  contains(candidate: string): boolean {
    const resolved = path.resolve(candidate);
    return resolved === this.root || resolved.startsWith(this.root + path.sep);
  }
}

function assertShard(shard: string): string {
  // As with ids: shard names come from our own list, never from a request.
  if (!GalleryLayout.isShardName(shard)) throw new RangeError('Not a shard name');
  return shard;
}

function assertId(id: string): string {
  // A programming error if reached: callers validate ids at their boundary first.
  if (!isGalleryId(id)) throw new RangeError('Not a gallery id');
  return id;
}
