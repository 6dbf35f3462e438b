import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_WORDS, toSearchExpression } from '../../../src/services/gallery/search-expression.ts';

describe('search expressions', () => {
  it('quote every word and make it a prefix', () => {
    expect(toSearchExpression('red fo')).toBe('"red"* "fo"*');
    expect(toSearchExpression('  Café—crème!  ')).toBe('"Café"* "crème"*');
  });

  it('drop FTS syntax entirely', () => {
    expect(toSearchExpression('"')).toBeNull();
    expect(toSearchExpression('*')).toBeNull();
    expect(toSearchExpression('-')).toBeNull();
    expect(toSearchExpression('NEAR(')).toBe('"NEAR"*');
    expect(toSearchExpression('fox OR (cat')).toBe('"fox"* "OR"* "cat"*');
    expect(toSearchExpression('col:fox ^start')).toBe('"col"* "fox"* "start"*');
  });

  it('bound the number of words', () => {
    const expression = toSearchExpression(Array.from({ length: 40 }, (_, index) => `w${index}`).join(' '));
    expect(expression?.split(' ')).toHaveLength(MAX_SEARCH_WORDS);
  });

  it('never produce an expression FTS5 rejects, whatever is typed', () => {
    const database = new DatabaseSync(':memory:');
    database.exec("CREATE VIRTUAL TABLE t USING fts5(prompt, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')");
    database.prepare('INSERT INTO t (prompt) VALUES (?)').run('a red fox jumps over NEAR the lazy dog');
    const match = database.prepare('SELECT rowid FROM t WHERE t MATCH ?');
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(fc.constantFrom('"', '*', '(', ')', 'NEAR(', 'AND', 'OR', 'NOT', '-', '+', ':', '^', '{', '}', 'fox', ' ', '\u0000', 'é'), { maxLength: 20 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(hostile, (text) => {
        const expression = toSearchExpression(text);
        if (expression !== null) match.all(expression);
      }),
      { numRuns: 500 },
    );
    database.close();
  });
});
