/**
 * The FTS5 expressions a search becomes: each form of the syntax by example, the CJK column and its mirror on
 * the query side, and — with fast-check, on a real index of the current schema — that no text whatever makes
 * SQLite fail, and that any substring of a CJK run finds its prompt.
 */
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cjkColumnText } from '../../../src/services/gallery/cjk-terms.ts';
import { GalleryIndex } from '../../../src/services/gallery/gallery-index.ts';
import type { IndexedImage } from '../../../src/services/gallery/index-rows.ts';
import { migrateIndex } from '../../../src/services/gallery/index-schema.ts';
import { toSearchMatch } from '../../../src/services/gallery/search-expression.ts';
import { parseSearchText } from '../../../src/shared/gallery-search-syntax.ts';

const expressionOf = (text: string) => toSearchMatch(parseSearchText(text));

describe('search expressions', () => {
  it('quote every word and make it a prefix; words combine with AND', () => {
    expect(expressionOf('red fo')).toEqual({ expression: '("red"* AND "fo"*)', excluding: false });
    expect(expressionOf('  Café—crème!  ')).toEqual({ expression: '"Café crème"*', excluding: false });
  });

  it('make a closed quote an exact phrase, an unclosed one a phrase still being typed', () => {
    expect(expressionOf('"red fox"')?.expression).toBe('"red fox"');
    expect(expressionOf('"red fox" moon')?.expression).toBe('("red fox" AND "moon"*)');
    expect(expressionOf('"red fo')?.expression).toBe('"red fo"*');
  });

  it('put exclusions after NOT, and search everything but them when nothing else is asked for', () => {
    expect(expressionOf('lighthouse -fox')).toEqual({ expression: '"lighthouse"* NOT "fox"*', excluding: false });
    expect(expressionOf('owl moon -fox -"red sky"')).toEqual({ expression: '("owl"* AND "moon"*) NOT ("fox"* OR "red sky")', excluding: false });
    expect(expressionOf('-fox')).toEqual({ expression: '"fox"*', excluding: true });
    expect(expressionOf('-fox -cat')).toEqual({ expression: '("fox"* OR "cat"*)', excluding: true });
  });

  it('join OR groups in parentheses, so the spaces around them stay AND', () => {
    expect(expressionOf('fox OR teapot')?.expression).toBe('("fox"* OR "teapot"*)');
    expect(expressionOf('red fox OR "tea pot" -owl')?.expression).toBe('("red"* AND ("fox"* OR "tea pot")) NOT "owl"*');
  });

  it('look for CJK runs as the phrase of their character pairs, one character as a prefix', () => {
    expect(expressionOf('庭園')?.expression).toBe('"庭園"');
    expect(expressionOf('日本の庭園')?.expression).toBe('"日本 本の の庭 庭園"');
    expect(expressionOf('庭')?.expression).toBe('"庭"*');
    expect(expressionOf('ｶﾞｲﾄﾞ')?.expression).toBe('"ガイ イド"');
    expect(expressionOf('iPhoneケース')?.expression).toBe('("iPhone"* AND "ケー ース")');
    expect(expressionOf('"red 庭園 fox" OR 桜 -狐')?.expression).toBe('(("red" AND "庭園" AND "fox") OR "桜"*) NOT "狐"*');
  });

  it('write a prompt’s CJK runs as pairs plus their last character, and the other letters of those words as words', () => {
    expect(cjkColumnText('a red fox at dusk')).toBe('');
    expect(cjkColumnText('日本の庭園、a fox')).toBe('日本 本の の庭 庭園 園');
    expect(cjkColumnText('iPhoneケース 2024年 ｶﾞｲﾄﾞ 정원에서')).toBe('iPhone ケー ース ス 2024 年 ガイ イド ド 정원 원에 에서 서');
  });

  it('match symbols-only and operator-only text to nothing (not a search)', () => {
    for (const text of ['*', '"', '-', 'OR', '🦊', '++', '( )']) expect(expressionOf(text), text).toBeNull();
    expect(expressionOf('C++')?.expression).toBe('"C"');
  });
});

describe('on a real index', () => {
  let database: DatabaseSync;
  let index: GalleryIndex;
  const prompts = ['a red fox jumps over NEAR the lazy dog', '日本の庭園で眠る狐', 'C++ code on a screen', 'iPhoneケース 2024年モデル', '정원에서 노는 고양이'];

  beforeAll(() => {
    database = new DatabaseSync(':memory:');
    migrateIndex(database);
    index = new GalleryIndex(database);
    prompts.forEach((prompt, position) => index.insert(image(position, prompt)));
  });
  afterAll(() => index.close());

  const search = (text: string): string[] => {
    const match = toSearchMatch(parseSearchText(text));
    return match === null ? [] : index.query({ filters: {}, after: null, limit: 10, match }).map((found) => found.prompt);
  };

  it('never makes SQLite fail, whatever is typed, on either query path', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .array(fc.constantFrom('"', '“', '*', '(', ')', 'NEAR(', 'AND', 'OR', 'NOT', '-', '－', '+', ':', '^', '{', '}', 'fox', '庭園', '庭', 'ｶﾞ', 'C++', '🦊', ' ', '\u0000', '\u0301', 'é'), { maxLength: 20 })
        .map((parts) => parts.join('')),
    );
    for (const ordered of [true, false]) {
      index.setKeysInTimeOrder(ordered);
      fc.assert(
        fc.property(hostile, (text) => {
          search(text);
        }),
        { numRuns: 300 },
      );
    }
    index.setKeysInTimeOrder(true);
  });

  it('finds each form', () => {
    expect(search('fox')).toEqual([prompts[0]]);
    expect(search('"lazy dog"')).toEqual([prompts[0]]);
    expect(search('"dog lazy"')).toEqual([]);
    expect(search('-fox').sort()).toEqual(prompts.slice(1).sort());
    expect(search('fox OR screen').sort()).toEqual([prompts[0], prompts[2]].sort());
    expect(search('庭園')).toEqual([prompts[1]]);
    expect(search('ケース')).toEqual([prompts[3]]);
    expect(search('2024')).toEqual([prompts[3]]);
    expect(search('모델 OR 고양')).toEqual([prompts[4]]);
    expect(search('C++')).toEqual([prompts[2]]);
    expect(search('🦊')).toEqual([]);
  });

  it('finds a prompt by any substring of its CJK runs', () => {
    const alphabet = ['日', '本', 'の', '庭', '園', '狐', 'カ', 'ー', 'ド', '정', '원', '々'];
    const runs = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((characters) => characters.join(''));
    fc.assert(
      fc.property(fc.array(runs, { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), fc.nat(), (words, pick, from, length) => {
        const scratch = new GalleryIndex(freshDatabase());
        try {
          const prompt = words.join(' fox ');
          scratch.insert(image(0, prompt));
          const chosen = [...words[pick % words.length]!];
          const start = from % chosen.length;
          const part = chosen.slice(start, start + 1 + (length % (chosen.length - start))).join('');
          const match = toSearchMatch(parseSearchText(part))!;
          expect(scratch.query({ filters: {}, after: null, limit: 2, match }).map((found) => found.prompt), part).toEqual([prompt]);
        } finally {
          scratch.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});

function freshDatabase(): DatabaseSync {
  const database = new DatabaseSync(':memory:');
  migrateIndex(database);
  return database;
}

function image(position: number, prompt: string): IndexedImage {
  return {
    id: `01KDVDNA00${String(position).padStart(14, '0')}AA`,
    prompt,
    seed: position,
    model: 'IMAGEN_4',
    aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
    mediaId: '',
    workflowId: '',
    createdAt: 1_000 + position,
    favourite: false,
    width: 1,
    height: 1,
    format: 'png',
  };
}
