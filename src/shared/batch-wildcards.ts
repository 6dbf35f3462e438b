/**
 * `{a|b|c}` wildcards in batch prompts: each group becomes one of its options, and a prompt becomes one
 * prompt per combination (`a {red|blue} {car|boat}` makes four). Braces without a `|` inside, unmatched
 * braces and nested braces are plain text, so ordinary prompts never change meaning. Pure and zod-free:
 * the renderer previews with it, the tests check it with fast-check.
 */

type Part = string | readonly string[];

const GROUP = /\{([^{}]*\|[^{}]*)\}/g;

/** The prompt split into literal text and option groups, in order. */
function parts(prompt: string): Part[] {
  const result: Part[] = [];
  let last = 0;
  for (const match of prompt.matchAll(GROUP)) {
    result.push(prompt.slice(last, match.index));
    result.push(match[1]!.split('|'));
    last = match.index + match[0].length;
  }
  result.push(prompt.slice(last));
  return result;
}

/** How many prompts `prompt` expands to (1 without wildcards); computed without expanding. */
export function countWildcardCombinations(prompt: string): number {
  return parts(prompt).reduce((total, part) => (typeof part === 'string' ? total : total * part.length), 1);
}

/**
 * Every combination, the first group varying slowest (`{a|b} {x|y}` → `a x`, `a y`, `b x`, `b y`).
 * Callers check {@link countWildcardCombinations} first: the count grows as a product.
 */
export function expandWildcards(prompt: string): string[] {
  let prompts = [''];
  for (const part of parts(prompt)) {
    prompts = typeof part === 'string' ? prompts.map((start) => start + part) : prompts.flatMap((start) => part.map((option) => start + option));
  }
  return prompts;
}
