/**
 * Opens the index, or, when the file is damaged or from a newer build, moves it aside and starts a fresh
 * one; the caller then refills it from the image files. A bad index never stops the app. Faults that a
 * fresh file would not fix (disk full, no permission, locked by another process) are reported instead.
 *
 * Only quick checks run here (the header, the schema, every table and column we use), so opening costs
 * milliseconds at any size; the full integrity check reads the whole file and runs in an index worker
 * afterwards (IndexReconciler), which hands a damaged index back to be set aside the same way.
 */
import { mkdir, rename } from 'node:fs/promises';
import { closeSync, constants, existsSync, fchmodSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../shared/app-error.ts';
import { GalleryIndex } from './gallery-index.ts';
import { FULL_TEXT_COLUMNS, WRITTEN_COLUMNS } from './index-rows.ts';
import type { GalleryLayout } from './gallery-layout.ts';
import { IndexSchemaTooNewError, migrateIndex } from './index-schema.ts';

export interface OpenedGalleryIndex {
  readonly index: GalleryIndex;
  /** Where the unreadable index files were moved, when they were. */
  readonly setAsideFiles: readonly string[];
  /** The shard stamps of the last clean shutdown, or `null` after a crash or for a new index (see ShardFiles.stamp). */
  readonly shutdownStamps: ReadonlyMap<string, string> | null;
}

/** SQLite primary result codes that mean "this file is not a usable index" (corrupt, not a database, bad schema). */
const DAMAGED_FILE_CODES = new Set([1 /* ERROR */, 11 /* CORRUPT */, 24 /* FORMAT */, 26 /* NOTADB */]);
const SIDE_FILE_SUFFIXES = ['', '-wal', '-shm'];
/** Waits this long for another connection's write lock (an index worker's batch) before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating, migrating or replacing as needed) the index at `layout.databaseFile`. */
export async function openGalleryIndex(layout: GalleryLayout, clock: Clock): Promise<OpenedGalleryIndex> {
  await mkdir(layout.root, { recursive: true, mode: 0o700 });
  try {
    return { ...openAndCheck(layout.databaseFile), setAsideFiles: [] };
  } catch (error) {
    if (!isDamagedIndexError(error)) throw storageError(error);
  }
  const setAsideFiles = await setAsideIndex(layout, clock);
  try {
    return { ...openAndCheck(layout.databaseFile), setAsideFiles };
  } catch (error) {
    throw storageError(error);
  }
}

function openAndCheck(file: string): Pick<OpenedGalleryIndex, 'index' | 'shutdownStamps'> {
  // The index holds every prompt: 0600, set before SQLite opens it (its -wal and -shm files copy this mode).
  const descriptor = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    fchmodSync(descriptor, 0o600);
  } finally {
    closeSync(descriptor);
  }
  const database = new DatabaseSync(file);
  try {
    database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers never wait for the writer, and a crash mid-write cannot tear the main file.
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    migrateIndex(database);
    // Preparing touches every table and column we use, catching a schema that claims our version but is not ours.
    database.prepare(`SELECT key, ${WRITTEN_COLUMNS} FROM images LIMIT 0`).all();
    // LIMIT 1, not 0: FTS5 reads the expression (and so its column names) only when the query runs.
    database.prepare(`SELECT rowid FROM images_fts WHERE images_fts MATCH '{${FULL_TEXT_COLUMNS.replace(',', '')}} : "probe"' LIMIT 1`).all();
    const index = new GalleryIndex(database);
    // A write, so a file that cannot be written fails here rather than at the first save.
    return { index, shutdownStamps: index.takeShutdownStamps() };
  } catch (error) {
    database.close();
    throw error;
  }
}

class DamagedIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedIndexError';
  }
}

function isDamagedIndexError(error: unknown): boolean {
  if (error instanceof DamagedIndexError || error instanceof IndexSchemaTooNewError) return true;
  const code = (error as { errcode?: unknown } | null)?.errcode;
  // Extended result codes keep the primary code in the low byte.
  return typeof code === 'number' && DAMAGED_FILE_CODES.has(code & 0xff);
}

/** Moves the index files (database, WAL, shared memory) into `index-set-aside/`; returns their new paths. */
export async function setAsideIndex(layout: GalleryLayout, clock: Clock): Promise<string[]> {
  await mkdir(layout.setAsideDirectory, { recursive: true, mode: 0o700 });
  // Colons are not allowed in Windows file names.
  const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
  const stem = path.join(layout.setAsideDirectory, `${path.basename(layout.databaseFile)}.${stamp}`);
  let base = stem;
  // Keep the three files under one name, never overwriting an earlier set-aside copy.
  for (let attempt = 1; SIDE_FILE_SUFFIXES.some((suffix) => existsSync(`${base}${suffix}`)); attempt += 1) {
    base = `${stem}-${attempt}`;
  }
  const moved: string[] = [];
  for (const suffix of SIDE_FILE_SUFFIXES) {
    const source = `${layout.databaseFile}${suffix}`;
    if (!existsSync(source)) continue;
    await rename(source, `${base}${suffix}`);
    moved.push(`${base}${suffix}`);
  }
  return moved;
}

function storageError(error: unknown): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('STORAGE_UNAVAILABLE', `The gallery index cannot be opened: ${detail}`, { cause: error });
}
