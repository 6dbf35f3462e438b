/**
 * Turns a parsed search (src/shared/gallery-search-syntax.ts) into an FTS5 MATCH expression that cannot be a
 * syntax error: every phrase is a quoted string of words, and words are runs of letters, digits and marks
 * only, so nothing typed (`NEAR`, `OR`, `-`, `*`, `"`, `:`, parentheses) ever reaches FTS5 as an operator.
 * The operators come from here alone, each operand in parentheses (FTS5 ranks NOT above AND above OR):
 * groups AND together, a group's phrases OR together, exclusions go after NOT.
 *
 * A word without CJK is a token of the `prompt` column; a word with CJK letters is found through the
 * `cjk_terms` column (cjk-terms.ts). A phrase that mixes the two cannot be one FTS5 phrase (the columns
 * hold different tokens), so its parts are required together, without their order.
 */
import type { ParsedSearch, SearchPhrase } from '../../shared/gallery-search-syntax.ts';
import { hasSearchTerms, parseSearchText } from '../../shared/gallery-search-syntax.ts';
import { cjkQueryParts, hasCjk } from './cjk-terms.ts';

/** What the index looks for: rows matching `expression`, or, when `excluding`, every row but those. */
export interface SearchMatch {
  readonly expression: string;
  /** The search only leaves things out (`-fox`): every row except the matches. */
  readonly excluding: boolean;
}

/** The match for `search`, or `null` when it has nothing to look for (then nothing is found). */
export function toSearchMatch(search: ParsedSearch): SearchMatch | null {
  if (!hasSearchTerms(search)) return null;
  const excluded = search.exclude.length > 0 ? anyOf(search.exclude.map(phraseExpression)) : null;
  if (search.include.length === 0) return { expression: excluded!, excluding: true };
  const included = allOf(search.include.map((group) => anyOf(group.map(phraseExpression))));
  return { expression: excluded === null ? included : `${included} NOT ${excluded}`, excluding: false };
}

function phraseExpression(phrase: SearchPhrase): string {
  const parts: string[] = [];
  let run: string[] = [];
  const endRun = (prefix: boolean): void => {
    if (run.length > 0) parts.push(quoted(run, prefix));
    run = [];
  };
  for (const word of phrase.words) {
    if (!hasCjk(word)) {
      run.push(word);
      continue;
    }
    endRun(false);
    for (const part of cjkQueryParts(word)) parts.push(quoted(part.tokens, part.prefix));
  }
  endRun(phrase.prefix);
  // A word that normalizes to nothing searchable leaves an empty phrase, which FTS5 matches to no row.
  return parts.length === 0 ? '""' : allOf(parts);
}

function quoted(tokens: readonly string[], prefix: boolean): string {
  return `"${tokens.join(' ')}"${prefix ? '*' : ''}`;
}

function allOf(expressions: readonly string[]): string {
  return expressions.length === 1 ? expressions[0]! : `(${expressions.join(' AND ')})`;
}

function anyOf(expressions: readonly string[]): string {
  return expressions.length === 1 ? expressions[0]! : `(${expressions.join(' OR ')})`;
}

/**
 * The text condition of a query that may have no text: `undefined`/blank → no condition (`match: null`,
 * everything); text with nothing to look for (`*`, `🦊`) → `nothing: true` (nothing is found), as `search`.
 */
export function textCondition(query: string | undefined): { readonly match: SearchMatch | null; readonly nothing: boolean } {
  if (query === undefined || query.trim() === '') return { match: null, nothing: false };
  const match = toSearchMatch(parseSearchText(query));
  return { match, nothing: match === null };
}
