/**
 * What the search box says: nothing for an ordinary search; which symbols were left out; that only the
 * first words count past the limit; and, for an empty result, "Type a word to search" when the text had
 * nothing searchable in it, "No images match" otherwise.
 */
import { describe, expect, it } from 'vitest';
import { emptySearchWording, SEARCH_PLACEHOLDER, SEARCH_SYNTAX_HINT, searchNote } from '../../src/renderer/search-wording.ts';
import { MAX_SEARCH_WORDS } from '../../src/shared/gallery-search-syntax.ts';

describe('the search box’s wording', () => {
  it('says nothing about an ordinary search, in any form', () => {
    for (const text of ['', '  ', 'fox', '"red fox" -owl', 'fox OR teapot', '庭園', 'fox, owl.']) expect(searchNote(text), text).toBe('');
  });

  it('names the symbols left out, and says when nothing is left to search for', () => {
    expect(searchNote('C++')).toBe('“++” is not searched: symbols and emoji are left out.');
    expect(searchNote('🦊 fox #1')).toBe('“🦊” “#” are not searched: symbols and emoji are left out.');
    expect(searchNote('🦊')).toBe('Nothing to search for: type a word. “🦊” is not searched: symbols and emoji are left out.');
    expect(searchNote('*')).toBe('Nothing to search for: type a word.');
    expect(searchNote('OR -')).toBe('Nothing to search for: type a word.');
  });

  it('says when words past the limit are left out', () => {
    expect(searchNote(Array.from({ length: MAX_SEARCH_WORDS + 1 }, (_, index) => `w${index}`).join(' '))).toBe(`Only the first ${MAX_SEARCH_WORDS} words are searched.`);
  });

  it('tells "type a word" from "no match" for an empty result', () => {
    for (const text of ['*', '"', '🦊', '-', 'OR', '++']) expect(emptySearchWording(text).title, text).toBe('Type a word to search');
    for (const text of ['', 'zebra', '-fox', 'C++', '庭園']) expect(emptySearchWording(text).title, text).toBe('No images match');
  });

  it('shows every form of the syntax in the hint', () => {
    for (const form of ['"', '-', 'OR']) expect(SEARCH_PLACEHOLDER).toContain(form);
    for (const form of ['"red fox"', '-fox', 'fox OR teapot', '庭園', 'Symbols']) expect(SEARCH_SYNTAX_HINT).toContain(form);
  });
});
