/**
 * A list of any length that keeps only the rows in view (plus a few either side) in the page: rows have
 * one fixed height, sit at `index × height` inside a spacer as tall as the whole list, and are reused by
 * key, so an update changes a row in place and keyboard focus survives it. The row that has focus stays
 * in the page even when scrolled away, so focus is never dropped by scrolling.
 *
 * Keyboard: one row is in the Tab order (roving tabindex); ↑/↓ move between rows, PageUp/PageDown by a
 * screenful, Home/End to the ends — rows that were not in the page are drawn as focus reaches them. Each
 * row says its place (`aria-posinset` of `aria-setsize`), so assistive technology hears the true count.
 */
import { h, keepFocus } from '../dom.ts';

export interface VirtualRow<T> {
  readonly element: HTMLElement;
  /** Draws `item` at `index` (0-based); called whenever the item or its place may have changed. */
  update(item: T, index: number): void;
}

export interface VirtualListOptions<T> {
  readonly id: string;
  readonly label: string;
  /** Every row's height, CSS pixels. */
  readonly rowHeight: number;
  readonly key: (item: T) => string;
  readonly createRow: (item: T) => VirtualRow<T>;
}

/** Rows drawn beyond each edge of the view. */
const OVERSCAN = 4;

export class VirtualList<T> {
  /** The scroller. */
  readonly element: HTMLElement;
  readonly #options: VirtualListOptions<T>;
  readonly #spacer = h('div', { class: 'vlist-spacer', attrs: { role: 'none' } });
  readonly #rows = new Map<string, VirtualRow<T>>();
  #items: readonly T[] = [];
  #activeKey: string | null = null;
  #lastActive = 0;
  #frame = 0;

  constructor(options: VirtualListOptions<T>) {
    this.#options = options;
    this.element = h('div', { class: 'vlist', attrs: { id: options.id, role: 'list', 'aria-label': options.label, tabindex: '-1' } }, [this.#spacer]);
    this.element.style.setProperty('--row-height', `${options.rowHeight}px`);
    this.element.addEventListener('scroll', () => this.#schedule(), { passive: true });
    this.element.addEventListener('keydown', (event) => this.#onKey(event));
    this.element.addEventListener('focusin', (event) => {
      const key = (event.target as HTMLElement).closest<HTMLElement>('.vlist-row')?.dataset.key;
      if (key !== undefined) this.#setActive(key);
    });
    new ResizeObserver(() => this.#schedule()).observe(this.element);
  }

  /** Every item, in order; redraws the rows in view. */
  setItems(items: readonly T[]): void {
    this.#items = items;
    this.#spacer.style.setProperty('--rows', String(items.length));
    this.render();
  }

  /** How many rows are in the page now (the rest are only counted). */
  get renderedCount(): number {
    return this.#spacer.childElementCount;
  }

  /** Scrolls the row at `index` into view, draws it and gives it focus. */
  focusIndex(index: number): void {
    const item = this.#items[Math.max(0, Math.min(this.#items.length - 1, index))];
    if (item === undefined) {
      this.element.focus();
      return;
    }
    this.scrollToIndex(this.#items.indexOf(item));
    this.#setActive(this.#options.key(item));
    this.render();
    this.#rows.get(this.#options.key(item))?.element.focus({ preventScroll: true });
  }

  /** Scrolls just enough for the row at `index` to be in view (focus stays where it is). */
  scrollToIndex(index: number): void {
    const { rowHeight } = this.#options;
    const top = index * rowHeight;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + rowHeight > this.element.scrollTop + this.element.clientHeight) this.element.scrollTop = top + rowHeight - this.element.clientHeight;
    this.render();
  }

  /** The index of the item with `key`, or -1. */
  indexOf(key: string): number {
    return this.#items.findIndex((item) => this.#options.key(item) === key);
  }

  /** The index of the row that has (or last had) focus, or -1. */
  activeIndex(): number {
    return this.#activeKey === null ? -1 : this.indexOf(this.#activeKey);
  }

  /** Draws the rows in view (and the focused one), reusing rows by key, in index order. */
  render(): void {
    const { rowHeight, key } = this.#options;
    const first = Math.max(0, Math.floor(this.element.scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(this.#items.length, Math.ceil((this.element.scrollTop + this.element.clientHeight) / rowHeight) + OVERSCAN);
    // The row in the Tab order: the focused (or last focused) one; when it left the list, the row now at
    // its place, so focus lands on the next job after a removal.
    const activeAt = this.#items.findIndex((item) => key(item) === this.#activeKey);
    if (activeAt >= 0) this.#lastActive = activeAt;
    else {
      const successor = this.#items[Math.min(this.#lastActive, this.#items.length - 1)];
      this.#activeKey = successor === undefined ? null : key(successor);
    }
    const wanted: [number, T][] = [];
    this.#items.forEach((item, index) => {
      if ((index >= first && index < last) || key(item) === this.#activeKey) wanted.push([index, item]);
    });
    keepFocus(this.element, () => {
      const keep = new Set<string>();
      wanted.forEach(([index, item], position) => {
        const itemKey = key(item);
        keep.add(itemKey);
        let row = this.#rows.get(itemKey);
        if (!row) {
          row = this.#options.createRow(item);
          row.element.classList.add('vlist-row');
          row.element.setAttribute('role', 'listitem');
          row.element.dataset.key = itemKey;
          this.#rows.set(itemKey, row);
        }
        row.update(item, index);
        row.element.style.setProperty('--row-index', String(index));
        row.element.setAttribute('aria-posinset', String(index + 1));
        row.element.setAttribute('aria-setsize', String(this.#items.length));
        row.element.tabIndex = itemKey === this.#activeKey ? 0 : -1;
        if (this.#spacer.children[position] !== row.element) this.#spacer.insertBefore(row.element, this.#spacer.children[position] ?? null);
      });
      for (const [itemKey, row] of this.#rows) {
        if (keep.has(itemKey)) continue;
        row.element.remove();
        this.#rows.delete(itemKey);
      }
    }, () => (this.#activeKey === null ? this.element : (this.#rows.get(this.#activeKey)?.element ?? this.element)));
  }

  #setActive(key: string): void {
    if (this.#activeKey === key) return;
    this.#activeKey = key;
    for (const [itemKey, row] of this.#rows) row.element.tabIndex = itemKey === key ? 0 : -1;
  }

  #schedule(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.render();
    });
  }

  #onKey(event: KeyboardEvent): void {
    if (!(event.target instanceof HTMLElement) || !event.target.classList.contains('vlist-row')) return;
    const index = this.activeIndex();
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.#options.rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: this.#items.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.focusIndex(target);
  }
}
