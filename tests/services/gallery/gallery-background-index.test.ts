/**
 * The index's background work: opening never waits for the files, pages and searches are served while a
 * rebuild runs (newest images first), progress is reported, a clean shutdown lets the next start skip the
 * shard folders that did not change (and only those), and a damaged or interrupted index recovers.
 * Everything goes through `Gallery`, with the real index workers.
 */
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import type { GalleryIndexProgress, GalleryItem, GalleryPage } from '../../../src/shared/gallery-schemas.ts';
import { allItems, generatedImage, openTestGallery, useGalleryFolder, waitForFileClockPast, writeGalleryFiles } from '../../support/gallery-fixtures.ts';

const folder = useGalleryFolder();
let layout: GalleryLayout;
beforeEach(() => {
  layout = folder.layout;
});

/** More files than two of the rebuild's batches (256 rows each), so a rebuild is seen part-way. */
const FILES = 700;

function newestFirst(ids: readonly string[]): string[] {
  return [...ids].sort().reverse();
}

async function searchAll(gallery: Gallery, query: string, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: GalleryPage = await gallery.search({ query, cursor, limit: pageSize });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('the index in the background', () => {
  it('serves pages at once and while a rebuild is still indexing, newest images first, and reports its progress', async () => {
    const ids = writeGalleryFiles(folder.path, FILES);
    // One worker: batches then land strictly newest first, so what is indexed part-way is known exactly.
    const { gallery } = await openTestGallery(folder.path, { background: true, indexWorkers: 1 });
    let finished = false;
    void gallery.whenReconciled().then(() => (finished = true));
    const seen: GalleryIndexProgress[] = [];
    const partWay = new Promise<{ progress: GalleryIndexProgress; finishedThen: boolean; page: Promise<GalleryPage>; search: Promise<GalleryPage> }>(
      (resolve) => {
        gallery.onDidChangeIndexProgress((progress) => {
          seen.push(progress);
          if (progress.phase === 'indexing' && progress.done > 0 && progress.done < progress.total) {
            resolve({ progress, finishedThen: finished, page: gallery.page({ limit: 60 }), search: gallery.search({ query: 'harbour', limit: 60 }) });
          }
        });
      },
    );
    // Opened: a page is answered before anything is indexed.
    expect(await gallery.page({ limit: 60 })).toMatchObject({ items: expect.any(Array) });

    const { progress, finishedThen, page, search } = await partWay;
    expect(finishedThen).toBe(false);
    expect(progress).toEqual({ phase: 'indexing', done: 256, total: FILES });
    const newest = newestFirst(ids).slice(0, 60);
    expect((await page).items.map((item) => item.id)).toEqual(newest);
    expect((await search).items.map((item) => item.id)).toEqual(newest);

    const report = await gallery.whenReconciled();
    expect(report).toMatchObject({ indexed: FILES, removed: 0, ignored: 0, rebuilt: true, shardsReconciled: 1024, damaged: false, interrupted: false });
    expect((await allItems(gallery, 200)).map((item) => item.id)).toEqual(newestFirst(ids));
    // Search walks keys as creation order once the rebuild is done: the same order across pages.
    expect(await searchAll(gallery, 'harbour', 97)).toEqual(newestFirst(ids));

    const phases = seen.map((entry) => entry.phase).filter((phase, position, all) => phase !== all[position - 1]);
    expect(phases).toEqual(['checking', 'listing', 'indexing', 'idle']);
    const indexing = seen.filter((entry) => entry.phase === 'indexing').map((entry) => entry.done);
    expect(indexing).toEqual([0, 256, 512, FILES]);
    expect(gallery.indexProgress()).toEqual({ phase: 'idle', done: 0, total: 0 });
    await gallery.close();
  });

  it('skips the shard folders unchanged since a clean shutdown and still reconciles the ones that changed', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    const added: GalleryItem[] = [];
    for (let index = 0; index < 6; index += 1) {
      added.push(await gallery.add(generatedImage({ prompt: `kept image ${index}` }, index)));
      await clock.advance(1000);
    }
    await gallery.close();
    const touched = new Set(added.map((item) => GalleryLayout.shardOf(item.id)));

    // The shards this session wrote to are looked at again; then every shard is known to match.
    const second = await openTestGallery(folder.path);
    expect(second.report).toMatchObject({ shardsReconciled: touched.size, indexed: 0, removed: 0, rebuilt: false });
    await second.gallery.close();
    const third = await openTestGallery(folder.path);
    expect(third.report).toMatchObject({ shardsReconciled: 0, indexed: 0, removed: 0 });
    await third.gallery.close();

    // Behind the gallery's back: one image copied in, one deleted. Exactly those two shards are reconciled.
    const victim = added[2]!;
    await waitForFileClockPast(layout.imageFile(added.at(-1)!.id, 'png'), folder.path);
    await unlink(layout.imageFile(victim.id, 'png'));
    const [copied] = writeGalleryFiles(folder.path, 1, { seed: 'copied in', prompt: () => 'brought over on a stick' });
    const changed = new Set([GalleryLayout.shardOf(victim.id), GalleryLayout.shardOf(copied!)]);
    const fourth = await openTestGallery(folder.path);
    expect(fourth.report).toMatchObject({ shardsReconciled: changed.size, indexed: 1, removed: 1 });
    expect((await allItems(fourth.gallery)).map((item) => item.id).sort()).toEqual([...added.filter((item) => item !== victim).map((item) => item.id), copied].sort());
    expect((await fourth.gallery.search({ query: 'stick', limit: 5 })).items.map((item) => item.id)).toEqual([copied]);
    await fourth.gallery.close();
  });

  it('reconciles every shard after a start that did not shut down cleanly', async () => {
    const { gallery } = await openTestGallery(folder.path);
    await gallery.add(generatedImage());
    await gallery.close();
    // What a crash leaves: the flag a start clears and only a clean shutdown sets again.
    const database = new DatabaseSync(layout.databaseFile);
    database.exec("UPDATE index_state SET value = 0 WHERE name = 'clean_shutdown'");
    database.close();
    const { gallery: afterCrash, report } = await openTestGallery(folder.path);
    expect(report).toMatchObject({ shardsReconciled: 1024, indexed: 0, removed: 0 });
    expect(await allItems(afterCrash)).toHaveLength(1);
    await afterCrash.close();
  });

  it('sets aside an index that fails the background integrity check and rebuilds it, pages working meanwhile', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    for (let index = 0; index < 12; index += 1) {
      await gallery.add(generatedImage({ prompt: `lake ${index}` }, index));
      await clock.advance(1000);
    }
    const before = await allItems(gallery);
    await gallery.close();
    // Damage one page of an index the start-up never reads (one of the model filter's b-tree): the header,
    // schema and state tables stay readable, so the file opens, and only the full check finds it.
    const database = new DatabaseSync(layout.databaseFile);
    const page = Number(database.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'images_by_model'").get()?.['rootpage']);
    const pageSize = Number(database.prepare('PRAGMA page_size').get()?.['page_size']);
    database.close();
    const handle = await open(layout.databaseFile, 'r+');
    await handle.write(Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
    await handle.close();

    const { gallery: reopened } = await openTestGallery(folder.path, { background: true });
    await expect(reopened.page({ limit: 5 })).resolves.toMatchObject({ items: expect.any(Array) });
    const done = await reopened.whenReconciled();
    expect(done).toMatchObject({ rebuilt: true, indexed: 12, damaged: false });
    expect(done.indexSetAside).toHaveLength(1);
    expect(path.dirname(done.indexSetAside[0]!)).toBe(layout.setAsideDirectory);
    expect(await allItems(reopened)).toEqual(before);
    await reopened.close();
  });

  it('stops a rebuild when closed part-way and carries on at the next start', async () => {
    const ids = writeGalleryFiles(folder.path, FILES);
    const { gallery } = await openTestGallery(folder.path, { background: true, indexWorkers: 1 });
    const closing = new Promise<Promise<void>>((resolve) => {
      gallery.onDidChangeIndexProgress((progress) => {
        if (progress.phase === 'indexing' && progress.done > 0) resolve(gallery.close());
      });
    });
    await (await closing);
    const interrupted = await gallery.whenReconciled();
    expect(interrupted).toMatchObject({ interrupted: true, rebuilt: true });
    expect(interrupted.indexed).toBeLessThan(FILES);

    const { gallery: reopened, report } = await openTestGallery(folder.path);
    expect(report!.indexed + interrupted.indexed).toBe(FILES);
    expect((await allItems(reopened, 200)).map((item) => item.id)).toEqual(newestFirst(ids));
    expect(await searchAll(reopened, 'harbour', 150)).toEqual(newestFirst(ids));
    await reopened.close();
  });

  it('puts keys back in creation order after finding files older than the newest image, so search pages stay in order', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    const added: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      added.push((await gallery.add(generatedImage({ prompt: `harbour at night ${index}` }, index))).id);
      await clock.advance(60_000);
    }
    await gallery.close();
    // Older images copied in: indexed after the newer ones, so with keys out of creation order at first.
    const older = writeGalleryFiles(folder.path, 30, { firstCreatedAt: Date.UTC(2025, 5, 1), seed: 'older' });
    const seen: GalleryIndexProgress['phase'][] = [];
    const { gallery: reopened } = await openTestGallery(folder.path, { background: true });
    reopened.onDidChangeIndexProgress((progress) => seen.push(progress.phase));
    expect(await reopened.whenReconciled()).toMatchObject({ indexed: 30 });
    expect(seen).toContain('ordering');
    expect(await searchAll(reopened, 'harbour', 7)).toEqual(newestFirst([...added, ...older]));
    await reopened.close();
    const database = new DatabaseSync(layout.databaseFile, { readOnly: true });
    expect(database.prepare("SELECT value FROM index_state WHERE name = 'keys_in_time_order'").get()?.['value']).toBe(1);
    const byKey = database.prepare('SELECT id FROM images ORDER BY key').all().map((row) => row['id']);
    expect(byKey).toEqual([...added, ...older].sort());
    database.close();
  });
});
