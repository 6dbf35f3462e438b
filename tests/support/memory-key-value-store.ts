/**
 * An in-memory {@link KeyValueStore}: values are kept as JSON text, so a test sees exactly the
 * copy-on-read behaviour of the file-backed store.
 */
import type { KeyValueStore } from '../../src/core/key-value-store.ts';

export class MemoryKeyValueStore implements KeyValueStore {
  readonly entries = new Map<string, string>();
  readonly quarantinedOnOpen: string | null;
  /** Number of `set`/`delete` calls: lets a test prove nothing was written. */
  writes = 0;
  /** The same, per key. */
  readonly writesByKey = new Map<string, number>();

  constructor(options: { quarantinedOnOpen?: string | null } = {}) {
    this.quarantinedOnOpen = options.quarantinedOnOpen ?? null;
  }

  get(key: string): unknown {
    const text = this.entries.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  set(key: string, value: unknown): void {
    this.#count(key);
    this.entries.set(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.#count(key);
    this.entries.delete(key);
  }

  #count(key: string): void {
    this.writes += 1;
    this.writesByKey.set(key, (this.writesByKey.get(key) ?? 0) + 1);
  }
}
