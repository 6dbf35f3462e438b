/**
 * The grid's results against a stand-in gallery that answers like the real one (counts as of a snapshot,
 * pages by cursor, offset and snapshot, in either order): the total first, blocks fetched from the nearest
 * known cursor, nothing new shown until asked for (only counted), a refresh in place after deletions,
 * answers to an older query dropped, and far blocks forgotten.
 */
import { describe, expect, it } from 'vitest';
import { GalleryResults, MAX_KEPT_BLOCKS, RESULTS_BLOCK_SIZE, type GalleryPagesPort } from '../../src/renderer/gallery-results.ts';
import type { GalleryCount, GalleryCountRequest, GalleryItem, GalleryPage, GalleryPageRequest } from '../../src/shared/gallery-schemas.ts';

const item = (n: number): GalleryItem => ({
  id: `img-${String(n).padStart(6, '0')}`, prompt: n % 2 === 0 ? `even ${n}` : `odd ${n}`, seed: n, model: 'IMAGEN_3_5',
  aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', mediaId: '', createdAt: n, favourite: false, width: 1, height: 1,
});

/** A gallery of `count` images, image n created at time n; cursors and snapshots are creation times. */
class StandInGallery implements GalleryPagesPort {
  items: GalleryItem[];
  readonly requests: (GalleryPageRequest & { query?: string })[] = [];
  #held: (() => void)[] = [];
  hold = false;

  constructor(count: number) {
    this.items = Array.from({ length: count }, (_, n) => item(n));
  }

  add(n: number): void {
    this.items.push(item(n));
  }

  release(): void {
    this.hold = false;
    for (const resolve of this.#held.splice(0)) resolve();
  }

  #matching(query: string | undefined, through: number | null): GalleryItem[] {
    return this.items.filter((entry) => (!query || entry.prompt.startsWith(query)) && (through === null || entry.createdAt <= through));
  }

  async count(request: GalleryCountRequest): Promise<GalleryCount> {
    const through = request.snapshot ? Number(request.snapshot) : null;
    const all = this.#matching(request.query, null);
    const newest = Math.max(-1, ...this.items.map((entry) => entry.createdAt));
    const snapshot = through ?? (newest >= 0 ? newest : null);
    const total = this.#matching(request.query, snapshot).length;
    return { total, newer: through === null ? 0 : all.length - total, snapshot: snapshot === null ? null : String(snapshot) };
  }

  async page(request: GalleryPageRequest & { query?: string }): Promise<GalleryPage> {
    this.requests.push(request);
    if (this.hold) await new Promise<void>((resolve) => this.#held.push(resolve));
    const through = request.snapshot ? Number(request.snapshot) : null;
    const ordered = this.#matching(request.query, through).sort((a, b) => (request.sort === 'oldest' ? a.createdAt - b.createdAt : b.createdAt - a.createdAt));
    const start = request.cursor ? ordered.findIndex((entry) => String(entry.createdAt) === request.cursor) + 1 : 0;
    const slice = ordered.slice(start + (request.offset ?? 0), start + (request.offset ?? 0) + request.limit);
    const last = slice.at(-1);
    const more = start + (request.offset ?? 0) + request.limit < ordered.length;
    return { items: slice, nextCursor: more && last ? String(last.createdAt) : null };
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('GalleryResults', () => {
  it('counts first, then loads the block in view from the nearest cursor it knows, with the snapshot', async () => {
    const gallery = new StandInGallery(1_000);
    const results = new GalleryResults(gallery, () => undefined);
    await results.reset({ text: '', filters: {}, sort: 'newest' });
    expect([results.total, results.newer, results.snapshot]).toEqual([1_000, 0, '999']);
    expect(results.at(0)?.id).toBe(item(999).id);
    expect(gallery.requests).toEqual([{ limit: RESULTS_BLOCK_SIZE, filters: {}, sort: 'newest', snapshot: '999' }]);

    // A jump to the middle: one request, from block 0's cursor, skipping the blocks between.
    expect((await results.load(500))?.id).toBe(item(499).id);
    expect(gallery.requests.at(-1)).toEqual({ limit: RESULTS_BLOCK_SIZE, filters: {}, sort: 'newest', snapshot: '999', cursor: String(999 - RESULTS_BLOCK_SIZE + 1), offset: 7 * RESULTS_BLOCK_SIZE });
    // The next block starts from the one just loaded: no offset.
    results.ensure(9 * RESULTS_BLOCK_SIZE, 9 * RESULTS_BLOCK_SIZE + 1);
    await settle();
    expect(gallery.requests.at(-1)).toMatchObject({ cursor: String(999 - 9 * RESULTS_BLOCK_SIZE + 1) });
    expect(gallery.requests.at(-1)?.offset).toBeUndefined();
    expect(await results.load(1_000)).toBeNull();
    expect(await results.idsBetween(998, 1_005)).toEqual([item(1).id, item(0).id]);
  });

  it('counts new images without showing them, until a reset takes them in', async () => {
    const gallery = new StandInGallery(100);
    let changes = 0;
    const results = new GalleryResults(gallery, () => (changes += 1));
    await results.reset({ text: 'even', filters: {}, sort: 'newest' });
    expect(results.total).toBe(50);
    for (const n of [100, 101, 102]) gallery.add(n);
    await results.countNewer();
    expect([results.total, results.newer, results.at(0)?.id]).toEqual([50, 2, item(98).id]);
    expect((await results.load(49))?.id).toBe(item(0).id);
    expect(await results.load(50)).toBeNull();
    const before = changes;
    await results.countNewer();
    expect(changes).toBe(before); // nothing changed, nobody told
    await results.reset();
    expect([results.total, results.newer, results.at(0)?.id]).toEqual([52, 0, item(102).id]);
  });

  it('refreshes in place after deletions, showing the old items until the new ones arrive', async () => {
    const gallery = new StandInGallery(200);
    const results = new GalleryResults(gallery, () => undefined);
    await results.reset({ text: '', filters: {}, sort: 'oldest' });
    await results.load(70);
    gallery.items = gallery.items.filter((entry) => entry.seed !== 0 && entry.seed !== 65);
    gallery.hold = true;
    const refreshing = results.refresh([1]);
    await settle();
    expect(results.at(0)?.id).toBe(item(0).id); // still the old answer on screen
    gallery.release();
    await refreshing;
    expect([results.total, results.at(0)?.id, results.at(64)?.id]).toEqual([198, item(1).id, item(66).id]);
    expect(results.indexOf(item(66).id)).toBe(64);
  });

  it('drops answers to an older query, and forgets far blocks but not their place', async () => {
    const gallery = new StandInGallery(RESULTS_BLOCK_SIZE * (MAX_KEPT_BLOCKS + 10));
    const results = new GalleryResults(gallery, () => undefined);
    await results.reset({ text: '', filters: {}, sort: 'newest' });
    gallery.hold = true;
    const stale = results.load(RESULTS_BLOCK_SIZE * 3);
    await settle();
    gallery.hold = false;
    await results.reset({ text: 'odd', filters: {}, sort: 'newest' });
    gallery.release();
    expect(await stale).toBeNull();
    expect(results.at(0)?.prompt.startsWith('odd')).toBe(true);

    await results.reset({ text: '', filters: {}, sort: 'newest' });
    for (let block = 0; block < MAX_KEPT_BLOCKS + 5; block += 1) await results.load(block * RESULTS_BLOCK_SIZE);
    expect(results.at(0)).toBeUndefined(); // block 0 was the furthest: forgotten…
    const requests = gallery.requests.length;
    expect((await results.load(0))?.id).toBe(gallery.items.at(-1)!.id); // …and asked for again when needed
    expect(gallery.requests.length).toBe(requests + 1);
  });
});
