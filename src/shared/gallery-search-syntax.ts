/**
 * What the gallery's search box means, in the conventions of Gmail's and Google's search boxes:
 *
 * - `fox teapot`: every word must be in the prompt; each also matches as the start of a longer word
 *   (`lig` finds "lighthouse"), so results follow the typing.
 * - `"red fox"`: these words together, in this order. A closed quote matches the words whole; an unclosed
 *   one runs to the end of the text and its last word is still being typed (a prefix).
 * - `-fox`, `-"red fox"`: leave out images whose prompt has it. Exclusions alone list everything else.
 * - `fox OR teapot`: either (`OR` in capitals; it binds the terms on either side more tightly than the
 *   spaces between terms do, so `red fox OR teapot` is red and either fox or teapot).
 *
 * Only words are searchable: runs of letters and digits (with their combining marks), in any script.
 * Everything else separates words and is not looked for. Symbols and emoji (`+`, `#`, `🦊`) are reported
 * back in `unsearchable`, so the search box can say so; punctuation is left out quietly. A word typed with a
 * symbol right after it (`C++`, `C#`) is a name, finished, so it matches whole, not as a prefix (`C++`
 * finds "C++" and "vitamin C", not every word starting with c). Text that leaves nothing to look for (`*`, `"`,
 * `🦊`, `-`, `OR`) is not a search: {@link hasSearchTerms} says so, and the gallery then finds nothing.
 *
 * Bounded: the text is cut at {@link MAX_SEARCH_TEXT_LENGTH}, words at {@link MAX_SEARCH_WORD_LENGTH}
 * characters, and terms after {@link MAX_SEARCH_WORDS} words are left out (`truncated` says so).
 * Pure and zod-free: the renderer explains a search with it, and the gallery turns its result into a
 * full-text query (`search-expression.ts`). The request itself is checked at the IPC boundary.
 */

/** Longer text is cut here: nobody types more, and it bounds what one search can ask of the index. */
export const MAX_SEARCH_TEXT_LENGTH = 500;
/** Words past this many, counted over every term, are left out. */
export const MAX_SEARCH_WORDS = 16;
/** A longer word is cut to this many characters (and ends its phrase, as a prefix). */
export const MAX_SEARCH_WORD_LENGTH = 32;
/** At most this many different unsearchable symbols are reported. */
const MAX_REPORTED_SYMBOLS = 8;

/** Words that must appear next to each other, in order; a single word is a phrase of one. */
export interface SearchPhrase {
  /** Runs of letters and digits (with combining marks), as typed, NFC. */
  readonly words: readonly string[];
  /** The last word also matches as the start of a longer word. */
  readonly prefix: boolean;
}

/** A search, as {@link parseSearchText} reads it. */
export interface ParsedSearch {
  /** Every group must match; a group matches when any of its phrases does (`OR`). */
  readonly include: ReadonlyArray<readonly SearchPhrase[]>;
  /** Images matching any of these are left out (`-word`, `-"a phrase"`). */
  readonly exclude: readonly SearchPhrase[];
  /** Symbols and emoji typed that search does not look for, each once, in the order typed. */
  readonly unsearchable: readonly string[];
  /** Something typed was left out for length (text, a word, or words past the limit). */
  readonly truncated: boolean;
}

const QUOTE = '"“”„＂';
const SPACE = /\s+/uy;
const QUOTED = new RegExp(`[${QUOTE}]([^${QUOTE}]*)([${QUOTE}]?)`, 'uy');
const CHUNK = new RegExp(`[^\\s${QUOTE}]+`, 'uy');
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
/** Hyphen-minus, minus sign, fullwidth hyphen-minus (what a Japanese or Chinese keyboard types). */
const LEADING_MINUS = /^[-−－]+/u;
/** An unclosed quote ending like this is still being typed (a word character, or an explicit `*`). */
const OPEN_ENDING = /[\p{L}\p{N}\p{M}*]$/u;
/** A word with a symbol right after it (`C++`, `C#`) is a name, finished: it is matched whole. */
const SYMBOL_ENDING = /[\p{S}#@&%][\p{M}\p{Cf}]*$/u;
/** Symbols worth saying are not searched: symbol characters with what joins them (emoji sequences), and `#@&%`. */
const REPORTED_SYMBOL = /[\p{S}#@&%][\p{S}#@&%\p{M}\p{Cf}]*/gu;

type Element = { readonly kind: 'or' } | { readonly kind: 'term'; readonly phrase: SearchPhrase; readonly negated: boolean };

/** Reads what was typed into a search (never throws; see the module comment for the syntax). */
export function parseSearchText(text: string): ParsedSearch {
  const source = text.slice(0, MAX_SEARCH_TEXT_LENGTH).normalize('NFC');
  const reported = new Set<string>();
  const elements: Element[] = [];
  // Set by a chunk of only minus signs: the quoted phrase right after it (no space between) is left out.
  let negateQuote = false;
  let position = 0;
  while (position < source.length) {
    const space = readAt(SPACE, source, position);
    if (space) {
      position += space[0].length;
      negateQuote = false;
      continue;
    }
    const quoted = readAt(QUOTED, source, position);
    if (quoted) {
      position += quoted[0].length;
      const content = quoted[1] ?? '';
      const closed = quoted[2] !== '';
      reportSymbols(content, reported);
      const words = searchWords(content);
      if (words.length > 0) elements.push({ kind: 'term', negated: negateQuote, phrase: { words, prefix: !closed && OPEN_ENDING.test(content) } });
      negateQuote = false;
      continue;
    }
    const chunk = readAt(CHUNK, source, position)![0];
    position += chunk.length;
    negateQuote = false;
    if (chunk === 'OR') {
      elements.push({ kind: 'or' });
      continue;
    }
    if (chunk === 'AND') continue; // every term is required anyway
    const body = chunk.replace(LEADING_MINUS, '');
    const negated = body.length < chunk.length;
    if (body === '') {
      negateQuote = negated;
      continue;
    }
    reportSymbols(body, reported);
    const words = searchWords(body);
    if (words.length > 0) elements.push({ kind: 'term', negated, phrase: { words, prefix: !SYMBOL_ENDING.test(body) } });
  }
  const bounded = withinBudget(elements);
  return {
    ...groupTerms(bounded.elements),
    unsearchable: [...reported].slice(0, MAX_REPORTED_SYMBOLS),
    truncated: text.length > MAX_SEARCH_TEXT_LENGTH || bounded.truncated,
  };
}

/** The words of `text` as search reads them: runs of letters and digits, with the combining marks that follow. */
export function searchWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** True when the search has something to look for (or to leave out); otherwise it should find nothing. */
export function hasSearchTerms(search: ParsedSearch): boolean {
  return search.include.length > 0 || search.exclude.length > 0;
}

function readAt(pattern: RegExp, source: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(source);
}

function reportSymbols(text: string, reported: Set<string>): void {
  // A trailing `*` asks for a prefix, which search understands; a `*` elsewhere is reported like any symbol.
  for (const symbol of text.replace(/\*+$/u, '').match(REPORTED_SYMBOL) ?? []) reported.add(symbol);
}

/** Cuts long words and leaves out the terms after {@link MAX_SEARCH_WORDS} words. */
function withinBudget(elements: readonly Element[]): { elements: Element[]; truncated: boolean } {
  let budget = MAX_SEARCH_WORDS;
  let truncated = false;
  const kept: Element[] = [];
  for (const element of elements) {
    if (element.kind === 'or') {
      if (budget > 0) kept.push(element);
      continue;
    }
    if (budget === 0) {
      truncated = true;
      continue;
    }
    let { words, prefix } = element.phrase;
    const long = words.findIndex((word) => [...word].length > MAX_SEARCH_WORD_LENGTH);
    if (long >= 0) {
      // The cut word may go on, so it is a prefix, and the phrase cannot say what follows it.
      words = [...words.slice(0, long), [...words[long]!].slice(0, MAX_SEARCH_WORD_LENGTH).join('')];
      prefix = true;
      truncated = true;
    }
    if (words.length > budget) {
      words = words.slice(0, budget);
      prefix = false;
      truncated = true;
    }
    budget -= words.length;
    kept.push({ ...element, phrase: { words, prefix } });
  }
  return { elements: kept, truncated };
}

/** Groups the terms: an `OR` between two included terms puts them in one group; one next to an exclusion means nothing. */
function groupTerms(elements: readonly Element[]): Pick<ParsedSearch, 'include' | 'exclude'> {
  const include: SearchPhrase[][] = [];
  const exclude: SearchPhrase[] = [];
  let previousIncluded = false;
  let joinNext = false;
  for (const element of elements) {
    if (element.kind === 'or') {
      joinNext = previousIncluded;
      continue;
    }
    if (element.negated) {
      exclude.push(element.phrase);
      previousIncluded = false;
    } else {
      if (joinNext) include.at(-1)!.push(element.phrase);
      else include.push([element.phrase]);
      previousIncluded = true;
    }
    joinNext = false;
  }
  return { include, exclude };
}
