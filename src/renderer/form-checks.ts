/**
 * The generate form's checks, as plain functions: a prompt must have text and fit the limit, a locked
 * seed must be a whole number in Google's range. Each problem is a sentence the form shows next to the
 * field; nothing is silently dropped, cut or rounded.
 */
import { MAX_PROMPT_LENGTH, MAX_SEED } from '../shared/generation-options.ts';

/** `null` when the prompt can be sent, else what is wrong with it. */
export function promptProblem(text: string): string | null {
  const length = text.trim().length;
  if (length === 0) return 'Write a prompt first.';
  if (length > MAX_PROMPT_LENGTH) {
    return `The prompt is ${length.toLocaleString('en')} characters long; the limit is ${MAX_PROMPT_LENGTH.toLocaleString('en')}. Shorten it by ${(length - MAX_PROMPT_LENGTH).toLocaleString('en')}.`;
  }
  return null;
}

/** A locked seed's value, or the sentence saying why the text is not one. */
export function readSeed(text: string): { readonly seed: number } | { readonly problem: string } {
  const value = text.trim();
  if (value === '') return { problem: 'Enter a seed, or unlock it to get a random one.' };
  if (!/^[+-]?\d+$/.test(value)) return { problem: 'A seed is a whole number, like 12345.' };
  const seed = Number(value);
  if (seed < 0 || seed > MAX_SEED) return { problem: `A seed is from 0 to ${MAX_SEED}.` };
  return { seed: seed === 0 ? 0 : seed }; // "-0" is 0
}
