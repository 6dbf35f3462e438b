/**
 * The index's bulk writes, done by the index workers on their own connection: batches of rows with their
 * full-text entries added in one statement (see index-schema.ts, version 3), and the renumbering that puts
 * keys back in creation order, a chunk at a time. Each call is one short transaction, so the main process,
 * whose writes wait for the lock, never waits long, and its reads (WAL) never wait at all.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { IndexedImage } from './index-rows.ts';
import { ADD_FULL_TEXT_OF_KEYS, FULL_TEXT_COLUMNS, INSERT_WITH_KEY, inTransaction, keyFitsNeighbours, rowValues, StatementCache, writeState } from './index-rows.ts';
import type { PagePosition } from './page-cursor.ts';

/** A row for {@link IndexBulkWriter.insertBatch}: with the key a rebuild reserved for it, or `null` for the next free one. */
export interface BulkRow {
  readonly image: IndexedImage;
  readonly key: number | null;
}

/** Where a renumbering stands between chunks (the worker keeps no state: the coordinator passes this back). */
export interface RenumberState {
  /** Rows with keys from here up still have their old key. */
  readonly oldFrom: number;
  /** The key the next row moved gets (all below `oldFrom`). */
  readonly nextKey: number;
  /** The creation position of the last row moved. */
  readonly after: PagePosition | null;
}

/** Room left below the new keys for rows added while a renumbering runs (they are renumbered too). */
const RENUMBER_HEADROOM = 1_000_000;

/**
 * A lock the index workers share (an `Int32Array` over a SharedArrayBuffer) so that only one of them is in a
 * write transaction at a time: a worker that finds SQLite's lock taken would otherwise sleep in SQLite's
 * busy handler for 1, 2, 5, 10… ms, while this one wakes it the moment the other commits.
 */
export class WorkerWriteLock {
  readonly #cell: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#cell = new Int32Array(buffer, 0, 1);
  }

  static buffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  }

  hold<T>(work: () => T): T {
    while (Atomics.compareExchange(this.#cell, 0, 0, 1) !== 0) Atomics.wait(this.#cell, 0, 1);
    try {
      return work();
    } finally {
      Atomics.store(this.#cell, 0, 0);
      Atomics.notify(this.#cell, 0, 1);
    }
  }
}

export class IndexBulkWriter {
  readonly #database: DatabaseSync;
  readonly #statements: StatementCache;
  readonly #lock: WorkerWriteLock | null;

  constructor(database: DatabaseSync, lock: WorkerWriteLock | null = null) {
    this.#database = database;
    this.#statements = new StatementCache(database);
    this.#lock = lock;
  }

  /**
   * Inserts `rows` (ids already indexed are skipped) and their full-text entries, in one transaction.
   * Returns how many were inserted and whether each sits in creation order between its neighbours by key.
   */
  insertBatch(rows: readonly BulkRow[]): { inserted: number; inOrder: boolean } {
    return this.#transaction(() => {
      const insert = this.#statements.get(`${INSERT_WITH_KEY} ON CONFLICT (id) DO NOTHING`);
      const inserted: Array<{ key: number; image: IndexedImage }> = [];
      for (const { image, key } of rows) {
        const result = insert.run(key, ...rowValues(image));
        if (Number(result.changes) > 0) inserted.push({ key: Number(result.lastInsertRowid), image });
      }
      this.#statements.get(ADD_FULL_TEXT_OF_KEYS).run(JSON.stringify(inserted.map(({ key }) => key)));
      const inOrder = inserted.every(({ key, image }) => keyFitsNeighbours(this.#statements, key, image.createdAt, image.id));
      if (!inOrder) writeState(this.#statements, 'keys_in_time_order', 0);
      return { inserted: inserted.length, inOrder };
    });
  }

  /** Removes the rows of `ids` (their full-text entries go with them, through the delete trigger). */
  removeIds(ids: readonly string[]): number {
    return this.#transaction(() => {
      const remove = this.#statements.get('DELETE FROM images WHERE id = ?');
      return ids.reduce((removed, id) => removed + Number(remove.run(id).changes), 0);
    });
  }

  /** Where a renumbering starts: below every key in use, with room for the whole table and then some. */
  startRenumbering(): RenumberState {
    const row = this.#statements.get('SELECT min(key) AS low, count(*) AS rows FROM images').get();
    const oldFrom = Number(row?.['low'] ?? 0);
    return { oldFrom, nextKey: oldFrom - Number(row?.['rows'] ?? 0) - RENUMBER_HEADROOM, after: null };
  }

  /**
   * Moves up to `limit` rows, oldest first, to new keys below every old one, in creation order, with their
   * full-text entries. `done` once no row with an old key is left after `after`; then, if none is left at
   * all (a row added meanwhile could have sorted before the walk's position), keys are marked in time order.
   */
  renumberChunk(state: RenumberState, limit: number): { state: RenumberState; moved: number; done: boolean } {
    return this.#transaction(() => {
      const after = state.after;
      const rows = after
        ? this.#statements
            .get('SELECT key, created_at, id FROM images WHERE key >= ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?')
            .all(state.oldFrom, after.createdAt, after.id, limit)
        : this.#statements.get('SELECT key, created_at, id FROM images WHERE key >= ? ORDER BY created_at, id LIMIT ?').all(state.oldFrom, limit);
      const oldKeys = rows.map((row) => Number(row['key']));
      this.#statements
        .get(`INSERT INTO images_fts (images_fts, rowid, ${FULL_TEXT_COLUMNS}) SELECT 'delete', key, ${FULL_TEXT_COLUMNS} FROM images WHERE key IN (SELECT value FROM json_each(?))`)
        .run(JSON.stringify(oldKeys));
      const move = this.#statements.get('UPDATE images SET key = ? WHERE key = ?');
      let nextKey = state.nextKey;
      for (const key of oldKeys) move.run(nextKey++, key);
      this.#statements
        .get(`INSERT INTO images_fts (rowid, ${FULL_TEXT_COLUMNS}) SELECT key, ${FULL_TEXT_COLUMNS} FROM images WHERE key >= ? AND key < ?`)
        .run(state.nextKey, nextKey);
      const last = rows.at(-1);
      const next: RenumberState = { ...state, nextKey, after: last ? { createdAt: Number(last['created_at']), id: String(last['id']) } : after };
      const done = rows.length < limit;
      if (done && this.#statements.get('SELECT 1 FROM images WHERE key >= ? LIMIT 1').get(state.oldFrom) === undefined) {
        // Rows added meanwhile took keys above the last one moved; they must fit too before the order is claimed.
        const added = this.#statements.get('SELECT key, created_at, id FROM images WHERE key >= ? ORDER BY key').all(nextKey - 1);
        const fits = added.every((row) => keyFitsNeighbours(this.#statements, Number(row['key']), Number(row['created_at']), String(row['id'])));
        if (fits) writeState(this.#statements, 'keys_in_time_order', 1);
      }
      return { state: next, moved: rows.length, done };
    });
  }

  #transaction<T>(work: () => T): T {
    return this.#lock ? this.#lock.hold(() => inTransaction(this.#database, work)) : inTransaction(this.#database, work);
  }
}
