/**
 * Chinese, Japanese and Korean through `Gallery.search` on a real index: any substring of a run finds its
 * image (not only from the start of the run), mixed with Latin words, phrases, exclusions and OR; saves
 * fill both full-text columns and deletes empty both (FTS5's own integrity check agrees with the rows).
 */
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import type { GalleryItem } from '../../../src/shared/gallery-schemas.ts';
import { generatedImage, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';

const PROMPTS = [
  '日本の庭園で眠る狐、水彩画', // 0
  '京都の古い庭園と紅葉', // 1
  '桜の木の下の猫 at dusk', // 2
  'a teapot in 東京 at night', // 3
  'iPhoneケース 2024年モデル', // 4
  '정원에서 노는 고양이', // 5
  'ｶﾞｲﾄﾞブック on a table', // 6 (half-width katakana)
  'a red fox in a Japanese garden', // 7
];

let folder: { path: string; remove: () => Promise<void> };
let gallery: Gallery;
const items: GalleryItem[] = [];

beforeAll(async () => {
  folder = await temporaryFolder();
  let clock;
  ({ gallery, clock } = await openTestGallery(folder.path, { seed: 'cjk' }));
  for (const [index, prompt] of PROMPTS.entries()) {
    items.push(await gallery.add(generatedImage({ prompt }, index)));
    await clock.advance(60_000);
  }
});

afterAll(async () => {
  await gallery.close();
  await folder.remove();
});

/** The indexes in PROMPTS of what a search finds, newest first. */
async function found(query: string): Promise<number[]> {
  const page = await gallery.search({ query, limit: 50 });
  return page.items.map((item) => items.findIndex((candidate) => candidate.id === item.id));
}

describe('searching Chinese, Japanese and Korean prompts', () => {
  it('finds any part of a run, from one character up, not only its start', async () => {
    expect(await found('庭園')).toEqual([1, 0]);
    expect(await found('園')).toEqual([1, 0]);
    expect(await found('日本の庭')).toEqual([0]);
    expect(await found('の庭園で')).toEqual([0]);
    expect(await found('庭園と紅葉')).toEqual([1]);
    expect(await found('水彩')).toEqual([0]);
    expect(await found('東京')).toEqual([3]);
    expect(await found('고양')).toEqual([5]);
    expect(await found('노는')).toEqual([5]);
    expect(await found('ガイド')).toEqual([6]);
    expect(await found('ｶﾞｲﾄﾞ')).toEqual([6]);
    expect(await found('ケース')).toEqual([4]);
  });

  it('does not find runs that are not there, or characters out of order', async () => {
    expect(await found('園庭')).toEqual([]);
    expect(await found('庭園の')).toEqual([]);
    expect(await found('大阪')).toEqual([]);
  });

  it('combines with Latin words, phrases, exclusions and OR', async () => {
    expect(await found('庭園 -狐')).toEqual([1]);
    expect(await found('庭園 OR garden')).toEqual([7, 1, 0]);
    expect(await found('猫 dusk')).toEqual([2]);
    expect(await found('"teapot in 東京"')).toEqual([3]);
    expect(await found('2024')).toEqual([4]);
    expect(await found('iphone')).toEqual([4]);
    expect(await found('-庭園 -fox -teapot')).toEqual([6, 5, 4, 2]);
  });

  it('forgets a deleted image in both columns, and FTS5 finds its index consistent with the rows', async () => {
    await gallery.delete(items[0]!.id);
    expect(await found('庭園')).toEqual([1]);
    expect(await found('水彩')).toEqual([]);
    await gallery.close();
    const database = new DatabaseSync(new GalleryLayout(folder.path).databaseFile);
    try {
      // With rank 1, the check also compares the index with the rows it was made from (external content).
      expect(() => database.exec("INSERT INTO images_fts (images_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
      expect(database.prepare("SELECT count(*) AS rows FROM images WHERE cjk_terms != ''").get()?.['rows']).toBe(6);
    } finally {
      database.close();
    }
    ({ gallery } = await openTestGallery(folder.path, { seed: 'cjk-reopened' }));
    expect(await found('庭園')).toEqual([1]);
  });
});
