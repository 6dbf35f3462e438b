/**
 * Recent prompts, newest first, kept in the window's own storage (localStorage of the app's page) so
 * they survive restarts without a round trip to the main process. Damaged or foreign data reads as an
 * empty history; a full or missing storage only means the history is not kept.
 */
import type { WindowStorage } from './window-storage.ts';

export const PROMPT_HISTORY_KEY = 'imagefx.prompt-history.v1';
/** The most prompts kept. */
export const PROMPT_HISTORY_LIMIT = 30;

export class PromptHistory {
  readonly #storage: WindowStorage | null;

  constructor(storage: WindowStorage | null) {
    this.#storage = storage;
  }

  /** Newest first, each prompt once. */
  list(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.#storage?.getItem(PROMPT_HISTORY_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '').slice(0, PROMPT_HISTORY_LIMIT) : [];
    } catch {
      return [];
    }
  }

  /** Puts `prompt` first (moving it up if it was there already). */
  add(prompt: string): void {
    const text = prompt.trim();
    if (text === '') return;
    this.#write([text, ...this.list().filter((entry) => entry !== text)].slice(0, PROMPT_HISTORY_LIMIT));
  }

  clear(): void {
    try {
      this.#storage?.removeItem(PROMPT_HISTORY_KEY);
    } catch {
      // Storage refused: nothing was kept anyway.
    }
  }

  #write(entries: string[]): void {
    try {
      this.#storage?.setItem(PROMPT_HISTORY_KEY, JSON.stringify(entries));
    } catch {
      // Storage full or unavailable: the history is a convenience, generating goes on.
    }
  }
}
