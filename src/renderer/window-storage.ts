/**
 * The window's own storage (localStorage of the app's page) for small preferences: recent prompts and the
 * theme. Reading it can throw (storage disabled); then nothing is kept and the app works as before.
 */

/** The part of `Storage` the renderer uses. */
export type WindowStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function windowStorage(): WindowStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
