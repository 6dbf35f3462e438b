/**
 * The index's schema, as numbered migrations tracked in `PRAGMA user_version`. The index only mirrors the
 * image files, so a schema it cannot understand (newer than this build) is set aside and rebuilt, never
 * patched up in place.
 */
import type { DatabaseSync } from 'node:sqlite';
import { cjkColumnText } from './cjk-terms.ts';

/** One step: SQL, or a function for a step that needs what SQL cannot compute. Each runs in its own transaction. */
export type IndexMigration = string | ((database: DatabaseSync) => void);

/** Migration `n` (0-based) takes the schema from version `n` to `n + 1`. Never edit a released entry. */
export const INDEX_MIGRATIONS: readonly IndexMigration[] = [
  `
  CREATE TABLE images (
    key          INTEGER PRIMARY KEY,        -- the rowid the full-text index points at
    id           TEXT    NOT NULL UNIQUE,
    prompt       TEXT    NOT NULL,
    seed         INTEGER NOT NULL,
    model        TEXT    NOT NULL,
    aspect_ratio TEXT    NOT NULL,
    media_id     TEXT    NOT NULL,
    workflow_id  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    favourite    INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL
  );
  -- Keyset pagination walks (created_at, id) downwards; one index per common filter keeps it a range scan.
  CREATE INDEX images_by_time ON images (created_at DESC, id DESC);
  CREATE INDEX images_by_model ON images (model, created_at DESC, id DESC);
  CREATE INDEX images_by_aspect_ratio ON images (aspect_ratio, created_at DESC, id DESC);
  CREATE INDEX images_favourites_by_time ON images (created_at DESC, id DESC) WHERE favourite = 1;

  -- External-content FTS5 over prompts: the text lives once, in images. Prefix indexes of 2 and 3
  -- characters keep "search as you type" fast for short unfinished words.
  CREATE VIRTUAL TABLE images_fts USING fts5(
    prompt,
    content = 'images',
    content_rowid = 'key',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
  CREATE TRIGGER images_fts_after_insert AFTER INSERT ON images BEGIN
    INSERT INTO images_fts (rowid, prompt) VALUES (new.key, new.prompt);
  END;
  CREATE TRIGGER images_fts_after_delete AFTER DELETE ON images BEGIN
    INSERT INTO images_fts (images_fts, rowid, prompt) VALUES ('delete', old.key, old.prompt);
  END;
  CREATE TRIGGER images_fts_after_update AFTER UPDATE OF prompt ON images BEGIN
    INSERT INTO images_fts (images_fts, rowid, prompt) VALUES ('delete', old.key, old.prompt);
    INSERT INTO images_fts (rowid, prompt) VALUES (new.key, new.prompt);
  END;
  `,
  // Version 2: search walks the full-text match by rowid (newest first) and stops after a page, which needs
  // `key` order to be creation order (created_at, id). `keys_in_time_order` records whether it is; an index
  // from version 1 (keys in folder-listing order) starts at 0, and the next start renumbers it (see
  // GalleryIndex.restoreTimeOrder). The shard index lets the start-up reconcile read one folder's ids at a time.
  `
  CREATE TABLE index_state (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO index_state (name, value) VALUES ('keys_in_time_order', 0);
  CREATE INDEX images_by_shard ON images (substr(id, 25, 2));
  `,
  // Version 3: JPEG images beside PNG ones (`format` says which file holds the image; every earlier row is a
  // PNG). `shard_stamps` and `clean_shutdown` let a start skip the shard folders unchanged since the last
  // clean shutdown (see ShardFiles.stamp). The insert trigger goes: the code that inserts rows adds their
  // full-text entries itself, a whole batch in one statement, which costs a fraction of the trigger's
  // statement per row (FTS5 flushes its pending terms at every statement a trigger runs).
  `
  ALTER TABLE images ADD COLUMN format TEXT NOT NULL DEFAULT 'png' CHECK (format IN ('png', 'jpeg'));
  CREATE TABLE shard_stamps (
    shard TEXT PRIMARY KEY,
    stamp TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO index_state (name, value) VALUES ('clean_shutdown', 0);
  DROP TRIGGER images_fts_after_insert;
  `,
  // Version 4: substring search in Chinese, Japanese and Korean (see cjk-terms.ts). `cjk_terms` holds each
  // row's CJK search text ('' for a prompt without CJK), and the full-text table indexes it beside the
  // prompt, so one MATCH expression can combine both. FTS5 cannot add a column: the table is made again
  // and rebuilt from the rows (about a third of a second at 100k rows), with its triggers.
  migrateToCjkTerms,
];

function migrateToCjkTerms(database: DatabaseSync): void {
  database.exec(`
    DROP TRIGGER images_fts_after_delete;
    DROP TRIGGER images_fts_after_update;
    DROP TABLE images_fts;
    ALTER TABLE images ADD COLUMN cjk_terms TEXT NOT NULL DEFAULT '';
  `);
  // Read first, then write: no row is updated under a scan of its own table.
  const updates: Array<[string, number]> = [];
  for (const row of database.prepare('SELECT key, prompt FROM images').iterate()) {
    const terms = cjkColumnText(String(row['prompt']));
    if (terms !== '') updates.push([terms, Number(row['key'])]);
  }
  const update = database.prepare('UPDATE images SET cjk_terms = ? WHERE key = ?');
  for (const [terms, key] of updates) update.run(terms, key);
  database.exec(`
    CREATE VIRTUAL TABLE images_fts USING fts5(
      prompt,
      cjk_terms,
      content = 'images',
      content_rowid = 'key',
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    );
    INSERT INTO images_fts (images_fts) VALUES ('rebuild');
    CREATE TRIGGER images_fts_after_delete AFTER DELETE ON images BEGIN
      INSERT INTO images_fts (images_fts, rowid, prompt, cjk_terms) VALUES ('delete', old.key, old.prompt, old.cjk_terms);
    END;
    CREATE TRIGGER images_fts_after_update AFTER UPDATE OF prompt, cjk_terms ON images BEGIN
      INSERT INTO images_fts (images_fts, rowid, prompt, cjk_terms) VALUES ('delete', old.key, old.prompt, old.cjk_terms);
      INSERT INTO images_fts (rowid, prompt, cjk_terms) VALUES (new.key, new.prompt, new.cjk_terms);
    END;
  `);
}

/** The schema version this build writes. */
export const INDEX_SCHEMA_VERSION = INDEX_MIGRATIONS.length;

/** The index was written by a newer build; it is rebuilt rather than guessed at. */
export class IndexSchemaTooNewError extends Error {
  constructor(found: number) {
    super(`Gallery index schema version ${found} is newer than ${INDEX_SCHEMA_VERSION}`);
    this.name = 'IndexSchemaTooNewError';
  }
}

/**
 * Brings `database` to {@link INDEX_SCHEMA_VERSION}, one transaction per step. The version is re-read inside
 * each write transaction, so two processes opening a fresh index at once do not both run a step.
 */
export function migrateIndex(database: DatabaseSync): void {
  for (;;) {
    const version = readUserVersion(database);
    if (version > INDEX_SCHEMA_VERSION) throw new IndexSchemaTooNewError(version);
    if (version === INDEX_SCHEMA_VERSION) return;
    database.exec('BEGIN IMMEDIATE');
    try {
      const current = readUserVersion(database);
      if (current === version) {
        const step = INDEX_MIGRATIONS[version]!;
        if (typeof step === 'string') database.exec(step);
        else step(database);
        // PRAGMA takes no bound parameters; the value is our own integer.
        database.exec(`PRAGMA user_version = ${version + 1}`);
      }
      database.exec('COMMIT');
    } catch (error) {
      database.exec('ROLLBACK');
      throw error;
    }
  }
}

export function readUserVersion(database: DatabaseSync): number {
  const row = database.prepare('PRAGMA user_version').get();
  return Number(row?.['user_version'] ?? 0);
}
