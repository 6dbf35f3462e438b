/**
 * A small synchronous key → JSON value store: the port the vault and the plain settings are written
 * through. The app's implementation is electron-store (one JSON file, atomic writes, mode 0600); tests may
 * also use an in-memory one (tests/support/memory-key-value-store.ts).
 */

export interface KeyValueStore {
  /** The value under `key`, or `undefined`: a copy of what is stored (as a fresh parse would be), so changing it changes nothing stored. */
  get(key: string): unknown;
  /** Stores a JSON-serialisable value. One call is one atomic write: after a crash it is all there or not at all. */
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /**
   * When the store's file could not be parsed as it was opened, where the unparseable file was moved (the
   * store then started empty); otherwise `null`. The owner of the store reports this.
   */
  readonly quarantinedOnOpen: string | null;
}

/**
 * The entries under `key` that are a record of values by id (e.g. one per account), keeping only those
 * `isEntry` accepts: anything else stored there (an older format, a hand edit) reads as absent.
 */
export function readEntries<T>(store: KeyValueStore, key: string, isEntry: (value: unknown) => value is T): Record<string, T> {
  const stored = store.get(key);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, T] => isEntry(entry[1])));
}
