/**
 * What the grid's toolbar asks of the gallery, through `Gallery` on a real folder: the true count of a
 * query as of a snapshot (and how many were saved since), pages of that snapshot in either order, bulk
 * favourite and delete of a selection (ids, or all matching except some), and exports of a selection with
 * progress and cancellation, one at a time through the export runner.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import { GalleryExportRunner } from '../../../src/services/gallery/gallery-export-runner.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import type { GalleryExportProgress, GalleryItem } from '../../../src/shared/gallery-schemas.ts';
import type { FakeClock } from '../../support/fake-clock.ts';
import { allItems, generatedImage, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';

let folder: { path: string; remove: () => Promise<void> };
let exportRoot: { path: string; remove: () => Promise<void> };
let gallery: Gallery;
let clock: FakeClock;
let items: GalleryItem[];

beforeEach(async () => {
  folder = await temporaryFolder();
  exportRoot = await temporaryFolder('gallery-export-');
  ({ gallery, clock } = await openTestGallery(folder.path));
  items = [];
  for (let index = 0; index < 12; index += 1) {
    items.push(await gallery.add(generatedImage({ prompt: `${index % 3 === 0 ? 'lantern' : 'harbour'} plate ${index}` }, index)));
    await clock.advance(1000);
  }
});
afterEach(async () => {
  await gallery.close();
  await folder.remove();
  await exportRoot.remove();
});

const ids = (list: readonly { id: string }[]): string[] => list.map((item) => item.id);
const newestFirst = (): GalleryItem[] => [...items].reverse();

describe('counts and snapshots', () => {
  it('counts a query, keeps later saves out of its snapshot, and counts them as newer', async () => {
    const first = await gallery.count({});
    expect(first).toMatchObject({ total: 12, newer: 0 });
    expect(await gallery.count({ query: 'lantern' })).toMatchObject({ total: 4, newer: 0 });
    expect(await gallery.count({ filters: { favouritesOnly: true } })).toMatchObject({ total: 0, snapshot: first.snapshot });

    const arrived = [await gallery.add(generatedImage({ prompt: 'lantern arrived' }, 50))];
    await clock.advance(1000);
    arrived.push(await gallery.add(generatedImage({ prompt: 'harbour arrived' }, 51)));
    expect(await gallery.count({ snapshot: first.snapshot })).toEqual({ total: 12, newer: 2, snapshot: first.snapshot });
    expect(await gallery.count({ query: 'lantern', snapshot: first.snapshot })).toEqual({ total: 4, newer: 1, snapshot: first.snapshot });
    // The snapshot's pages are the gallery as it was, whatever was saved since, in either order and from any offset.
    const page = await gallery.page({ limit: 5, snapshot: first.snapshot });
    expect(ids(page.items)).toEqual(ids(newestFirst().slice(0, 5)));
    expect(ids((await gallery.page({ limit: 3, snapshot: first.snapshot, offset: 10 })).items)).toEqual(ids(newestFirst().slice(10)));
    expect(ids((await gallery.page({ limit: 3, snapshot: first.snapshot, sort: 'oldest' })).items)).toEqual(ids(items.slice(0, 3)));
    expect(ids((await gallery.search({ query: 'lantern', limit: 10, snapshot: first.snapshot, sort: 'oldest' })).items)).toEqual(
      ids(items.filter((item) => item.prompt.startsWith('lantern'))),
    );
    // A new snapshot takes them in.
    const now = await gallery.count({});
    expect(now).toMatchObject({ total: 14, newer: 0 });
    expect(ids((await gallery.page({ limit: 2, snapshot: now.snapshot })).items)).toEqual(ids([...arrived].reverse()));
  });

  it('takes no snapshot of an empty gallery, and refuses one it did not write', async () => {
    const empty = await temporaryFolder();
    const { gallery: other } = await openTestGallery(empty.path);
    try {
      expect(await other.count({})).toEqual({ total: 0, newer: 0, snapshot: null });
      await expect(other.count({ snapshot: 'not a snapshot' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(other.page({ limit: 1, snapshot: '../../x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      await other.close();
      await empty.remove();
    }
  });
});

describe('bulk favourite and delete', () => {
  it('marks a list of ids, then unmarks all matching a search except some, changing only what differs', async () => {
    const chosen = [items[1]!.id, items[4]!.id, items[4]!.id, `01KDVDNA00${'Q'.repeat(16)}`];
    expect(await gallery.setFavouriteMany({ kind: 'ids', ids: chosen }, true)).toEqual([items[1]!.id, items[4]!.id]);
    expect(ids((await gallery.page({ limit: 20, filters: { favouritesOnly: true } })).items)).toEqual([items[4]!.id, items[1]!.id]);

    const { snapshot } = await gallery.count({});
    expect(await gallery.setFavouriteMany({ kind: 'matching', snapshot, filters: {} }, true)).toHaveLength(10);
    const harbours = items.filter((item) => item.prompt.startsWith('harbour'));
    const unmarked = await gallery.setFavouriteMany({ kind: 'matching', query: 'harbour', snapshot, except: [harbours[0]!.id] }, false);
    expect(new Set(unmarked)).toEqual(new Set(ids(harbours.slice(1))));
    // The favourite is in each file too: an index rebuilt from the files keeps it.
    await gallery.close();
    const layout = new GalleryLayout(folder.path);
    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });
    ({ gallery } = await openTestGallery(folder.path, { clock }));
    expect((await allItems(gallery)).filter((item) => item.favourite)).toHaveLength(12 - harbours.length + 1);
  });

  it('deletes all matching a query as of its snapshot, except some, and leaves later images alone', async () => {
    const { snapshot } = await gallery.count({ query: 'lantern' });
    const later = await gallery.add(generatedImage({ prompt: 'lantern after the snapshot' }, 60));
    const lanterns = items.filter((item) => item.prompt.startsWith('lantern'));
    const deleted = await gallery.deleteSelection({ kind: 'matching', query: 'lantern', snapshot, except: [lanterns[2]!.id] });
    expect(new Set(deleted)).toEqual(new Set(ids(lanterns).filter((id) => id !== lanterns[2]!.id)));
    const layout = new GalleryLayout(folder.path);
    for (const id of deleted) expect(existsSync(layout.imageFile(id, 'png'))).toBe(false);
    expect(ids((await gallery.search({ query: 'lantern', limit: 10 })).items)).toEqual([later.id, lanterns[2]!.id]);
    expect(await gallery.deleteSelection({ kind: 'ids', ids: deleted })).toEqual([]);
  });
});

describe('exports of a selection', () => {
  it('exports all matching in the order asked, reporting progress up to the metadata files', async () => {
    const progress: GalleryExportProgress[] = [];
    const { snapshot } = await gallery.count({ query: 'harbour' });
    const result = await gallery.exportSelection({ kind: 'matching', query: 'harbour', snapshot, sort: 'oldest' }, exportRoot.path, {
      onProgress: (step) => progress.push(step),
    });
    const harbours = items.filter((item) => item.prompt.startsWith('harbour'));
    expect(result.imageFiles).toEqual(harbours.map((item) => `harbour-plate-${item.prompt.split(' ')[2]}-${item.id.slice(-8)}.png`));
    expect(progress[0]).toEqual({ state: 'preparing', done: 0, total: 0 });
    expect(progress.at(-1)).toEqual({ state: 'finishing', done: 8, total: 8 });
    await expect(gallery.exportSelection({ kind: 'matching', query: 'zebra' }, exportRoot.path)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs one export at a time, refuses a second with BUSY, and cancels between images', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A gallery whose export waits at its first pause until the test lets it go, so requests arrive mid-export.
    const other = await temporaryFolder();
    const { gallery: slow, clock: slowClock } = await openTestGallery(other.path, { yieldToEventLoop: () => held });
    const many: GalleryItem[] = [];
    for (let index = 0; index < 30; index += 1) {
      many.push(await slow.add(generatedImage({ prompt: `slow export ${index}` }, index)));
      await slowClock.advance(1000);
    }
    const runner = new GalleryExportRunner(slow);
    const steps: GalleryExportProgress[] = [];
    runner.onDidChangeProgress.on((step) => steps.push(step));
    const first = runner.run({ kind: 'ids', ids: ids(many) }, exportRoot.path);
    await expect.poll(() => runner.status()).toEqual({ state: 'copying', done: 25, total: 30 });
    expect(() => runner.assertIdle()).toThrow(expect.objectContaining({ code: 'BUSY' }));
    await expect(runner.run({ kind: 'ids', ids: [many[0]!.id] }, exportRoot.path)).rejects.toMatchObject({
      code: 'BUSY',
      message: 'An export is already running (25 of 30 images copied). Wait for it to finish, or cancel it, before starting another.',
    });
    expect(runner.cancel()).toBe(true);
    release();
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(steps.at(-1)?.state).toBe('cancelled');
    expect(runner.status()).toBeNull();
    expect(runner.cancel()).toBe(false);
    // No metadata for a cancelled export; a new one may start.
    expect((await readdir(exportRoot.path)).filter((file) => file.startsWith('metadata'))).toEqual([]);
    expect((await readdir(exportRoot.path)).filter((file) => file.startsWith('slow-export'))).toHaveLength(25);
    await expect(runner.run({ kind: 'ids', ids: [many[0]!.id] }, exportRoot.path)).resolves.toMatchObject({ imageFiles: [`slow-export-0-${many[0]!.id.slice(-8)}.png`] });
    expect(steps.at(-1)).toEqual({ state: 'done', done: 1, total: 1 });
    await slow.close();
    await other.remove();
  });
});
