/**
 * The index's row shape and the small pieces every reader and writer of the `images` table shares: the
 * column list, row ↔ object conversion, and the creation order the keys are meant to follow.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import { cjkColumnText } from './cjk-terms.ts';
import type { ImageFormat } from './image-format.ts';
import type { GalleryImageContents } from './image-metadata.ts';

/** An index row: the UI's item plus what export, the file paths and rebuild comparisons also need. */
export interface IndexedImage extends GalleryItem {
  readonly workflowId: string;
  /** Which kind of file holds the picture (and so its extension). */
  readonly format: ImageFormat;
}

/** The columns a row is read back from. */
export const COLUMNS = 'id, prompt, seed, model, aspect_ratio, media_id, workflow_id, created_at, favourite, width, height, format';
/** What an insert writes: {@link COLUMNS}, and the prompt's CJK search text (see cjk-terms.ts), which only search reads. */
export const WRITTEN_COLUMNS = `${COLUMNS}, cjk_terms`;
const PLACEHOLDERS = WRITTEN_COLUMNS.split(', ')
  .map(() => '?')
  .join(', ');
/** `INSERT INTO images (key, …)` with the key as the first parameter (a number, or null for "next"). */
export const INSERT_WITH_KEY = `INSERT INTO images (key, ${WRITTEN_COLUMNS}) VALUES (?, ${PLACEHOLDERS})`;

/** The full-text table's columns, named as the `images` columns they index (external content). */
export const FULL_TEXT_COLUMNS = 'prompt, cjk_terms';
/** Adds the full-text entries of the rows whose keys are in the JSON array bound to it (rows are inserted without a trigger). */
export const ADD_FULL_TEXT_OF_KEYS = `INSERT INTO images_fts (rowid, ${FULL_TEXT_COLUMNS}) SELECT key, ${FULL_TEXT_COLUMNS} FROM images WHERE key IN (SELECT value FROM json_each(?))`;
/** Adds the full-text entry of the row whose key is bound to it. */
export const ADD_FULL_TEXT_OF_KEY = `INSERT INTO images_fts (rowid, ${FULL_TEXT_COLUMNS}) SELECT key, ${FULL_TEXT_COLUMNS} FROM images WHERE key = ?`;

/** The values for an insert's columns after the key, in order. */
export function rowValues(image: IndexedImage): SQLInputValue[] {
  return [
    image.id,
    image.prompt,
    image.seed,
    image.model,
    image.aspectRatio,
    image.mediaId,
    image.workflowId,
    image.createdAt,
    image.favourite ? 1 : 0,
    image.width,
    image.height,
    image.format,
    cjkColumnText(image.prompt),
  ];
}

export function toImage(row: Record<string, unknown>): IndexedImage {
  return {
    id: String(row['id']),
    prompt: String(row['prompt']),
    seed: Number(row['seed']),
    model: String(row['model']),
    aspectRatio: String(row['aspect_ratio']),
    mediaId: String(row['media_id']),
    workflowId: String(row['workflow_id']),
    createdAt: Number(row['created_at']),
    favourite: Number(row['favourite']) === 1,
    width: Number(row['width']),
    height: Number(row['height']),
    format: row['format'] === 'jpeg' ? 'jpeg' : 'png',
  };
}

/** The row of the image file of `id` that says `contents` about itself. The file name, not the embedded id, is the image's address. */
export function indexedImageOf(id: string, contents: GalleryImageContents, format: ImageFormat): IndexedImage {
  const { metadata } = contents;
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
    format,
  };
}

/** The UI's view of a row (drops what only export and the file paths need). */
export function toGalleryItem(image: IndexedImage): GalleryItem {
  return {
    id: image.id,
    prompt: image.prompt,
    seed: image.seed,
    model: image.model,
    aspectRatio: image.aspectRatio,
    mediaId: image.mediaId,
    createdAt: image.createdAt,
    favourite: image.favourite,
    width: image.width,
    height: image.height,
  };
}

/** Negative when position a sorts before position b in creation order (created_at, then id). */
export function comparePositions(createdAtA: number, idA: string, createdAtB: number, idB: string): number {
  if (createdAtA !== createdAtB) return createdAtA < createdAtB ? -1 : 1;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** Prepared statements cached by their text, per connection. */
export class StatementCache {
  readonly #database: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(database: DatabaseSync) {
    this.#database = database;
  }

  get(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  clear(): void {
    this.#statements.clear();
  }
}

/** Runs `work` in one write transaction on `database`, rolled back if it throws. */
export function inTransaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}

/** The value of a flag in `index_state`. */
export function readState(statements: StatementCache, name: string): number {
  return Number(statements.get('SELECT value FROM index_state WHERE name = ?').get(name)?.['value'] ?? 0);
}

export function writeState(statements: StatementCache, name: string, value: number): void {
  statements.get('INSERT INTO index_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
}

/**
 * True when the row at `key` sits in creation order between its neighbours by key (the largest key below it
 * and the smallest above it). Checking each row as it is written checks every adjacent pair once both exist,
 * whatever order the rows arrive in, so a full-text search may walk keys as creation order.
 */
export function keyFitsNeighbours(statements: StatementCache, key: number, createdAt: number, id: string): boolean {
  const below = statements.get('SELECT created_at, id FROM images WHERE key < ? ORDER BY key DESC LIMIT 1').get(key);
  if (below && comparePositions(Number(below['created_at']), String(below['id']), createdAt, id) > 0) return false;
  const above = statements.get('SELECT created_at, id FROM images WHERE key > ? ORDER BY key LIMIT 1').get(key);
  return !above || comparePositions(createdAt, id, Number(above['created_at']), String(above['id'])) <= 0;
}
