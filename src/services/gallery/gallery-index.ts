/**
 * The gallery's search index: one SQLite table mirroring the PNG files, an FTS5 table over prompts, and
 * keyset-paginated queries. It holds nothing the files do not, so losing it costs a rebuild, not data.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { GalleryFilters, GalleryItem } from '../../shared/gallery-types.ts';
import type { PagePosition } from './page-cursor.ts';

/** An index row: the UI's item plus what export and rebuild comparisons also need. */
export interface IndexedImage extends GalleryItem {
  readonly workflowId: string;
}

export interface IndexQuery {
  readonly filters: GalleryFilters;
  /** Start strictly after this position (the previous page's last item). */
  readonly after: PagePosition | null;
  readonly limit: number;
  /** An FTS5 MATCH expression (already sanitized), or `null` for no text condition. */
  readonly match: string | null;
}

const COLUMNS = 'id, prompt, seed, model, aspect_ratio, media_id, workflow_id, created_at, favourite, width, height';

export class GalleryIndex {
  readonly #database: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #closed = false;

  /** Takes an open, migrated database (see `openGalleryIndex`). */
  constructor(database: DatabaseSync) {
    this.#database = database;
  }

  insert(image: IndexedImage): void {
    this.#statement(
      `INSERT INTO images (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ).run(
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
    );
  }

  get(id: string): IndexedImage | null {
    const row = this.#statement(`SELECT ${COLUMNS} FROM images WHERE id = ?`).get(id);
    return row ? toImage(row) : null;
  }

  /** True when a row was removed. */
  remove(id: string): boolean {
    return Number(this.#statement('DELETE FROM images WHERE id = ?').run(id).changes) > 0;
  }

  setFavourite(id: string, favourite: boolean): void {
    this.#statement('UPDATE images SET favourite = ? WHERE id = ?').run(favourite ? 1 : 0, id);
  }

  /** Every indexed id (for reconciling with the folder at start). */
  allIds(): Set<string> {
    const ids = new Set<string>();
    for (const row of this.#statement('SELECT id FROM images').all()) ids.add(String(row['id']));
    return ids;
  }

  /** Up to `limit` items, newest first (ties broken by id, descending). */
  query(query: IndexQuery): IndexedImage[] {
    const conditions: string[] = [];
    const parameters: SQLInputValue[] = [];
    if (query.match !== null) {
      conditions.push('key IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)');
      parameters.push(query.match);
    }
    const { filters } = query;
    if (filters.model !== undefined) {
      conditions.push('model = ?');
      parameters.push(filters.model);
    }
    if (filters.aspectRatio !== undefined) {
      conditions.push('aspect_ratio = ?');
      parameters.push(filters.aspectRatio);
    }
    if (filters.createdFrom !== undefined) {
      conditions.push('created_at >= ?');
      parameters.push(filters.createdFrom);
    }
    if (filters.createdBefore !== undefined) {
      conditions.push('created_at < ?');
      parameters.push(filters.createdBefore);
    }
    // A literal, not a parameter: the partial index on favourites is only used when the planner sees `= 1`.
    if (filters.favouritesOnly) conditions.push('favourite = 1');
    if (query.after) {
      conditions.push('(created_at < ? OR (created_at = ? AND id < ?))');
      parameters.push(query.after.createdAt, query.after.createdAt, query.after.id);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    parameters.push(query.limit);
    const sql = `SELECT ${COLUMNS} FROM images ${where} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return this.#statement(sql).all(...parameters).map(toImage);
  }

  /** Runs `work` in one write transaction (much faster for bulk inserts during a rebuild). */
  transaction<T>(work: () => T): T {
    this.#database.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#database.exec('COMMIT');
      return result;
    } catch (error) {
      this.#database.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#database.close();
  }

  /** Statements are cached by text; there are at most a few hundred filter combinations. */
  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function toImage(row: Record<string, unknown>): IndexedImage {
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
  };
}

/** The UI's view of a row (drops what only export needs). */
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
