/**
 * Prompt files, as users keep them: one prompt per line, blank lines and `#` comments skipped, surrounding
 * whitespace trimmed. The file's text is new input, so its lines are checked here, whole, before anything
 * is queued: a bad line never leaves half a file running, and the error names the line.
 */
import { AppError } from '../../shared/app-error.ts';
import { MAX_BATCH_PROMPTS, MAX_PROMPT_LENGTH } from '../../shared/generation-options.ts';

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

/** Parses a prompt file's text into prompts; errors name the offending line. */
export function parsePromptFile(text: string): string[] {
  if (text.includes('\u0000')) throw invalid('The prompt file is not a text file.');
  const prompts: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.length > MAX_PROMPT_LENGTH) {
      throw invalid(`The prompt is ${trimmed.length} characters long (line ${index + 1}); the limit is ${MAX_PROMPT_LENGTH}.`);
    }
    prompts.push(trimmed);
  });
  if (prompts.length === 0) throw invalid('The prompt file has no prompts: every line is blank or a # comment.');
  if (prompts.length > MAX_BATCH_PROMPTS) {
    throw invalid(`A prompt file holds at most ${MAX_BATCH_PROMPTS} prompts; this one has ${prompts.length}.`);
  }
  return prompts;
}
