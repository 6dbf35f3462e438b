/**
 * Turns whatever the user typed into an FTS5 MATCH expression that cannot be a syntax error: only runs of
 * letters, digits and combining marks survive, each becomes a quoted string (so `NEAR`, `OR`, `-`, `*`, `"`
 * and parentheses are never operators) with a trailing `*`, so every word also matches as a prefix
 * ("search as you type"). Words combine with AND.
 */

/** Longer input is cut here; nobody types more, and it bounds the work one query can ask for. */
export const MAX_SEARCH_TEXT_LENGTH = 500;
/** Extra words beyond this are ignored. */
export const MAX_SEARCH_WORDS = 16;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The MATCH expression for `text`, or `null` when it holds no searchable word (e.g. only punctuation). */
export function toSearchExpression(text: string): string | null {
  const words = text.slice(0, MAX_SEARCH_TEXT_LENGTH).normalize('NFC').match(WORD) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, MAX_SEARCH_WORDS)
    .map((word) => `"${word}"*`)
    .join(' ');
}
