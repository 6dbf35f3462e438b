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
import { readGalleryMetadata } from './png-metadata.ts';

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

export async function reconcileIndex(layout: GalleryLayout, files: GalleryFiles, index: GalleryIndex): Promise<ReconcileReport> {
  const onDisk = await listIds(layout.imagesDirectory, IMAGE_EXTENSION, files);
  const indexed = index.allIds();

  let removed = 0;
  for (const id of indexed) {
    if (onDisk.has(id)) continue;
    await files.remove(layout.thumbnailFile(id));
    if (index.remove(id)) removed += 1;
  }

  let added = 0;
  let ignored = 0;
  let batch: IndexedImage[] = [];
  const flush = (): void => {
    const rows = batch;
    batch = [];
    index.transaction(() => rows.forEach((row) => index.insert(row)));
    added += rows.length;
  };
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
  if (batch.length > 0) flush();

  // Thumbnails of images that no longer exist are dead weight; they are cheap to find while we are here.
  const thumbnails = await listIds(layout.thumbnailsDirectory, THUMBNAIL_EXTENSION, files);
  for (const id of thumbnails) if (!onDisk.has(id)) await files.remove(layout.thumbnailFile(id));

  return { indexed: added, removed, ignored };
}

/** The row for the gallery PNG of `id`, from its embedded metadata; `null` when it is not a gallery image. */
async function readIndexedImage(layout: GalleryLayout, files: GalleryFiles, id: string): Promise<IndexedImage | null> {
  const bytes = await files.readRegularFile(layout.imageFile(id));
  const contents = bytes ? readGalleryMetadata(bytes) : null;
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
async function listIds(root: string, extension: string, files: GalleryFiles): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const shard of await entriesOf(root)) {
    if (!shard.isDirectory() || !GalleryLayout.isShardName(shard.name)) continue;
    const shardPath = path.join(root, shard.name);
    for (const entry of await entriesOf(shardPath)) {
      if (entry.name.includes(TEMPORARY_FILE_MARKER)) {
        // Only this process writes here (the app holds a single-instance lock), so any temp file is stale.
        if (entry.isFile()) await files.remove(path.join(shardPath, entry.name));
        continue;
      }
      if (!entry.isFile() || !entry.name.endsWith(extension)) continue;
      const id = entry.name.slice(0, -extension.length);
      if (isGalleryId(id) && GalleryLayout.shardOf(id) === shard.name) ids.add(id);
    }
  }
  return ids;
}

async function entriesOf(directory: string): Promise<Dirent[]> {
  try {
    return await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
