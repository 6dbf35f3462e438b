import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import { INDEX_MIGRATIONS, INDEX_SCHEMA_VERSION, migrateIndex } from '../../../src/services/gallery/index-schema.ts';
import type { GalleryItem } from '../../../src/shared/gallery-schemas.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { allItems, generatedImage, makePng, openTestGallery, temporaryFolder, useGalleryFolder } from '../../support/gallery-fixtures.ts';

const folder = useGalleryFolder();
let layout: GalleryLayout;
beforeEach(() => {
  layout = folder.layout;
});

/** Adds `count` images across models, aspect ratios and (partly equal) timestamps; some are favourites. */
async function populate(gallery: Gallery, clock: FakeClock, count: number): Promise<GalleryItem[]> {
  const models = ['IMAGEN_3', 'IMAGEN_3_5', 'IMAGEN_4'];
  const ratios = ['IMAGE_ASPECT_RATIO_SQUARE', 'IMAGE_ASPECT_RATIO_LANDSCAPE', 'IMAGE_ASPECT_RATIO_PORTRAIT'];
  const items: GalleryItem[] = [];
  for (let index = 0; index < count; index += 1) {
    const model = models[index % 3]!;
    const aspectRatio = ratios[Math.floor(index / 3) % 3]!;
    // Every fourth prompt is Japanese: its CJK search text must survive every path below too.
    const prompt = index % 4 === 3 ? `山の湖 ${index} 日本の庭園` : `prompt ${index} of a mountain lake`;
    items.push(await gallery.add(generatedImage({ model, aspectRatio, prompt }, index)));
    if (index % 7 === 0) await gallery.setFavourite(items[index]!.id, true);
    // Groups of five share a millisecond: the id must break the tie identically after a rebuild.
    if (index % 5 === 4) await clock.advance(60_000);
  }
  return items;
}

async function snapshot(gallery: Gallery) {
  return {
    all: await allItems(gallery, 17),
    favourites: (await gallery.page({ limit: 200, filters: { favouritesOnly: true } })).items,
    search: (await gallery.search({ query: 'mountain lak', limit: 200, filters: { model: 'IMAGEN_4' } })).items,
    cjk: (await gallery.search({ query: '庭園', limit: 200 })).items,
    forms: (await gallery.search({ query: '"mountain lake" OR 湖 -prompt1*', limit: 200 })).items,
  };
}

/** Writes the schema as of `version` into an empty database (what that build made). */
function writeSchema(database: DatabaseSync, version: number): void {
  for (const step of INDEX_MIGRATIONS.slice(0, version)) {
    if (typeof step === 'string') database.exec(step);
    else step(database);
  }
  database.exec(`PRAGMA user_version = ${version}`);
}

/** FTS5's own check that the full-text index holds exactly what the rows say (throws otherwise). */
function checkFullText(file: string): void {
  const database = new DatabaseSync(file);
  try {
    database.exec("INSERT INTO images_fts (images_fts, rank) VALUES ('integrity-check', 1)");
  } finally {
    database.close();
  }
}

describe('rebuilding the index from the files', () => {
  it('a deleted database is rebuilt identical from the PNGs, favourites included', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    await populate(gallery, clock, 120);
    const before = await snapshot(gallery);
    await gallery.close();

    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });
    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report).toMatchObject({ indexed: 120, removed: 0, ignored: 0, rebuilt: true, indexSetAside: [] });
    const after = await snapshot(reopened);
    expect(after).toEqual(before);
    expect(after.all).toHaveLength(120);
    expect(after.favourites).toHaveLength(18);
    expect(after.cjk).toHaveLength(30);
    expect(after.forms.length).toBeGreaterThan(30);
    await reopened.close();
    checkFullText(layout.databaseFile);
  });

  it('migrates an index of schema version 1 (keys in folder order) and renumbers its keys in creation order', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    await populate(gallery, clock, 60);
    const before = await snapshot(gallery);
    await gallery.close();

    // Write the index as version 1 did: its schema only, and keys in an order that is not creation order.
    const current = new DatabaseSync(layout.databaseFile);
    const rows = current.prepare('SELECT id, prompt, seed, model, aspect_ratio, media_id, workflow_id, created_at, favourite, width, height FROM images').all();
    current.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });
    const old = new DatabaseSync(layout.databaseFile);
    writeSchema(old, 1);
    const insert = old.prepare(
      'INSERT INTO images (key, id, prompt, seed, model, aspect_ratio, media_id, workflow_id, created_at, favourite, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    rows.forEach((row, position) => insert.run(1000 + ((position * 7919) % 997), ...Object.values(row)));
    const scrambled = old.prepare('SELECT id FROM images ORDER BY key').all().map((row) => row['id']);
    expect(scrambled).not.toEqual([...scrambled].sort());
    old.close();

    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report).toMatchObject({ indexed: 0, removed: 0, ignored: 0, indexSetAside: [] });
    expect(await snapshot(reopened)).toEqual(before);
    const pages: GalleryItem[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Gallery['search']>> = await reopened.search({ query: 'lake OR 湖', cursor, limit: 7 });
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((item) => item.id)).toEqual(before.all.map((item) => item.id));
    await reopened.close();

    const migrated = new DatabaseSync(layout.databaseFile, { readOnly: true });
    expect(migrated.prepare('PRAGMA user_version').get()?.['user_version']).toBe(INDEX_SCHEMA_VERSION);
    expect(INDEX_SCHEMA_VERSION).toBe(4);
    expect(migrated.prepare("SELECT count(*) AS pngs FROM images WHERE format = 'png'").get()?.['pngs']).toBe(60);
    const byKey = migrated.prepare('SELECT id FROM images ORDER BY key').all().map((row) => row['id']);
    const byTime = migrated.prepare('SELECT id FROM images ORDER BY created_at, id').all().map((row) => row['id']);
    expect(byKey).toEqual(byTime);
    expect(migrated.prepare("SELECT value FROM index_state WHERE name = 'keys_in_time_order'").get()?.['value']).toBe(1);
    // The triggers are the ones the migrations create (renumbering works around them rather than dropping them).
    const triggers = (database: DatabaseSync) => database.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    const fresh = new DatabaseSync(':memory:');
    migrateIndex(fresh);
    expect(triggers(migrated)).toEqual(triggers(fresh));
    expect(triggers(migrated)).toHaveLength(2);
    fresh.close();
    migrated.close();
    checkFullText(layout.databaseFile);
  });

  it('migrates an index of schema version 3 to 4 in place: CJK search text for the rows it has, no rebuild', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    await populate(gallery, clock, 40);
    const before = await snapshot(gallery);
    expect(before.cjk).toHaveLength(10);
    await gallery.close();

    // Write the index as version 3 did: the same rows and keys, a full-text table over the prompt alone.
    const current = new DatabaseSync(layout.databaseFile);
    const rows = current.prepare('SELECT key, id, prompt, seed, model, aspect_ratio, media_id, workflow_id, created_at, favourite, width, height, format FROM images').all();
    const inTimeOrder = Number(current.prepare("SELECT value FROM index_state WHERE name = 'keys_in_time_order'").get()?.['value']);
    current.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });
    const old = new DatabaseSync(layout.databaseFile);
    writeSchema(old, 3);
    const insert = old.prepare(
      'INSERT INTO images (key, id, prompt, seed, model, aspect_ratio, media_id, workflow_id, created_at, favourite, width, height, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const row of rows) insert.run(...Object.values(row));
    old.exec(`INSERT INTO images_fts (images_fts) VALUES ('rebuild'); UPDATE index_state SET value = ${inTimeOrder} WHERE name = 'keys_in_time_order'`);
    // As version 3 searched: `庭園` is inside the run "日本の庭園", so it was not found.
    expect(old.prepare(`SELECT count(*) AS found FROM images_fts WHERE images_fts MATCH '"庭園"*'`).get()?.['found']).toBe(0);
    old.close();

    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report).toMatchObject({ indexed: 0, removed: 0, ignored: 0, rebuilt: false, indexSetAside: [] });
    expect(await snapshot(reopened)).toEqual(before);
    await reopened.close();

    checkFullText(layout.databaseFile);
    const migrated = new DatabaseSync(layout.databaseFile, { readOnly: true });
    expect(migrated.prepare('PRAGMA user_version').get()?.['user_version']).toBe(4);
    expect(migrated.prepare("SELECT count(*) AS rows FROM images WHERE cjk_terms != ''").get()?.['rows']).toBe(10);
    const schema = (database: DatabaseSync) => database.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const fresh = new DatabaseSync(':memory:');
    migrateIndex(fresh);
    // Every table, index and trigger as a fresh index has them (the added column's default aside, ALTER TABLE words it differently).
    expect(schema(migrated).map((entry) => entry['name'])).toEqual(schema(fresh).map((entry) => entry['name']));
    expect(schema(migrated).filter((entry) => entry['type'] === 'trigger')).toEqual(schema(fresh).filter((entry) => entry['type'] === 'trigger'));
    fresh.close();
    migrated.close();
  });

  it('rebuilds rows from text chunks larger than the first read of each file (a 20,000-character prompt)', async () => {
    const { gallery } = await openTestGallery(folder.path);
    const long = await gallery.add(generatedImage({ prompt: `灯台 ${'灯'.repeat(19_990)}` }, 1));
    const short = await gallery.add(generatedImage({ prompt: 'short' }, 2));
    await gallery.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });
    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report).toMatchObject({ indexed: 2, ignored: 0 });
    expect(await allItems(reopened)).toEqual([short, long].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)));
    expect((await reopened.search({ query: '灯台', limit: 5 })).items.map((item) => item.id)).toEqual([long.id]);
    await reopened.close();
  });

  it('drops the row (and thumbnail) of a file deleted behind its back at the next start', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    const items = await populate(gallery, clock, 12);
    await gallery.whenThumbnailsMade();
    await gallery.close();
    const victim = items[5]!;
    expect(existsSync(layout.thumbnailFile(victim.id))).toBe(true);
    await rm(layout.imageFile(victim.id, 'png'));

    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report).toMatchObject({ indexed: 0, removed: 1 });
    const ids = (await allItems(reopened)).map((item) => item.id);
    expect(ids).toHaveLength(11);
    expect(ids).not.toContain(victim.id);
    expect(existsSync(layout.thumbnailFile(victim.id))).toBe(false);
    await expect(reopened.get(victim.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await reopened.close();
  });

  it('indexes a gallery PNG copied in from another machine', async () => {
    const other = await temporaryFolder();
    try {
      const { gallery: elsewhere } = await openTestGallery(other.path, { seed: 'elsewhere' });
      const foreign = await elsewhere.add(generatedImage({ prompt: 'brought over on a USB stick' }));
      await elsewhere.close();
      const { gallery } = await openTestGallery(folder.path);
      await gallery.close();
      await mkdir(path.dirname(layout.imageFile(foreign.id, 'png')), { recursive: true });
      await copyFile(new GalleryLayout(other.path).imageFile(foreign.id, 'png'), layout.imageFile(foreign.id, 'png'));

      const { gallery: reopened, report } = await openTestGallery(folder.path);
      expect(report).toMatchObject({ indexed: 1 });
      expect(await reopened.get(foreign.id)).toEqual(foreign);
      expect((await reopened.search({ query: 'usb', limit: 5 })).items.map((item) => item.id)).toEqual([foreign.id]);
      // Its thumbnail did not come along: it is made on first request.
      expect((await reopened.readThumbnail(foreign.id))?.byteLength).toBeGreaterThan(0);
      await reopened.close();
    } finally {
      await other.remove();
    }
  });

  it('sets a corrupt database aside, rebuilds it, and does not crash', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    await populate(gallery, clock, 20);
    const before = await snapshot(gallery);
    await gallery.close();
    await writeFile(layout.databaseFile, Buffer.concat([Buffer.from('definitely not SQLite '), makePng(8, 8)]));

    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report!.indexSetAside).toHaveLength(1);
    expect(report!.indexed).toBe(20);
    expect(await snapshot(reopened)).toEqual(before);
    const kept = report!.indexSetAside[0]!;
    expect(path.dirname(kept)).toBe(layout.setAsideDirectory);
    expect((await readFile(kept)).subarray(0, 22).toString()).toBe('definitely not SQLite ');
    await reopened.close();
  });

  it('sets aside an index from a newer app version, one with a foreign schema and one without the CJK column', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    await populate(gallery, clock, 6);
    await gallery.close();

    const newer = new DatabaseSync(layout.databaseFile);
    newer.exec(`PRAGMA user_version = ${INDEX_SCHEMA_VERSION + 1}`);
    newer.close();
    const { gallery: afterNewer, report: newerReport } = await openTestGallery(folder.path);
    expect(newerReport!.indexSetAside).toHaveLength(1);
    expect(await allItems(afterNewer)).toHaveLength(6);
    await afterNewer.close();

    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });
    const foreign = new DatabaseSync(layout.databaseFile);
    foreign.exec(`CREATE TABLE something_else (x); PRAGMA user_version = ${INDEX_SCHEMA_VERSION}`);
    foreign.close();
    const { gallery: afterForeign, report: foreignReport } = await openTestGallery(folder.path, { clock: new FakeClock(Date.UTC(2026, 5, 1)) });
    expect(foreignReport!.indexSetAside).toHaveLength(1);
    expect(await allItems(afterForeign)).toHaveLength(6);
    await afterForeign.close();

    // Version 3's tables under version 4's number: the full-text table lacks the CJK column.
    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });
    const mislabelled = new DatabaseSync(layout.databaseFile);
    writeSchema(mislabelled, 3);
    mislabelled.exec(`ALTER TABLE images ADD COLUMN cjk_terms TEXT NOT NULL DEFAULT ''; PRAGMA user_version = ${INDEX_SCHEMA_VERSION}`);
    mislabelled.close();
    const { gallery: afterMislabelled, report: mislabelledReport } = await openTestGallery(folder.path, { clock: new FakeClock(Date.UTC(2026, 6, 1)) });
    expect(mislabelledReport!.indexSetAside).toHaveLength(1);
    expect((await afterMislabelled.search({ query: '庭園', limit: 10 })).items).toHaveLength(1);
    await afterMislabelled.close();
    expect((await readdir(layout.setAsideDirectory)).length).toBeGreaterThanOrEqual(3);
  });

  it('ignores PNGs without gallery metadata, never deletes them, and removes stale temporary files', async () => {
    const { gallery } = await openTestGallery(folder.path);
    const kept = await gallery.add(generatedImage());
    await gallery.close();
    const shard = path.dirname(layout.imageFile(kept.id, 'png'));
    // A plain PNG that has a valid id name, one with another name, a damaged gallery PNG and a crashed write.
    const plain = path.join(shard, `01KDVDNA00AAAAAAAAAAAAAA${path.basename(shard)}.png`);
    await writeFile(plain, makePng(4, 4));
    await writeFile(path.join(shard, 'holiday.png'), makePng(4, 4));
    const truncated = path.join(shard, `01KDVDNA00BBBBBBBBBBBBBB${path.basename(shard)}.png`);
    await writeFile(truncated, (await readFile(layout.imageFile(kept.id, 'png'))).subarray(0, 300));
    const stale = `${layout.imageFile(kept.id, 'png')}.tmp-0123456789ab`;
    await writeFile(stale, 'half a write');

    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report).toMatchObject({ indexed: 0, removed: 0, ignored: 2 });
    expect((await allItems(reopened)).map((item) => item.id)).toEqual([kept.id]);
    expect(existsSync(plain)).toBe(true);
    expect(existsSync(truncated)).toBe(true);
    expect(existsSync(path.join(shard, 'holiday.png'))).toBe(true);
    expect(existsSync(stale)).toBe(false);
    await reopened.close();
  });
});
