/**
 * Substring search for Chinese, Japanese and Korean. SQLite's `unicode61` tokenizer splits text at spaces and
 * punctuation only, so "日本の庭園" is one token and `庭園` could only find it from its start. There is no ICU
 * tokenizer in node:sqlite, and FTS5's `trigram` tokenizer cannot match a query shorter than three
 * characters, which most Chinese and Japanese words are (`庭園`). So the index keeps a second column, made
 * here, in which every CJK run is written as its overlapping pairs of characters plus its last character
 * alone ("日本 本の の庭 庭園 園"), and a CJK run in a query becomes the phrase of its pairs: the pairs of
 * any substring sit next to each other in that column, whatever its length, from one character up.
 *
 * Other letters in a word that also holds CJK ("iPhoneケース", "2024年") are written there as words of
 * their own, so they can be found on their own too. Both sides go through the same normalization (NFKC, so
 * half-width katakana match full-width) and the same splitting; {@link cjkColumnText} and
 * {@link cjkQueryParts} must stay each other's mirror.
 */

import { searchWords } from '../../shared/gallery-search-syntax.ts';

/** Letters (and marks) of the scripts written without spaces between words, or with particles attached. */
const CJK_LETTER = '[\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Hangul}]';
const CJK = new RegExp(CJK_LETTER, 'u');
/** Inside a word: a run of CJK letters, or a run of other letters and digits. */
const SCRIPT_RUN = new RegExp(`${CJK_LETTER}+|(?:(?!${CJK_LETTER}).)+`, 'gu');

/** One piece of a searched word: a CJK run (found as a substring) or other letters (found as a word prefix). */
export interface CjkQueryPart {
  /** The tokens of its phrase: a CJK run's pairs, or its one character; other letters as they are. */
  readonly tokens: readonly string[];
  /** The token also matches as the start of a longer one: a lone CJK character (the first of a pair, or a run's last), or other letters. */
  readonly prefix: boolean;
}

/** True when `word` holds any CJK letter, so it is searched through the CJK column. */
export function hasCjk(word: string): boolean {
  return CJK.test(word);
}

/** The CJK column's text for a prompt: "" when it has no CJK letter (most prompts; nothing stored). */
export function cjkColumnText(prompt: string): string {
  if (!CJK.test(prompt)) return '';
  const tokens: string[] = [];
  for (const word of searchWords(prompt.normalize('NFKC'))) {
    if (!CJK.test(word)) continue; // the prompt column has it already
    for (const run of scriptRuns(word)) {
      if (!CJK.test(run)) tokens.push(run);
      else tokens.push(...pairsOf(run), [...run].at(-1)!);
    }
  }
  return tokens.join(' ');
}

/** The pieces of a searched word that holds CJK (see {@link hasCjk}), in order. */
export function cjkQueryParts(word: string): CjkQueryPart[] {
  const parts: CjkQueryPart[] = [];
  for (const normalized of searchWords(word.normalize('NFKC'))) {
    for (const run of scriptRuns(normalized)) {
      const pairs = CJK.test(run) ? pairsOf(run) : [];
      parts.push(pairs.length > 0 ? { tokens: pairs, prefix: false } : { tokens: [run], prefix: true });
    }
  }
  return parts;
}

function scriptRuns(word: string): string[] {
  return word.match(SCRIPT_RUN) ?? [];
}

/** The overlapping pairs of characters of `run` (none for a single character). */
function pairsOf(run: string): string[] {
  const characters = [...run];
  return characters.slice(0, -1).map((character, index) => character + characters[index + 1]!);
}
