/**
 * The search box's syntax, as the renderer and the gallery both read it: words (prefixes), "phrases",
 * -exclusions, OR, symbols that are not searchable (and said so), text with nothing to look for, and the
 * bounds on length — by example and, with fast-check, for any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchPhrase } from '../../src/shared/gallery-search-syntax.ts';
import { hasSearchTerms, MAX_SEARCH_TEXT_LENGTH, MAX_SEARCH_WORD_LENGTH, MAX_SEARCH_WORDS, parseSearchText } from '../../src/shared/gallery-search-syntax.ts';

const word = (text: string, prefix = true): SearchPhrase => ({ words: [text], prefix });
const phrase = (words: string[], prefix = false): SearchPhrase => ({ words, prefix });

describe('reading what was typed', () => {
  it('requires every word, each also as a prefix', () => {
    expect(parseSearchText('  red fo ')).toEqual({ include: [[word('red')], [word('fo')]], exclude: [], unsearchable: [], truncated: false });
    expect(parseSearchText('fox*').include).toEqual([[word('fox')]]);
    expect(parseSearchText('Café—crème!').include).toEqual([[phrase(['Café', 'crème'], true)]]);
  });

  it('reads quoted phrases, closed ones whole, an unclosed one as still being typed; smart quotes too', () => {
    expect(parseSearchText('"red fox" moon').include).toEqual([[phrase(['red', 'fox'])], [word('moon')]]);
    expect(parseSearchText('moon "red fo').include).toEqual([[word('moon')], [phrase(['red', 'fo'], true)]]);
    expect(parseSearchText('“golden hour”').include).toEqual([[phrase(['golden', 'hour'])]]);
    expect(parseSearchText('"red fox').include).toEqual([[phrase(['red', 'fox'], true)]]);
    expect(parseSearchText('"OR" "-fox"').include).toEqual([[phrase(['OR'])], [phrase(['fox'])]]);
  });

  it('leaves out -words and -"phrases"; a minus inside a word only separates', () => {
    expect(parseSearchText('lighthouse -fox -"red sky"')).toMatchObject({ include: [[word('lighthouse')]], exclude: [word('fox'), phrase(['red', 'sky'])] });
    expect(parseSearchText('-fox')).toMatchObject({ include: [], exclude: [word('fox')] });
    expect(parseSearchText('－狐 庭園')).toMatchObject({ include: [[word('庭園')]], exclude: [word('狐')] });
    expect(parseSearchText('re-do')).toMatchObject({ include: [[phrase(['re', 'do'], true)]], exclude: [] });
    expect(parseSearchText('- fox')).toMatchObject({ include: [[word('fox')]], exclude: [] });
  });

  it('groups terms joined by OR, which binds tighter than the spaces between terms', () => {
    expect(parseSearchText('fox OR teapot').include).toEqual([[word('fox'), word('teapot')]]);
    expect(parseSearchText('red fox OR "tea pot" OR owl moon').include).toEqual([[word('red')], [word('fox'), phrase(['tea', 'pot']), word('owl')], [word('moon')]]);
    // Lower-case "or" is a word; an OR with nothing on one side, or next to an exclusion, means nothing.
    expect(parseSearchText('fox or cat').include).toEqual([[word('fox')], [word('or')], [word('cat')]]);
    expect(parseSearchText('OR fox OR OR cat OR')).toMatchObject({ include: [[word('fox'), word('cat')]] });
    expect(parseSearchText('fox OR -cat owl')).toMatchObject({ include: [[word('fox')], [word('owl')]], exclude: [word('cat')] });
    expect(parseSearchText('fox AND cat').include).toEqual([[word('fox')], [word('cat')]]);
  });

  it('says which symbols are not searchable; a word with a symbol right after it is matched whole', () => {
    expect(parseSearchText('C++')).toMatchObject({ include: [[word('C', false)]], unsearchable: ['++'] });
    expect(parseSearchText('C# (fox) 👩‍💻 ❤️ 3.5')).toMatchObject({
      include: [[word('C', false)], [word('fox')], [phrase(['3', '5'], true)]],
      unsearchable: ['#', '👩‍💻', '❤️'],
    });
    // Punctuation separates words quietly.
    expect(parseSearchText('fox, owl. «moon»')).toMatchObject({ include: [[word('fox')], [word('owl')], [word('moon')]], unsearchable: [] });
  });

  it('finds nothing to look for in operators, symbols and emoji alone', () => {
    for (const text of ['', '   ', '*', '"', '""', '-', '--', '-"', 'OR', 'AND', 'OR AND -', '🦊', '-🦊', '++', '"🦊"', '( ) [ ] { } : ^', '\u0000', '\u0301']) {
      expect(hasSearchTerms(parseSearchText(text)), JSON.stringify(text)).toBe(false);
    }
    expect(parseSearchText('🦊 +').unsearchable).toEqual(['🦊', '+']);
    for (const text of ['a', '-a', '"a"', '7', '庭', 'C++']) expect(hasSearchTerms(parseSearchText(text)), text).toBe(true);
  });

  it('bounds the text, the words and each word, and says so', () => {
    const many = parseSearchText(Array.from({ length: 40 }, (_, index) => `w${index}`).join(' '));
    expect(many.include.flat().flatMap((found) => found.words)).toHaveLength(MAX_SEARCH_WORDS);
    expect(many.truncated).toBe(true);
    const phrases = parseSearchText(`"${Array.from({ length: 10 }, () => 'a').join(' ')}" "${Array.from({ length: 10 }, () => 'b').join(' ')}"`);
    expect(phrases.include.map(([found]) => found!.words.length)).toEqual([10, MAX_SEARCH_WORDS - 10]);
    const long = parseSearchText(`"${'x'.repeat(MAX_SEARCH_WORD_LENGTH + 5)} fox"`);
    expect(long).toMatchObject({ include: [[phrase(['x'.repeat(MAX_SEARCH_WORD_LENGTH)], true)]], truncated: true });
    expect(parseSearchText(`${'a '.repeat(MAX_SEARCH_TEXT_LENGTH)}`).truncated).toBe(true);
    expect(parseSearchText('fox').truncated).toBe(false);
  });

  it('reads any text without throwing, into words of letters and digits only, within the bounds', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.array(fc.constantFrom('"', '“', '-', '－', '*', 'OR', 'AND', 'fox', '庭園', '🦊', 'C++', ' ', '(', ')', ':', '\u0000', '\u0301', 'é'), { maxLength: 30 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (typed) => {
        const parsed = parseSearchText(typed);
        const phrases = [...parsed.include.flat(), ...parsed.exclude];
        expect(phrases.flatMap((found) => found.words).length).toBeLessThanOrEqual(MAX_SEARCH_WORDS);
        for (const found of phrases) {
          expect(found.words.length).toBeGreaterThan(0);
          for (const text of found.words) {
            expect(text).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u);
            expect([...text].length).toBeLessThanOrEqual(MAX_SEARCH_WORD_LENGTH);
          }
        }
        expect(parsed.include.every((group) => group.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
