/**
 * What the gallery's search box says about a search, in the app's own words: the syntax in short (its
 * placeholder and title), a note on what was left out (symbols, words past the limit), and what an empty
 * result means — "No images match" for a search, "Type a word to search" for text with nothing searchable
 * in it (the gallery finds nothing for such text rather than everything). The syntax itself is
 * src/shared/gallery-search-syntax.ts, the same reading the gallery uses.
 */
import { hasSearchTerms, MAX_SEARCH_WORDS, parseSearchText } from '../shared/gallery-search-syntax.ts';
import type { ErrorPresentation } from './error-messages.ts';

/** The search box's placeholder: the syntax at a glance. */
export const SEARCH_PLACEHOLDER = 'Search prompts: words, "a phrase", -word, OR';

/** The search box's title (tooltip): the syntax in full. */
export const SEARCH_SYNTAX_HINT = [
  'fox teapot: prompts with both words (each also finds longer words: "lig" finds lighthouse)',
  '"red fox": these words together, in this order',
  '-fox: leave out prompts with fox',
  'fox OR teapot: either one',
  'Chinese, Japanese and Korean: any part of a word, 庭園 finds 日本の庭園',
  'Symbols and emoji are not searched.',
].join('\n');

/** A short note under the search box about what the search leaves out, or '' when there is nothing to say. */
export function searchNote(text: string): string {
  if (text.trim() === '') return '';
  const search = parseSearchText(text);
  const notes: string[] = [];
  if (!hasSearchTerms(search)) notes.push('Nothing to search for: type a word.');
  if (search.unsearchable.length > 0) {
    const list = search.unsearchable.map((symbol) => `“${symbol}”`).join(' ');
    notes.push(`${list} ${search.unsearchable.length === 1 ? 'is' : 'are'} not searched: symbols and emoji are left out.`);
  }
  if (search.truncated) notes.push(`Only the first ${MAX_SEARCH_WORDS} words are searched.`);
  return notes.join(' ');
}

/**
 * What to say when a narrowed gallery shows nothing (the search text as typed; '' when only filters narrow
 * it): a short title and a sentence saying what to do, the shape a failure is shown in.
 */
export function emptySearchWording(text: string): ErrorPresentation {
  if (text.trim() !== '' && !hasSearchTerms(parseSearchText(text))) {
    return { title: 'Type a word to search', detail: 'Search looks for words in prompts. Symbols, emoji and operators such as * or OR find nothing on their own.' };
  }
  return { title: 'No images match', detail: 'Try other words, or clear the filters.' };
}
