/**
 * Which gallery images are selected: a set of ids (Ctrl/Cmd+click, Space, Shift ranges), or every image the
 * query matches ("Select all") minus the ones unticked since. The second names no ids, so selecting all of
 * 100k images costs nothing here; the main process reads the matching images itself when an action runs.
 */
import type { GallerySelection } from '../shared/gallery-schemas.ts';
import { MAX_EXPORT_IDS } from '../shared/gallery-urls.ts';
import type { GalleryQuerySpec } from './gallery-results.ts';

/** Thrown when a selection by ids would pass the limit a request may name. */
export class SelectionTooLargeError extends Error {
  constructor() {
    super(`Up to ${MAX_EXPORT_IDS.toLocaleString('en-US')} images can be picked one by one; use “Select all” for more.`);
    this.name = 'SelectionTooLargeError';
  }
}

export class GallerySelectionModel {
  /** `ids`: `#ids` are the selected ones; `all`: every match except `#ids`. */
  #mode: 'ids' | 'all' = 'ids';
  #ids = new Set<string>();
  /** Where the last single pick was (the start of a Shift range). */
  #anchor: number | null = null;

  /** True when nothing is selected (given how many images match). */
  isEmpty(total: number): boolean {
    return this.count(total) === 0;
  }

  /** How many images are selected, out of `total` matching. */
  count(total: number): number {
    return this.#mode === 'all' ? Math.max(0, total - this.#ids.size) : this.#ids.size;
  }

  /** True when every match is selected ("Select all", nothing unticked since). */
  get allMatching(): boolean {
    return this.#mode === 'all' && this.#ids.size === 0;
  }

  get anchor(): number | null {
    return this.#anchor;
  }

  has(id: string): boolean {
    return this.#mode === 'all' ? !this.#ids.has(id) : this.#ids.has(id);
  }

  /** Ticks or unticks one image; it becomes the start of the next Shift range. */
  toggle(id: string, index: number): void {
    if (this.#ids.has(id)) this.#ids.delete(id);
    else {
      if (this.#mode === 'ids' && this.#ids.size >= MAX_EXPORT_IDS) throw new SelectionTooLargeError();
      this.#ids.add(id);
    }
    this.#anchor = index;
  }

  /** Selects every id of a Shift range (the anchor stays where it was). */
  selectRange(ids: readonly string[]): void {
    if (this.#mode === 'all') {
      for (const id of ids) this.#ids.delete(id);
      return;
    }
    const added = ids.filter((id) => !this.#ids.has(id));
    if (this.#ids.size + added.length > MAX_EXPORT_IDS) throw new SelectionTooLargeError();
    for (const id of added) this.#ids.add(id);
  }

  /** Every image the query matches. */
  selectAll(): void {
    this.#mode = 'all';
    this.#ids = new Set();
    this.#anchor = null;
  }

  clear(): void {
    this.#mode = 'ids';
    this.#ids = new Set();
    this.#anchor = null;
  }

  /** Forgets ids that are gone (deleted). */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.#ids.delete(id);
  }

  /** What a bulk action sends: the ids, or the query as of `snapshot` with the unticked ones; `null` when empty. */
  toSelection(spec: GalleryQuerySpec, snapshot: string | null, total: number): GallerySelection | null {
    if (this.isEmpty(total)) return null;
    if (this.#mode === 'ids') return { kind: 'ids', ids: [...this.#ids] };
    return {
      kind: 'matching',
      ...(spec.text ? { query: spec.text } : {}),
      filters: spec.filters,
      sort: spec.sort,
      snapshot,
      ...(this.#ids.size > 0 ? { except: [...this.#ids].slice(0, MAX_EXPORT_IDS) } : {}),
    };
  }
}
