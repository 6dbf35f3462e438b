import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import type { GalleryFilters, GalleryItem, GalleryPage } from '../../../src/shared/gallery-schemas.ts';
import type { ParsedSearch, SearchPhrase } from '../../../src/shared/gallery-search-syntax.ts';
import { hasSearchTerms, parseSearchText } from '../../../src/shared/gallery-search-syntax.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { generatedImage, openTestGallery, seededRandomBytes, temporaryFolder } from '../../support/gallery-fixtures.ts';

const ITEM_COUNT = 300;
const VOCABULARY = ['fox', 'forest', 'foggy', 'lighthouse', 'light', 'lantern', 'harbour', 'mountain', 'moon', 'café', 'naïve', 'river'];
const MODELS = ['IMAGEN_3', 'IMAGEN_3_5', 'IMAGEN_4'];
const RATIOS = ['IMAGE_ASPECT_RATIO_SQUARE', 'IMAGE_ASPECT_RATIO_LANDSCAPE', 'IMAGE_ASPECT_RATIO_PORTRAIT'];
const START = Date.UTC(2026, 0, 1);

/** One of each search form, and mixes of them (each finds some of the images but not all). */
const FORM_QUERIES = ['"moon river"', '"river moon"', '"fox fo', '-fox', '-fox -"moon river" -light', 'lighthouse -fox', 'fox OR harbour',
  'moon fox OR harbour -river', 'café OR "naïve light" OR scene7', '"harbour" OR -fox mountain', '-scene1*'];

let folder: { path: string; remove: () => Promise<void> };
let gallery: Gallery;
let clock: FakeClock;
let items: GalleryItem[];

beforeAll(async () => {
  folder = await temporaryFolder();
  ({ gallery, clock } = await openTestGallery(folder.path, { seed: 'search' }));
  const random = seededRandomBytes('prompts');
  items = [];
  for (let index = 0; index < ITEM_COUNT; index += 1) {
    const bytes = random(4);
    const words = [...bytes].map((byte) => VOCABULARY[byte % VOCABULARY.length]!);
    const item = await gallery.add(
      generatedImage({ prompt: `${words.join(' ')} scene${index}`, model: MODELS[bytes[0]! % 3]!, aspectRatio: RATIOS[bytes[1]! % 3]! }, index),
    );
    items.push(index % 9 === 0 ? await gallery.setFavourite(item.id, true) : item);
    // Ten images per millisecond-identical batch: ties must be broken by id, consistently across pages.
    if (index % 10 === 9) await clock.advance(3_600_000);
  }
}, 120_000);

afterAll(async () => {
  await gallery.close();
  await folder.remove();
});

/** The reference: newest first, then by id descending. */
function ordered(list: GalleryItem[]): GalleryItem[] {
  return [...list].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function fold(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The reference for a phrase: its words next to each other in the prompt's words, the last one as a prefix if so read. */
function hasPhrase(tokens: readonly string[], phrase: SearchPhrase): boolean {
  const words = phrase.words.flatMap(fold);
  return tokens.some((_token, start) =>
    words.every((word, offset) => {
      const token = tokens[start + offset];
      return token !== undefined && (token === word || (phrase.prefix && offset === words.length - 1 && token.startsWith(word)));
    }),
  );
}

/** The reference for a search (as the shared syntax reads it, itself tested in tests/shared): groups, ORs, exclusions. */
function matchesSearch(prompt: string, search: ParsedSearch): boolean {
  const tokens = fold(prompt);
  return search.include.every((group) => group.some((phrase) => hasPhrase(tokens, phrase))) && !search.exclude.some((phrase) => hasPhrase(tokens, phrase));
}

/** What a search for `query` (or, for '', a page) should return. */
function expectedMatches(query: string, filters: GalleryFilters = {}): GalleryItem[] {
  const search = query === '' ? null : parseSearchText(query);
  if (search !== null && !hasSearchTerms(search)) return [];
  return ordered(
    items.filter((item) => {
      if (search !== null && !matchesSearch(item.prompt, search)) return false;
      if (filters.model !== undefined && item.model !== filters.model) return false;
      if (filters.aspectRatio !== undefined && item.aspectRatio !== filters.aspectRatio) return false;
      if (filters.createdFrom !== undefined && item.createdAt < filters.createdFrom) return false;
      if (filters.createdBefore !== undefined && item.createdAt >= filters.createdBefore) return false;
      if (filters.favouritesOnly && !item.favourite) return false;
      return true;
    }),
  );
}

async function collect(query: string | null, filters: GalleryFilters, limit: number): Promise<GalleryItem[]> {
  const collected: GalleryItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page: GalleryPage = query === null ? await gallery.page({ cursor, limit, filters }) : await gallery.search({ query, cursor, limit, filters });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    collected.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return collected;
    expect(page.items).toHaveLength(limit);
  }
  throw new Error('pagination did not end');
}

describe('paging and searching the gallery', () => {
  it('pages through everything newest first, ties broken by id, with no gaps or repeats at any page size', async () => {
    for (const limit of [1, 7, 10, 64, 200]) {
      const pages = await collect(null, {}, limit);
      expect(pages.map((item) => item.id)).toEqual(ordered(items).map((item) => item.id));
    }
  });

  it('finds images by a word or a word prefix of their prompt, accents folded', async () => {
    for (const query of ['fox', 'fo', 'light', 'lighth', 'cafe', 'CAFÉ', 'naive', 'moon river', 'harbour fog', 'scene12', 'scene299']) {
      const expected = expectedMatches(query);
      expect(expected.length, query).toBeGreaterThan(0);
      expect((await collect(query, {}, 25)).map((item) => item.id), query).toEqual(expected.map((item) => item.id));
    }
    expect((await gallery.search({ query: 'zebra', limit: 10 })).items).toEqual([]);
  });

  it('applies every filter, alone and combined with search, across pages', async () => {
    const middle = START + 10 * 3_600_000;
    const cases: Array<[string, GalleryFilters]> = [
      ['', { model: 'IMAGEN_4' }],
      ['', { aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT' }],
      ['', { favouritesOnly: true }],
      ['', { createdFrom: middle, createdBefore: middle + 5 * 3_600_000 }],
      ['', { createdBefore: middle }],
      ['fo', { model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' }],
      ['light', { favouritesOnly: true, createdFrom: middle }],
      ['moon', { model: 'IMAGEN_3', createdFrom: START, createdBefore: START + 20 * 3_600_000, favouritesOnly: false }],
    ];
    for (const [query, filters] of cases) {
      const expected = expectedMatches(query, filters);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      const got = query === '' ? await collect(null, filters, 9) : await collect(query, filters, 9);
      expect(got.map((item) => item.id), `${query} ${JSON.stringify(filters)}`).toEqual(expected.map((item) => item.id));
    }
    expect((await gallery.page({ limit: 5, filters: { model: 'NO_SUCH_MODEL' } }))).toEqual({ items: [], nextCursor: null });
  });

  it('finds each search form: "phrases", -exclusions (alone too), OR, and all of them together, across pages', async () => {
    for (const query of FORM_QUERIES) {
      const expected = expectedMatches(query);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThan(items.length);
      expect((await collect(query, {}, 23)).map((item) => item.id), query).toEqual(expected.map((item) => item.id));
    }
    // Exclusions narrow what the filters leave, too.
    const filters: GalleryFilters = { model: 'IMAGEN_4', favouritesOnly: true };
    expect((await collect('-fox', filters, 4)).map((item) => item.id)).toEqual(expectedMatches('-fox', filters).map((item) => item.id));
  });

  it('finds nothing (rather than everything) for text with nothing searchable in it, and never throws', async () => {
    const nothing = ['"', '*', '-', '+', '(((', ')', 'OR', 'AND', '- OR', '🦊', '-🦊', '"🦊"', '\u0000', ' '.repeat(50), '*'.repeat(600)];
    for (const query of nothing) expect(await gallery.search({ query, limit: 5 }), JSON.stringify(query)).toEqual({ items: [], nextCursor: null });
    const hostile = ['NEAR(', 'NEAR(fox', 'fox NEAR/2 moon', 'fox)', '"fox', 'fox"*', 'prompt:fox', '{prompt}: fox', '^fox', 'fox AND',
      'NOT fox', 'fox -moon', "'; DROP TABLE images; --", 'C++', 'fox🦊', `${'fox '.repeat(100)}moon`];
    for (const query of hostile) {
      const page = await gallery.search({ query, limit: 5 });
      expect(page.items.map((item) => item.id), query).toEqual(expectedMatches(query).slice(0, 5).map((item) => item.id));
    }
    expect((await gallery.search({ query: "'; DROP TABLE images; --", limit: 1 })).items).toEqual([]);
    expect((await gallery.page({ limit: 1 })).items).toHaveLength(1);
  });

  it('keeps a cursor valid while newer images arrive and others are deleted', async () => {
    const first = await gallery.page({ limit: 20 });
    const newer = await gallery.add(generatedImage({ prompt: 'arrived while scrolling' }, 999));
    const expectedRest = ordered(items).slice(20);
    const victim = expectedRest[3]!;
    await gallery.delete(victim.id);
    items = items.filter((item) => item.id !== victim.id);
    const rest: GalleryItem[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await gallery.page({ cursor, limit: 50 });
      rest.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(rest.map((item) => item.id)).toEqual(expectedRest.filter((item) => item.id !== victim.id).map((item) => item.id));
    expect(rest.map((item) => item.id)).not.toContain(newer.id);
    items.push(newer);
  });

  it('refuses a cursor it did not make with INVALID_INPUT (the request’s shape was parsed at the IPC boundary)', async () => {
    for (const cursor of ['garbage', 'eyJ4IjoxfQ']) {
      await expect(gallery.page({ limit: 10, cursor }), cursor).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(gallery.search({ query: 'x', limit: 5, cursor: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('searching after a restart, when keys follow creation order', () => {
  // The batches above were added with ties in random id order, so until now search sorted every match. A
  // restart renumbers the keys in creation order; from then on search walks the full-text match by key.
  beforeAll(async () => {
    await gallery.close();
    ({ gallery, clock } = await openTestGallery(folder.path, { seed: 'search-reopened', clock }));
  });

  it('finds the same images, in the same order, page by page, alone and with every filter', async () => {
    const middle = START + 10 * 3_600_000;
    for (const query of ['fox', 'fo', 'light', 'lighth', 'cafe', 'naive', 'moon river', 'scene12', 'scene299', ...FORM_QUERIES]) {
      for (const limit of [1, 7, 25]) {
        expect((await collect(query, {}, limit)).map((item) => item.id), `${query} ${limit}`).toEqual(expectedMatches(query).map((item) => item.id));
      }
    }
    const cases: Array<[string, GalleryFilters]> = [
      ['fo', { model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' }],
      ['light', { favouritesOnly: true, createdFrom: middle }],
      ['moon', { model: 'IMAGEN_3', createdFrom: START, createdBefore: START + 20 * 3_600_000 }],
      ['river', { createdBefore: middle }],
    ];
    for (const [query, filters] of cases) {
      const expected = expectedMatches(query, filters);
      expect(expected.length, `${query} ${JSON.stringify(filters)}`).toBeGreaterThan(0);
      expect((await collect(query, filters, 4)).map((item) => item.id), `${query} ${JSON.stringify(filters)}`).toEqual(expected.map((item) => item.id));
    }
  });

  it('continues after a cursor whose own image was deleted, and after images added with the clock set back', async () => {
    const first = await gallery.search({ query: 'fo', limit: 10 });
    const cursorItem = first.items.at(-1)!;
    await gallery.delete(cursorItem.id);
    items = items.filter((item) => item.id !== cursorItem.id);
    const rest: GalleryItem[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await gallery.search({ query: 'fo', cursor, limit: 10 });
      rest.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(rest.map((item) => item.id)).toEqual(expectedMatches('fo').slice(9).map((item) => item.id));

    // A clock that went backwards: new rows sort before older keys, so search must not trust key order.
    await gallery.close();
    ({ gallery } = await openTestGallery(folder.path, { seed: 'search-past', clock: new FakeClock(START + 5 * 3_600_000 + 1) }));
    items.push(await gallery.add(generatedImage({ prompt: 'fox from the past' }, 7)));
    items.push(await gallery.add(generatedImage({ prompt: 'foggy from the past' }, 8)));
    expect((await collect('fo', {}, 6)).map((item) => item.id)).toEqual(expectedMatches('fo').map((item) => item.id));
    expect((await collect('past', {}, 1)).map((item) => item.id)).toEqual(expectedMatches('past').map((item) => item.id));

    // …and the next start puts the keys back in creation order.
    await gallery.close();
    ({ gallery, clock } = await openTestGallery(folder.path, { seed: 'search-reopened-again', clock }));
    expect((await collect('fo', {}, 6)).map((item) => item.id)).toEqual(expectedMatches('fo').map((item) => item.id));
  });
});
