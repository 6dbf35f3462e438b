/**
 * The gallery's search index: one SQLite table mirroring the PNG files, an FTS5 table over prompts, and
 * keyset-paginated queries. It holds nothing the files do not, so losing it costs a rebuild, not data.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { GalleryFilters, GalleryItem } from '../../shared/gallery-schemas.ts';
import { FTS_TRIGGER_NAMES, FTS_TRIGGERS } from './index-schema.ts';
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
/** The same columns, for a query that also reads the full-text table (which has a `prompt` column too). */
const QUALIFIED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `images.${column} AS ${column}`)
  .join(', ');

export class GalleryIndex {
  readonly #database: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #closed = false;

  /** Takes an open, migrated database (see `openGalleryIndex`). */
  constructor(database: DatabaseSync) {
    this.#database = database;
  }

  /**
   * Adds a row (an id already indexed is left as it is). Keys are handed out in increasing order, so they
   * follow creation order as long as rows arrive in that order. When this row sorts before the newest-keyed
   * one (a clock that went backwards, a rebuild inserting folder by folder), the index first records that
   * keys are no longer in time order, so search falls back to sorting until {@link restoreTimeOrder} runs.
   * The flag is cleared before the insert, never after, so no crash can leave it claiming an order that is
   * not there.
   */
  insert(image: IndexedImage): void {
    const last = this.#keysInTimeOrder() ? this.#statement('SELECT created_at, id FROM images ORDER BY key DESC LIMIT 1').get() : undefined;
    if (last && comparePositions(image.createdAt, image.id, Number(last['created_at']), String(last['id'])) < 0) {
      this.#setKeysInTimeOrder(false);
    }
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

  /** The indexed ids of one shard folder (the id's last two characters), for reconciling folder by folder. */
  idsInShard(shard: string): Set<string> {
    const ids = new Set<string>();
    for (const row of this.#statement('SELECT id FROM images WHERE substr(id, 25, 2) = ?').all(shard)) ids.add(String(row['id']));
    return ids;
  }

  /**
   * Renumbers the rows' keys in creation order (created_at, id) when they are not in it, in one transaction,
   * and rebuilds the full-text index over the new keys. True when it had to. Runs at start, after the
   * reconcile: a rebuild inserts folder by folder, and an index from schema version 1 was never ordered.
   */
  restoreTimeOrder(): boolean {
    if (this.#keysInTimeOrder()) return false;
    this.transaction(() => {
      // Without the triggers, emptying and refilling the table does no full-text work row by row; the
      // full-text index is rebuilt once at the end, over the new keys. All of it commits or none of it.
      for (const name of FTS_TRIGGER_NAMES) this.#database.exec(`DROP TRIGGER ${name}`);
      this.#database.exec(`
        CREATE TEMP TABLE ordered AS SELECT ${COLUMNS} FROM images ORDER BY created_at, id;
        DELETE FROM images;
        -- The table is empty, so the keys handed out are 1, 2, … in this order.
        INSERT INTO images (${COLUMNS}) SELECT ${COLUMNS} FROM temp.ordered ORDER BY rowid;
        DROP TABLE temp.ordered;
        INSERT INTO images_fts (images_fts) VALUES ('rebuild');
      `);
      this.#database.exec(FTS_TRIGGERS);
      this.#setKeysInTimeOrder(true);
    });
    // Statements prepared before the schema change are re-prepared by SQLite on their next use.
    return true;
  }

  /** Up to `limit` items, newest first (ties broken by id, descending). */
  query(query: IndexQuery): IndexedImage[] {
    if (query.match !== null && this.#keysInTimeOrder()) return this.#matchByKey(query, query.match);
    const conditions: string[] = [];
    const parameters: SQLInputValue[] = [];
    if (query.match !== null) {
      conditions.push('key IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)');
      parameters.push(query.match);
    }
    filterConditions(query, conditions, parameters);
    if (query.after) {
      conditions.push('(created_at < ? OR (created_at = ? AND id < ?))');
      parameters.push(query.after.createdAt, query.after.createdAt, query.after.id);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    parameters.push(query.limit);
    const sql = `SELECT ${COLUMNS} FROM images ${where} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return this.#statement(sql).all(...parameters).map(toImage);
  }

  /**
   * A text search when keys follow creation order: FTS5 walks its matches by rowid, newest first, and stops
   * once a page is full, instead of every match being looked up and sorted. The keyset cursor becomes a key
   * bound: the key of the newest row strictly after the cursor's position (found through images_by_time, so
   * it works even if the cursor's own row was deleted since).
   */
  #matchByKey(query: IndexQuery, match: string): IndexedImage[] {
    const conditions = ['images_fts MATCH ?'];
    const parameters: SQLInputValue[] = [match];
    if (query.after) {
      const next = this.#statement('SELECT key FROM images WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT 1').get(
        query.after.createdAt,
        query.after.id,
      );
      if (!next) return [];
      conditions.push('images_fts.rowid <= ?');
      parameters.push(Number(next['key']));
    }
    filterConditions(query, conditions, parameters);
    parameters.push(query.limit);
    // CROSS JOIN keeps the full-text table as the outer loop, so its rowid order satisfies ORDER BY.
    const sql = `SELECT ${QUALIFIED_COLUMNS} FROM images_fts CROSS JOIN images ON images.key = images_fts.rowid
      WHERE ${conditions.join(' AND ')} ORDER BY images_fts.rowid DESC LIMIT ?`;
    return this.#statement(sql).all(...parameters).map(toImage);
  }

  #keysInTimeOrder(): boolean {
    const row = this.#statement("SELECT value FROM index_state WHERE name = 'keys_in_time_order'").get();
    return Number(row?.['value']) === 1;
  }

  #setKeysInTimeOrder(ordered: boolean): void {
    this.#statement("UPDATE index_state SET value = ? WHERE name = 'keys_in_time_order'").run(ordered ? 1 : 0);
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

/** The conditions of the filters, on columns of `images` (no other table in a query has these names). */
function filterConditions(query: IndexQuery, conditions: string[], parameters: SQLInputValue[]): void {
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
}

/** Negative when position a sorts before position b in creation order (created_at, then id). */
function comparePositions(createdAtA: number, idA: string, createdAtB: number, idB: string): number {
  if (createdAtA !== createdAtB) return createdAtA < createdAtB ? -1 : 1;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
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
