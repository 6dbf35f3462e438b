/**
 * The colour theme: the system's (default), or light or dark as the user picks on the Settings page.
 * Kept in the window's storage and applied as `data-theme` on `<html>`, which theme.css turns into the
 * page's `color-scheme` (every colour is a light-dark() pair).
 */
import type { WindowStorage } from './window-storage.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_KEY = 'imagefx.theme.v1';

export class ThemePreference {
  readonly #storage: WindowStorage | null;
  readonly #root: HTMLElement;

  constructor(storage: WindowStorage | null, root: HTMLElement) {
    this.#storage = storage;
    this.#root = root;
  }

  get(): Theme {
    let stored: string | null = null;
    try {
      stored = this.#storage?.getItem(THEME_KEY) ?? null;
    } catch {
      // Unreadable storage: the system's theme.
    }
    return (THEMES as readonly (string | null)[]).includes(stored) ? (stored as Theme) : 'system';
  }

  /** Keeps and applies `theme`. */
  set(theme: Theme): void {
    try {
      this.#storage?.setItem(THEME_KEY, theme);
    } catch {
      // Not kept, still applied for this run.
    }
    this.apply(theme);
  }

  /** Applies the kept theme (at start) or `theme`. */
  apply(theme: Theme = this.get()): void {
    if (theme === 'system') delete this.#root.dataset.theme;
    else this.#root.dataset.theme = theme;
  }
}
