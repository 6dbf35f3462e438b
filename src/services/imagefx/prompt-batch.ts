/**
 * Batches of prompts, including the plain-text prompt files users keep: one prompt per line, blank lines
 * and `#` comments skipped, surrounding whitespace trimmed. A batch is checked whole before anything is
 * queued, so a bad line never leaves half a file running.
 */
import { AppError } from '../../shared/app-error.ts';
import { MAX_BATCH_PROMPTS } from '../../shared/generation-types.ts';
import { validatePrompt } from './generation-settings.ts';

/** More than this in one batch is almost certainly the wrong file. */

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

/** Checks a list of prompts (trimmed, none empty or too long, within the batch limit). */
export function validatePromptBatch(prompts: readonly unknown[]): string[] {
  if (!Array.isArray(prompts) || prompts.length === 0) throw invalid('The batch has no prompts.');
  if (prompts.length > MAX_BATCH_PROMPTS) throw invalid(`A batch holds at most ${MAX_BATCH_PROMPTS} prompts; this one has ${prompts.length}.`);
  return prompts.map((prompt, index) => validatePrompt(prompt, `prompt ${index + 1}`));
}

/** Parses a prompt file's text into prompts; errors name the offending line. */
export function parsePromptFile(text: string): string[] {
  if (typeof text !== 'string') throw invalid('The prompt file could not be read as text.');
  if (text.includes('\u0000')) throw invalid('The prompt file is not a text file.');
  const prompts: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    prompts.push(validatePrompt(trimmed, `line ${index + 1}`));
  });
  if (prompts.length === 0) throw invalid('The prompt file has no prompts: every line is blank or a # comment.');
  if (prompts.length > MAX_BATCH_PROMPTS) {
    throw invalid(`A prompt file holds at most ${MAX_BATCH_PROMPTS} prompts; this one has ${prompts.length}.`);
  }
  return prompts;
}
