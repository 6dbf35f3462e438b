/**
 * The index behind the virtualized grid, on a real SQLite index with 240 rows (ties in creation time on
 * purpose): pages in either order, jumps by offset from any cursor, a snapshot that leaves later rows out,
 * and counts through a snapshot and after it — each with and without text, in both ways a search can run
 * (keys in creation order, so FTS walks rowids; or not, so rows are looked up and sorted). Every answer is
 * compared with a plain sort-and-filter reference of the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GalleryIndex, IndexedImage, IndexQuery } from '../../../src/services/gallery/gallery-index.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import { openGalleryIndex } from '../../../src/services/gallery/open-gallery-index.ts';
import type { PagePosition } from '../../../src/services/gallery/page-cursor.ts';
import { textCondition } from '../../../src/services/gallery/search-expression.ts';

/** The index's text condition for one typed word. */
const toSearchExpression = (word: string) => textCondition(word).match;
import type { GalleryFilters } from '../../../src/shared/gallery-schemas.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { seededRandomBytes, temporaryFolder } from '../../support/gallery-fixtures.ts';
import { createGalleryId } from '../../../src/services/gallery/gallery-id.ts';

const ROWS = 240;
const START = Date.UTC(2026, 0, 1);
const WORDS = ['harbour', 'forest', 'lantern', 'moon'];

let folder: { path: string; remove: () => Promise<void> };
let index: GalleryIndex;
let rows: IndexedImage[];

beforeAll(async () => {
  folder = await temporaryFolder('gallery-index-positions-');
  ({ index } = await openGalleryIndex(new GalleryLayout(folder.path), new FakeClock(START)));
  const random = seededRandomBytes('positions');
  rows = Array.from({ length: ROWS }, (_, position) => {
    // Three rows per millisecond: ties are broken by id.
    const createdAt = START + Math.floor(position / 3) * 1000;
    return {
      id: createGalleryId(createdAt, random),
      prompt: `${WORDS[position % 4]} study ${position}`,
      seed: position,
      model: position % 2 === 0 ? 'IMAGEN_3_5' : 'IMAGEN_4',
      aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
      mediaId: '',
      workflowId: '',
      createdAt,
      favourite: position % 5 === 0,
      width: 8,
      height: 8,
      format: 'png',
    } satisfies IndexedImage;
  });
  // Inserted in creation order (ids break ties), so keys follow it and a text search may walk them (an
  // insert out of order would turn the flag off again).
  index.setKeysInTimeOrder(true);
  for (const row of [...rows].sort(compare)) index.insert(row);
  expect(index.keysInTimeOrder()).toBe(true);
});

afterAll(async () => {
  index.close();
  await folder.remove();
});

const compare = (a: PagePosition, b: PagePosition): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The reference: the rows matching `word` and `filters`, at or before `through`, in `order`. */
function expected(order: 'newest' | 'oldest', word: string | null, filters: GalleryFilters, through: PagePosition | null): IndexedImage[] {
  return rows
    .filter((row) => (word === null || row.prompt.startsWith(word)) && (filters.model === undefined || row.model === filters.model))
    .filter((row) => !filters.favouritesOnly || row.favourite)
    .filter((row) => through === null || compare(row, through) <= 0)
    .sort((a, b) => (order === 'newest' ? compare(b, a) : compare(a, b)));
}

/** Every page of a query, by cursor (the previous page's last row). */
function collect(query: Omit<IndexQuery, 'after' | 'limit'>, limit: number): IndexedImage[] {
  const all: IndexedImage[] = [];
  let after: PagePosition | null = null;
  for (;;) {
    const page = index.query({ ...query, after, limit });
    all.push(...page);
    if (page.length < limit) return all;
    after = page.at(-1)!;
  }
}

const cases: Array<[string | null, GalleryFilters]> = [[null, {}], [null, { model: 'IMAGEN_4' }], ['lantern', {}], ['moon', { favouritesOnly: true }]];

describe.each([true, false])('the index with keys in creation order: %s', (keysInOrder) => {
  beforeAll(() => index.setKeysInTimeOrder(keysInOrder));

  it('pages in either order, through a snapshot, with no gap or repeat', () => {
    const through = { createdAt: rows[200]!.createdAt, id: rows[200]!.id };
    for (const order of ['newest', 'oldest'] as const) {
      for (const [word, filters] of cases) {
        for (const snapshot of [null, through]) {
          const match = word === null ? null : toSearchExpression(word);
          const got = collect({ filters, match, order, through: snapshot }, 7);
          expect(got.map((row) => row.id), `${order} ${word} ${JSON.stringify(filters)}`).toEqual(expected(order, word, filters, snapshot).map((row) => row.id));
        }
      }
    }
  });

  it('jumps by offset from the start or from any cursor to the same rows paging would reach', () => {
    const through = { createdAt: rows[180]!.createdAt, id: rows[180]!.id };
    for (const order of ['newest', 'oldest'] as const) {
      for (const [word, filters] of cases) {
        const match = word === null ? null : toSearchExpression(word);
        const reference = expected(order, word, filters, through);
        for (const offset of [0, 1, 13, reference.length - 2, reference.length + 5]) {
          const fromStart = index.query({ filters, match, order, through, after: null, offset, limit: 5 });
          expect(fromStart.map((row) => row.id), `${order} ${word} +${offset}`).toEqual(reference.slice(offset, offset + 5).map((row) => row.id));
        }
        const cursor = reference[Math.floor(reference.length / 3)]!;
        const fromCursor = index.query({ filters, match, order, through, after: cursor, offset: 2, limit: 3 });
        const at = reference.indexOf(cursor) + 1 + 2;
        expect(fromCursor.map((row) => row.id), `${order} ${word} after a cursor`).toEqual(reference.slice(at, at + 3).map((row) => row.id));
        expect(fromCursor).toHaveLength(3);
      }
    }
  });

  it('counts what matches through a snapshot, and what matches after it', () => {
    const through = { createdAt: rows[150]!.createdAt, id: rows[150]!.id };
    for (const [word, filters] of cases) {
      const match = word === null ? null : toSearchExpression(word);
      const all = expected('newest', word, filters, null).length;
      const before = expected('newest', word, filters, through).length;
      expect(index.countMatching({ filters, match })).toBe(all);
      expect(index.countMatching({ filters, match, through })).toBe(before);
      expect(index.countAfter({ filters, match }, through)).toBe(all - before);
    }
  });
});

describe('a snapshot of the index', () => {
  it('names the newest row (ties by id), and leaves out rows saved after it', () => {
    const newest = expected('newest', null, {}, null)[0]!;
    expect(index.newestPosition()).toEqual({ createdAt: newest.createdAt, id: newest.id });
    const snapshot = index.newestPosition()!;
    const later = { ...rows[0]!, id: createGalleryId(newest.createdAt + 1, seededRandomBytes('later')), createdAt: newest.createdAt + 1, prompt: 'moon arrived later' };
    index.insert(later);
    try {
      expect(index.query({ filters: {}, match: null, through: snapshot, after: null, limit: 1 })[0]!.id).toBe(newest.id);
      expect(index.countMatching({ filters: {}, match: toSearchExpression('moon'), through: snapshot })).toBe(ROWS / 4);
      expect(index.countAfter({ filters: {}, match: toSearchExpression('moon') }, snapshot)).toBe(1);
    } finally {
      index.remove(later.id);
    }
  });
});
