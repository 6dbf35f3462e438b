/**
 * Makes the index agree with the folder at start: the files are the truth. Gallery PNGs without a row are
 * indexed from their embedded metadata; rows whose file is gone are dropped (with their thumbnail); files
 * that are not gallery images are left alone; temporary files from an interrupted write are removed.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GalleryFiles } from './gallery-files.ts';
import { isGalleryId } from './gallery-id.ts';
import type { GalleryIndex, IndexedImage } from './gallery-index.ts';
import { GalleryLayout, IMAGE_EXTENSION, TEMPORARY_FILE_MARKER, THUMBNAIL_EXTENSION } from './gallery-layout.ts';
import { readPngMetadata, readPngMetadataFromStart } from './png-metadata.ts';

/** What a start-up reconciliation did. */
export interface ReconcileReport {
  /** Files that had no row and were indexed. */
  readonly indexed: number;
  /** Rows whose file was gone. */
  readonly removed: number;
  /** PNG files in the image folders that carry no (readable) gallery metadata; left in place. */
  readonly ignored: number;
}

/** Rows are written in batches: one transaction per file would make a rebuild of 100k images crawl. */
const INSERT_BATCH_SIZE = 256;
/** The rebuild reads this much of each PNG: the text chunks before the image data fit with room to spare. */
const METADATA_READ_BYTES = 64 * 1024;
const IEND_CHUNK_BYTES = 12;

/**
 * Folder by folder: the ids of one shard folder on disk are compared with the index's ids of that shard, so
 * the sets held at any moment are about 1/1,024 of the gallery, not two sets of every id.
 */
export async function reconcileIndex(layout: GalleryLayout, files: GalleryFiles, index: GalleryIndex): Promise<ReconcileReport> {
  let removed = 0;
  let added = 0;
  let ignored = 0;
  let batch: IndexedImage[] = [];
  const flush = (): void => {
    const rows = batch;
    batch = [];
    index.transaction(() => rows.forEach((row) => index.insert(row)));
    added += rows.length;
  };

  // Only real folders count (a link named like a shard is not followed); at most 1,024 entries each.
  const imageShards = await shardFolders(layout.imagesDirectory);
  const thumbnailShards = await shardFolders(layout.thumbnailsDirectory);
  // Every possible shard, folder or not: rows whose whole folder is gone must go too.
  for (const shard of GalleryLayout.allShardNames()) {
    const onDisk = imageShards.has(shard) ? await listShardIds(layout.imagesDirectory, shard, IMAGE_EXTENSION, files) : new Set<string>();
    const indexed = index.idsInShard(shard);

    for (const id of indexed) {
      if (onDisk.has(id)) continue;
      await files.remove(layout.thumbnailFile(id));
      if (index.remove(id)) removed += 1;
    }

    for (const id of onDisk) {
      if (indexed.has(id)) continue;
      const image = await readIndexedImage(layout, files, id);
      if (!image) {
        ignored += 1;
        continue;
      }
      batch.push(image);
      if (batch.length >= INSERT_BATCH_SIZE) flush();
    }

    // Thumbnails of images that no longer exist are dead weight; they are cheap to find while we are here.
    if (!thumbnailShards.has(shard)) continue;
    const thumbnails = await listShardIds(layout.thumbnailsDirectory, shard, THUMBNAIL_EXTENSION, files);
    for (const id of thumbnails) if (!onDisk.has(id)) await files.remove(layout.thumbnailFile(id));
  }
  if (batch.length > 0) flush();

  // Rows were added folder by folder, not in creation order; search needs keys in creation order.
  index.restoreTimeOrder();
  return { indexed: added, removed, ignored };
}

/** The row for the gallery PNG of `id`, from its embedded metadata; `null` when it is not a gallery image. */
async function readIndexedImage(layout: GalleryLayout, files: GalleryFiles, id: string): Promise<IndexedImage | null> {
  const file = layout.imageFile(id);
  const ends = await files.readRegularFileEnds(file, METADATA_READ_BYTES, IEND_CHUNK_BYTES);
  let contents = ends ? readPngMetadataFromStart(ends.start, ends.size, ends.end) : null;
  if (contents === 'incomplete') {
    // Text chunks larger than the first read (very long prompts): read the whole file.
    const bytes = await files.readRegularFile(file);
    contents = bytes ? readPngMetadata(bytes) : null;
  }
  if (!contents) return null;
  const { metadata } = contents;
  // The file name, not the embedded id, is the image's address: it is what every path is derived from.
  return {
    id,
    prompt: metadata.prompt,
    seed: metadata.seed,
    model: metadata.model,
    aspectRatio: metadata.aspectRatio,
    mediaId: metadata.mediaId,
    workflowId: metadata.workflowId,
    createdAt: metadata.createdAt,
    favourite: contents.favourite,
    width: contents.width,
    height: contents.height,
  };
}

/**
 * Ids of the regular files `<shard>/<id><extension>` under `root` whose shard matches their id. Links,
 * misplaced and oddly named files are skipped; leftover temporary files are deleted.
 */
async function listShardIds(root: string, shard: string, extension: string, files: GalleryFiles): Promise<Set<string>> {
  const ids = new Set<string>();
  const shardPath = path.join(root, shard);
  for (const entry of await entriesOf(shardPath)) {
    if (entry.name.includes(TEMPORARY_FILE_MARKER)) {
      // Only this process writes here (the app holds a single-instance lock), so any temp file is stale.
      if (entry.isFile()) await files.remove(path.join(shardPath, entry.name));
      continue;
    }
    if (!entry.isFile() || !entry.name.endsWith(extension)) continue;
    const id = entry.name.slice(0, -extension.length);
    if (isGalleryId(id) && GalleryLayout.shardOf(id) === shard) ids.add(id);
  }
  return ids;
}

/** The names of the shard folders (real directories) under `root`. */
async function shardFolders(root: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const entry of await entriesOf(root)) if (entry.isDirectory() && GalleryLayout.isShardName(entry.name)) names.add(entry.name);
  return names;
}

async function entriesOf(directory: string): Promise<Dirent[]> {
  try {
    return await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
