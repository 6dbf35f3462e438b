/**
 * The gallery's search index: one SQLite table mirroring the image files, an FTS5 table over prompts (and
 * their CJK search text, see cjk-terms.ts), and
 * keyset-paginated queries. It holds nothing the files do not, so losing it costs a rebuild, not data.
 * The main process holds one connection; the index workers (index-worker.ts) hold their own for bulk work.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { GalleryFilters } from '../../shared/gallery-schemas.ts';
import type { GallerySort } from '../../shared/gallery-urls.ts';
import type { ImageFormat } from './image-format.ts';
import type { IndexedImage } from './index-rows.ts';
import { ADD_FULL_TEXT_OF_KEY, COLUMNS, INSERT_WITH_KEY, inTransaction, keyFitsNeighbours, readState, rowValues, StatementCache, toImage, writeState } from './index-rows.ts';
import type { PagePosition } from './page-cursor.ts';
import type { SearchMatch } from './search-expression.ts';

export type { IndexedImage } from './index-rows.ts';
export { toGalleryItem } from './index-rows.ts';

/** What a query matches: filters, text and a snapshot, without paging. */
export interface IndexCondition {
  readonly filters: GalleryFilters;
  /** The text condition (see search-expression.ts), or `null` for none. */
  readonly match: SearchMatch | null;
  /** Only rows at or before this position in creation order (a snapshot: later saves are left out). */
  readonly through?: PagePosition | null;
}

export interface IndexQuery extends IndexCondition {
  /** Start strictly after this position (the previous page's last item), in the query's order. */
  readonly after: PagePosition | null;
  readonly limit: number;
  /** Newest first (the default) or oldest first. */
  readonly order?: GallerySort;
  /** Rows skipped after `after` (or the start). */
  readonly offset?: number;
}

/** The same columns, for a query that also reads the full-text table (which has a `prompt` column too). */
const QUALIFIED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `images.${column} AS ${column}`)
  .join(', ');

export class GalleryIndex {
  readonly #database: DatabaseSync;
  readonly #statements: StatementCache;
  /** Keys up to this one belong to a rebuild in progress (another connection fills them in). */
  #reservedThrough = 0;
  #closed = false;

  /** Takes an open, migrated database (see `openGalleryIndex`). */
  constructor(database: DatabaseSync) {
    this.#database = database;
    this.#statements = new StatementCache(database);
  }

  /**
   * Adds a row with the next free key, and its full-text entry (an id already indexed is left as it is). Keys are handed out in
   * increasing order, so they follow creation order as long as rows arrive in that order. When this row does
   * not sit in creation order between its neighbours (a clock that went backwards), the index records that
   * keys are no longer in time order, so search falls back to sorting until the keys are renumbered. Row and
   * flag change in one transaction, so no crash can leave the flag claiming an order that is not there.
   */
  insert(image: IndexedImage): void {
    this.transaction(() => {
      const { lastInsertRowid, changes } = this.#statements
        .get(`${INSERT_WITH_KEY} ON CONFLICT (id) DO NOTHING`)
        .run(this.#nextKey(), ...rowValues(image));
      if (Number(changes) === 0) return;
      this.#statements.get(ADD_FULL_TEXT_OF_KEY).run(lastInsertRowid);
      if (!this.keysInTimeOrder()) return;
      if (!keyFitsNeighbours(this.#statements, Number(lastInsertRowid), image.createdAt, image.id)) this.setKeysInTimeOrder(false);
    });
  }

  /** Makes later inserts take keys above `key`: a rebuild is filling in the keys up to it, in creation order. */
  reserveKeysThrough(key: number): void {
    this.#reservedThrough = Math.max(this.#reservedThrough, key);
  }

  #nextKey(): number {
    const max = Number(this.#statements.get('SELECT max(key) AS max FROM images').get()?.['max'] ?? 0);
    return Math.max(max, this.#reservedThrough) + 1;
  }

  get(id: string): IndexedImage | null {
    const row = this.#statements.get(`SELECT ${COLUMNS} FROM images WHERE id = ?`).get(id);
    return row ? toImage(row) : null;
  }

  /** True when a row was removed. */
  remove(id: string): boolean {
    return Number(this.#statements.get('DELETE FROM images WHERE id = ?').run(id).changes) > 0;
  }

  setFavourite(id: string, favourite: boolean): void {
    this.#statements.get('UPDATE images SET favourite = ? WHERE id = ?').run(favourite ? 1 : 0, id);
  }

  /** The indexed ids of one shard folder (the id's last two characters) with their formats. */
  idsInShard(shard: string): Map<string, ImageFormat> {
    const ids = new Map<string, ImageFormat>();
    for (const row of this.#statements.get('SELECT id, format FROM images WHERE substr(id, 25, 2) = ?').all(shard)) {
      ids.set(String(row['id']), row['format'] === 'jpeg' ? 'jpeg' : 'png');
    }
    return ids;
  }

  /** True when the index has no row at all (new, or just set aside): the files are then indexed as a rebuild. */
  isEmpty(): boolean {
    return this.#statements.get('SELECT 1 FROM images LIMIT 1').get() === undefined;
  }

  /** How many rows there are. */
  count(): number {
    return Number(this.#statements.get('SELECT count(*) AS rows FROM images').get()?.['rows'] ?? 0);
  }

  /** The largest key in use (0 when empty). */
  maxKey(): number {
    return Number(this.#statements.get('SELECT max(key) AS max FROM images').get()?.['max'] ?? 0);
  }

  /** Up to `limit` items in the query's order (creation time, ties broken by id). */
  query(query: IndexQuery): IndexedImage[] {
    const { match } = query;
    if (match !== null && !match.excluding && this.keysInTimeOrder()) return this.#matchByKey(query, match.expression);
    const newest = (query.order ?? 'newest') === 'newest';
    const conditions: string[] = [];
    const parameters: SQLInputValue[] = [];
    if (match !== null) {
      // Excluding only: the newest rows, each checked against the full-text index by its rowid.
      conditions.push(
        match.excluding
          ? 'key NOT IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)'
          : 'key IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)',
      );
      parameters.push(match.expression);
    }
    filterConditions(query.filters, conditions, parameters);
    if (query.after) {
      conditions.push(newest ? '(created_at < ? OR (created_at = ? AND id < ?))' : '(created_at > ? OR (created_at = ? AND id > ?))');
      parameters.push(query.after.createdAt, query.after.createdAt, query.after.id);
    }
    throughCondition(query.through, conditions, parameters);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const direction = newest ? 'DESC' : 'ASC';
    parameters.push(query.limit, query.offset ?? 0);
    const sql = `SELECT ${COLUMNS} FROM images ${where} ORDER BY created_at ${direction}, id ${direction} LIMIT ? OFFSET ?`;
    return this.#statements.get(sql).all(...parameters).map(toImage);
  }

  /**
   * A text search when keys follow creation order: FTS5 walks its matches by rowid (newest first, or oldest
   * first) and stops once a page is full, instead of every match being looked up and sorted. The keyset
   * cursor becomes a key bound: the key of the nearest row strictly after the cursor's position in the
   * query's order (found through images_by_time, so it works even if the cursor's own row was deleted
   * since); a snapshot becomes an upper key bound the same way.
   */
  #matchByKey(query: IndexQuery, match: string): IndexedImage[] {
    const newest = (query.order ?? 'newest') === 'newest';
    const conditions = ['images_fts MATCH ?'];
    const parameters: SQLInputValue[] = [match];
    if (query.after) {
      const next = this.#statements
        .get(
          newest
            ? 'SELECT key FROM images WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT 1'
            : 'SELECT key FROM images WHERE (created_at, id) > (?, ?) ORDER BY created_at ASC, id ASC LIMIT 1',
        )
        .get(query.after.createdAt, query.after.id);
      if (!next) return [];
      conditions.push(newest ? 'images_fts.rowid <= ?' : 'images_fts.rowid >= ?');
      parameters.push(Number(next['key']));
    }
    if (query.through) {
      const last = this.#lastKeyThrough(query.through);
      if (last === null) return [];
      conditions.push('images_fts.rowid <= ?');
      parameters.push(last);
    }
    filterConditions(query.filters, conditions, parameters);
    parameters.push(query.limit, query.offset ?? 0);
    // CROSS JOIN keeps the full-text table as the outer loop, so its rowid order satisfies ORDER BY.
    const sql = `SELECT ${QUALIFIED_COLUMNS} FROM images_fts CROSS JOIN images ON images.key = images_fts.rowid
      WHERE ${conditions.join(' AND ')} ORDER BY images_fts.rowid ${newest ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`;
    return this.#statements.get(sql).all(...parameters).map(toImage);
  }

  /** The key of the newest row at or before `position` (keys in time order), or `null`. */
  #lastKeyThrough(position: PagePosition): number | null {
    const row = this.#statements
      .get('SELECT key FROM images WHERE (created_at, id) <= (?, ?) ORDER BY created_at DESC, id DESC LIMIT 1')
      .get(position.createdAt, position.id);
    return row ? Number(row['key']) : null;
  }

  /** How many rows match `condition` (through its snapshot, when it has one). */
  countMatching(condition: IndexCondition): number {
    const conditions: string[] = [];
    const parameters: SQLInputValue[] = [];
    throughCondition(condition.through, conditions, parameters);
    return this.#count(condition, conditions, parameters);
  }

  /** How many rows match `condition`'s filters and text but were saved after `position` (after a snapshot). */
  countAfter(condition: IndexCondition, position: PagePosition): number {
    return this.#count(condition, ['(created_at > ? OR (created_at = ? AND id > ?))'], [position.createdAt, position.createdAt, position.id]);
  }

  #count(condition: IndexCondition, conditions: string[], parameters: SQLInputValue[]): number {
    filterConditions(condition.filters, conditions, parameters);
    const where = (all: string[]): string => (all.length > 0 ? `WHERE ${all.join(' AND ')}` : '');
    const { match } = condition;
    if (match === null || match.excluding) {
      // No text, or excluding only: the rows themselves, each excluded match checked by its key.
      if (match) conditions.push('key NOT IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)');
      const all = match ? [...parameters, match.expression] : parameters;
      return Number(this.#statements.get(`SELECT count(*) AS rows FROM images ${where(conditions)}`).get(...all)?.['rows'] ?? 0);
    }
    // The full-text table drives, each match looked up by key.
    const sql = `SELECT count(*) AS rows FROM images_fts CROSS JOIN images ON images.key = images_fts.rowid
      ${where(['images_fts MATCH ?', ...conditions])}`;
    return Number(this.#statements.get(sql).get(match.expression, ...parameters)?.['rows'] ?? 0);
  }

  /** The position of the newest row (a snapshot of the index as it is now), or `null` when it is empty. */
  newestPosition(): PagePosition | null {
    const row = this.#statements.get('SELECT created_at, id FROM images ORDER BY created_at DESC, id DESC LIMIT 1').get();
    return row ? { createdAt: Number(row['created_at']), id: String(row['id']) } : null;
  }

  /** Whether keys follow creation order, so a text search may walk them newest first. */
  keysInTimeOrder(): boolean {
    return readState(this.#statements, 'keys_in_time_order') === 1;
  }

  setKeysInTimeOrder(ordered: boolean): void {
    writeState(this.#statements, 'keys_in_time_order', ordered ? 1 : 0);
  }

  /** True when every row from `key` up sits in creation order between its neighbours (rows added during a rebuild). */
  keysFitFrom(key: number): boolean {
    const rows = this.#statements.get('SELECT key, created_at, id FROM images WHERE key >= ? ORDER BY key').all(key);
    return rows.every((row) => keyFitsNeighbours(this.#statements, Number(row['key']), Number(row['created_at']), String(row['id'])));
  }

  /**
   * The shard folders' stamps recorded at the last clean shutdown, or `null` when the last run did not shut
   * down cleanly (then no stamp can be trusted). Marks this run as not yet shut down, in the same step.
   */
  takeShutdownStamps(): Map<string, string> | null {
    return this.transaction(() => {
      const clean = readState(this.#statements, 'clean_shutdown') === 1;
      writeState(this.#statements, 'clean_shutdown', 0);
      if (!clean) return null;
      const rows = this.#statements.get('SELECT shard, stamp FROM shard_stamps').all();
      return new Map(rows.map((row) => [String(row['shard']), String(row['stamp'])]));
    });
  }

  /** Records a clean shutdown: `stamps` are the shard folders known to match the index as they are now. */
  recordCleanShutdown(stamps: ReadonlyMap<string, string>): void {
    this.transaction(() => {
      this.#statements.get('DELETE FROM shard_stamps').run();
      const insert = this.#statements.get('INSERT INTO shard_stamps (shard, stamp) VALUES (?, ?)');
      for (const [shard, stamp] of stamps) insert.run(shard, stamp);
      writeState(this.#statements, 'clean_shutdown', 1);
    });
  }

  /** Runs `work` in one write transaction (much faster for bulk inserts). */
  transaction<T>(work: () => T): T {
    return inTransaction(this.#database, work);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#database.close();
  }
}

/** The snapshot's bound: rows at or before `through` in creation order. */
function throughCondition(through: PagePosition | null | undefined, conditions: string[], parameters: SQLInputValue[]): void {
  if (!through) return;
  conditions.push('(created_at < ? OR (created_at = ? AND id <= ?))');
  parameters.push(through.createdAt, through.createdAt, through.id);
}

/** The conditions of the filters, on columns of `images` (no other table in a query has these names). */
function filterConditions(filters: GalleryFilters, conditions: string[], parameters: SQLInputValue[]): void {
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
