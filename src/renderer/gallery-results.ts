/**
 * The gallery grid's data: every image a query matches, as a sparse list of known length. The true total
 * comes first (`gallery:count`, which also takes a snapshot); pages are then fetched by block as the grid
 * needs them, each from the nearest block already known (its last cursor plus an offset), so scrolling to
 * the middle of 100k images asks for one page, not for every page before it. Every request carries the
 * snapshot, so images saved meanwhile never shift what is shown: they are only counted (`newer`) until the
 * user asks for them. Far blocks are forgotten (their cursors are kept), so memory stays bounded.
 */
import type { GalleryCount, GalleryCountRequest, GalleryFilters, GalleryItem, GalleryPage, GalleryPageRequest } from '../shared/gallery-schemas.ts';
import type { GallerySort } from '../shared/gallery-urls.ts';

/** What the grid lists: search text (empty: everything), filters and order. */
export interface GalleryQuerySpec {
  readonly text: string;
  readonly filters: GalleryFilters;
  readonly sort: GallerySort;
}

/** The two calls the results need (the bridge's `gallery:count` and `gallery:page` / `gallery:search`). */
export interface GalleryPagesPort {
  count(request: GalleryCountRequest): Promise<GalleryCount>;
  page(request: GalleryPageRequest & { readonly query?: string }): Promise<GalleryPage>;
}

/** Images per block (one page request). */
export const RESULTS_BLOCK_SIZE = 60;
/** Blocks whose items are kept; further ones are dropped (and fetched again if needed). */
export const MAX_KEPT_BLOCKS = 40;

interface Block {
  readonly items: readonly GalleryItem[];
}

export class GalleryResults {
  readonly #port: GalleryPagesPort;
  readonly #onChange: () => void;
  #spec: GalleryQuerySpec = { text: '', filters: {}, sort: 'newest' };
  #total = 0;
  #newer = 0;
  #snapshot: string | null = null;
  #blocks = new Map<number, Block>();
  /** Blocks of the previous answer shown until the fresh ones arrive (after a refresh). */
  #stale = new Map<number, Block>();
  /** The cursor after each fetched block's last item (`null`: it was the last block). */
  readonly #cursors = new Map<number, string | null>();
  readonly #loading = new Map<number, Promise<void>>();
  /** Increments with every new query or refresh; answers to older ones are dropped. */
  #generation = 0;
  /** True between a new query and its count: no block may be fetched with the old snapshot meanwhile. */
  #counting = false;
  #loaded = false;

  /** `onChange` runs whenever the total, the newer count or any item changed. */
  constructor(port: GalleryPagesPort, onChange: () => void) {
    this.#port = port;
    this.#onChange = onChange;
  }

  get spec(): GalleryQuerySpec {
    return this.#spec;
  }

  /** Images matching, as of the snapshot. */
  get total(): number {
    return this.#total;
  }

  /** Matching images saved since the snapshot (not shown until `reset`). */
  get newer(): number {
    return this.#newer;
  }

  get snapshot(): string | null {
    return this.#snapshot;
  }

  /** True once the first count of the current query arrived. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Starts over with `spec` (or the current query): a new snapshot, its count, its first block. */
  async reset(spec: GalleryQuerySpec = this.#spec): Promise<void> {
    const generation = this.#begin();
    this.#spec = spec;
    this.#stale = new Map();
    this.#counting = true;
    const count = await this.#port.count(this.#countRequest(null));
    if (generation !== this.#generation) return;
    this.#counting = false;
    this.#apply(count);
    await this.#loadBlock(0, generation);
  }

  /**
   * Asks again within the same snapshot (after deletions, which move what follows them): the count, and
   * the blocks in `keep` (the ones on screen); until they arrive, the old items stay on screen.
   */
  async refresh(keep: readonly number[]): Promise<void> {
    const shown = new Map([...this.#stale, ...this.#blocks]);
    const generation = this.#begin();
    this.#stale = shown;
    const count = await this.#port.count(this.#countRequest(this.#snapshot));
    if (generation !== this.#generation) return;
    this.#apply(count);
    await Promise.all([0, ...keep].map((block) => this.#loadBlock(block, generation)));
    if (generation === this.#generation) this.#stale.clear();
    this.#onChange();
  }

  /** Counts the images saved since the snapshot (after the gallery reported new ones). */
  async countNewer(): Promise<void> {
    const generation = this.#generation;
    const count = await this.#port.count(this.#countRequest(this.#snapshot));
    // Without a snapshot (the gallery was empty), everything there is now is new.
    const newer = this.#snapshot === null ? count.total : count.newer;
    if (generation !== this.#generation || newer === this.#newer) return;
    this.#newer = newer;
    this.#onChange();
  }

  /** The item at `index`, when its block is loaded (or still shown from before a refresh). */
  at(index: number): GalleryItem | undefined {
    const block = Math.floor(index / RESULTS_BLOCK_SIZE);
    const offset = index % RESULTS_BLOCK_SIZE;
    return (this.#blocks.get(block) ?? this.#stale.get(block))?.items[offset];
  }

  /** The position of `id` among the loaded items, or -1. */
  indexOf(id: string): number {
    for (const [block, { items }] of this.#blocks) {
      const offset = items.findIndex((item) => item.id === id);
      if (offset >= 0) return block * RESULTS_BLOCK_SIZE + offset;
    }
    return -1;
  }

  /** Starts loading every block that covers `[from, to)` (the rows on screen and around them). */
  ensure(from: number, to: number): void {
    for (const block of blocksOf(from, Math.min(to, this.#total))) void this.#loadBlock(block, this.#generation);
  }

  /** The item at `index`, loading its block when needed; `null` past the end. */
  async load(index: number): Promise<GalleryItem | null> {
    if (index < 0 || index >= this.#total) return null;
    await this.#loadBlock(Math.floor(index / RESULTS_BLOCK_SIZE), this.#generation);
    return this.at(index) ?? null;
  }

  /** The ids at positions `[from, to)`, loading what is missing. */
  async idsBetween(from: number, to: number): Promise<string[]> {
    const end = Math.min(to, this.#total);
    await Promise.all(blocksOf(from, end).map((block) => this.#loadBlock(block, this.#generation)));
    const ids: string[] = [];
    for (let index = Math.max(0, from); index < end; index += 1) {
      const item = this.at(index);
      if (item) ids.push(item.id);
    }
    return ids;
  }

  /** Changes loaded items in place (a favourite toggled); true when any was loaded. */
  update(change: (item: GalleryItem) => GalleryItem | null): boolean {
    let changed = false;
    for (const map of [this.#blocks, this.#stale]) {
      for (const [block, entry] of map) {
        const items = entry.items.map((item) => {
          const next = change(item);
          if (next === null || next === item) return item;
          changed = true;
          return next;
        });
        map.set(block, { items });
      }
    }
    if (changed) this.#onChange();
    return changed;
  }

  #begin(): number {
    this.#generation += 1;
    this.#blocks = new Map();
    this.#cursors.clear();
    this.#loading.clear();
    return this.#generation;
  }

  #apply(count: GalleryCount): void {
    this.#total = count.total;
    this.#newer = count.newer;
    this.#snapshot = count.snapshot;
    this.#loaded = true;
    this.#onChange();
  }

  #countRequest(snapshot: string | null): GalleryCountRequest {
    const { text, filters } = this.#spec;
    return { ...(text ? { query: text } : {}), filters, ...(snapshot ? { snapshot } : {}) };
  }

  #loadBlock(block: number, generation: number): Promise<void> {
    if (generation !== this.#generation || this.#counting || block * RESULTS_BLOCK_SIZE >= this.#total || this.#blocks.has(block)) return Promise.resolve();
    const pending = this.#loading.get(block);
    if (pending) return pending;
    const run = this.#fetchBlock(block, generation).finally(() => {
      if (this.#loading.get(block) === run) this.#loading.delete(block);
    });
    this.#loading.set(block, run);
    return run;
  }

  async #fetchBlock(block: number, generation: number): Promise<void> {
    // From the nearest earlier block whose end is known: its cursor, then skip the blocks in between.
    let from = -1;
    for (const [known, cursor] of this.#cursors) if (known < block && known > from && cursor !== null) from = known;
    const cursor = from >= 0 ? this.#cursors.get(from)! : null;
    const offset = (block - from - 1) * RESULTS_BLOCK_SIZE;
    const { text, filters, sort } = this.#spec;
    const page = await this.#port.page({
      limit: RESULTS_BLOCK_SIZE,
      filters,
      sort,
      ...(cursor ? { cursor } : {}),
      ...(offset > 0 ? { offset } : {}),
      ...(this.#snapshot ? { snapshot: this.#snapshot } : {}),
      ...(text ? { query: text } : {}),
    });
    if (generation !== this.#generation) return;
    this.#blocks.set(block, { items: page.items });
    this.#cursors.set(block, page.nextCursor);
    this.#stale.delete(block);
    this.#forgetFarBlocks(block);
    this.#onChange();
  }

  /** Keeps the items of the blocks nearest `around`, at most {@link MAX_KEPT_BLOCKS}. */
  #forgetFarBlocks(around: number): void {
    if (this.#blocks.size <= MAX_KEPT_BLOCKS) return;
    const far = [...this.#blocks.keys()].sort((a, b) => Math.abs(b - around) - Math.abs(a - around));
    for (const block of far.slice(0, this.#blocks.size - MAX_KEPT_BLOCKS)) this.#blocks.delete(block);
  }
}

/** The blocks that hold positions `[from, to)`. */
function blocksOf(from: number, to: number): number[] {
  const blocks: number[] = [];
  for (let block = Math.floor(Math.max(0, from) / RESULTS_BLOCK_SIZE); block * RESULTS_BLOCK_SIZE < to; block += 1) blocks.push(block);
  return blocks;
}
