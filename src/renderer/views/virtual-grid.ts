/**
 * A grid of square tiles of any length that keeps only the rows in view (plus a few either side) in the
 * page, as `VirtualList` does for the Queue: as many columns as fit, rows of one height placed at
 * `row × height` inside an element as tall as all rows, and row elements recycled as they scroll out of
 * view, so 100k images cost the same DOM as 100. The grid scrolls with its scroller (the page around it,
 * whose sticky bars are given as insets). The row that holds the active tile stays in the page even when
 * scrolled away, so keyboard focus is never dropped by scrolling.
 *
 * Keyboard (the ARIA grid pattern): one tile is in the Tab order (roving tabindex); ←/→ move by one, ↑/↓
 * by a row, PageUp/PageDown by a screenful, Home/End to the ends — tiles that were not in the page are
 * drawn as focus reaches them. The grid says its true size (`aria-rowcount`), each row its place.
 */
import { h, keepFocus } from '../dom.ts';

export interface GridTile<T> {
  /** The cell (role gridcell). */
  readonly element: HTMLElement;
  /** What takes focus in the cell. */
  readonly focusTarget: HTMLElement;
  /** Draws `item` at `index`, or an empty placeholder while it loads (`undefined`); called on every render. */
  update(item: T | undefined, index: number): void;
}

export interface VirtualGridOptions<T> {
  readonly id: string;
  readonly label: string;
  /** The element that scrolls the grid. */
  readonly scroller: HTMLElement;
  /** Tiles are at least this wide, CSS pixels; the space between them is `gap`. */
  readonly minTileWidth: number;
  readonly gap: number;
  readonly count: () => number;
  readonly itemAt: (index: number) => T | undefined;
  readonly createTile: () => GridTile<T>;
  /** Told which positions are drawn, widened by a screenful either side (what to load next). */
  readonly onRange: (from: number, to: number) => void;
  /** How much of the scroller's top and bottom sticky bars cover. */
  readonly insets: () => { readonly top: number; readonly bottom: number };
  /** Keys the grid's owner handles (Space, Ctrl+A…); true when it did. */
  readonly onKey?: (event: KeyboardEvent, index: number) => boolean;
}

/** Rows drawn beyond each edge of the view. */
const OVERSCAN_ROWS = 2;

interface Row<T> {
  readonly element: HTMLElement;
  readonly tiles: GridTile<T>[];
  index: number;
}

export class VirtualGrid<T> {
  readonly element: HTMLElement;
  readonly #options: VirtualGridOptions<T>;
  readonly #rows = new Map<number, Row<T>>();
  readonly #pool: Row<T>[] = [];
  #columns = 1;
  #rowHeight = 0;
  #active = 0;
  #frame = 0;

  constructor(options: VirtualGridOptions<T>) {
    this.#options = options;
    this.element = h('div', { class: 'gallery-grid', attrs: { id: options.id, role: 'grid', 'aria-label': options.label, 'aria-multiselectable': 'true' } });
    options.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.element.addEventListener('keydown', (event) => this.#onKey(event));
    this.element.addEventListener('focusin', (event) => {
      const index = indexOfCell(event.target);
      if (index !== null) this.#setActive(index);
    });
    // A new width may change the column count, which regroups every row: the focused tile keeps focus.
    new ResizeObserver(() => keepFocus(this.element, () => {
      this.#measure();
      this.render();
    }, () => this.tileAt(this.#active)?.focusTarget ?? null)).observe(this.element);
    new ResizeObserver(() => this.schedule()).observe(options.scroller);
  }

  get columns(): number {
    return this.#columns;
  }

  /** The tile in the Tab order (focused, or last focused). */
  get activeIndex(): number {
    return this.#active;
  }

  /** The first tile whose row is (at least partly) in view below the top bars. */
  firstVisibleIndex(): number {
    if (this.#rowHeight === 0) return 0;
    const top = this.#viewTop();
    return Math.max(0, Math.floor(top / this.#rowHeight)) * this.#columns;
  }

  /** The tile showing `index`, when it is in the page. */
  tileAt(index: number): GridTile<T> | undefined {
    return this.#rows.get(Math.floor(index / this.#columns))?.tiles[index % this.#columns];
  }

  /** Makes `index` the tile in the Tab order (focus does not move). */
  setActive(index: number): void {
    this.#setActive(Math.max(0, Math.min(this.#options.count() - 1, index)));
    this.render();
  }

  /** Scrolls `index` into view between the bars, draws it and gives it focus. */
  focusIndex(index: number): void {
    const count = this.#options.count();
    if (count === 0) {
      this.element.focus();
      return;
    }
    const target = Math.max(0, Math.min(count - 1, index));
    this.#setActive(target);
    this.scrollToIndex(target);
    this.tileAt(target)?.focusTarget.focus({ preventScroll: true });
  }

  /** Scrolls just enough for the row of `index` to be in view between the bars. */
  scrollToIndex(index: number): void {
    if (this.#rowHeight === 0) this.#measure();
    const { scroller } = this.#options;
    const { top, bottom } = this.#options.insets();
    const row = Math.floor(index / this.#columns);
    const rowTop = this.#gridTop() + row * this.#rowHeight;
    const rowBottom = rowTop + this.#rowHeight - this.#options.gap;
    // The first row: all the way up, so what is above the grid (its count) is in view too.
    if (row === 0) scroller.scrollTop = 0;
    else if (rowTop < scroller.scrollTop + top) scroller.scrollTop = rowTop - top;
    else if (rowBottom > scroller.scrollTop + scroller.clientHeight - bottom) scroller.scrollTop = rowBottom - scroller.clientHeight + bottom;
    this.render();
  }

  /** Draws on the next frame (scrolling, data arriving). */
  schedule(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.render();
    });
  }

  /** Draws the rows in view (and the active tile's), reusing row elements, in index order. */
  render(): void {
    if (this.#rowHeight === 0) this.#measure();
    const count = this.#options.count();
    const columns = this.#columns;
    const rowCount = Math.ceil(count / columns);
    this.#active = Math.max(0, Math.min(count - 1, this.#active));
    // Written only when changed: every write would make the browser look at the grid again.
    setStyle(this.element, 'height', `${Math.max(0, rowCount * this.#rowHeight - this.#options.gap)}px`);
    setAttr(this.element, 'aria-rowcount', String(rowCount));
    setAttr(this.element, 'aria-colcount', String(columns));
    const viewTop = this.#viewTop();
    const viewHeight = this.#options.scroller.clientHeight;
    const first = Math.max(0, Math.floor(viewTop / this.#rowHeight) - OVERSCAN_ROWS);
    const last = Math.min(rowCount, Math.ceil((viewTop + viewHeight) / this.#rowHeight) + OVERSCAN_ROWS);
    const wanted = new Set<number>();
    for (let row = first; row < last; row += 1) wanted.add(row);
    if (count > 0) wanted.add(Math.floor(this.#active / columns));
    keepFocus(this.element, () => {
      for (const [index, row] of this.#rows) {
        if (wanted.has(index)) continue;
        this.#rows.delete(index);
        row.element.remove();
        this.#pool.push(row);
      }
      const ordered = [...wanted].sort((a, b) => a - b);
      ordered.forEach((index, position) => {
        const row = this.#rows.get(index) ?? this.#takeRow(index);
        this.#drawRow(row, count);
        if (this.element.children[position] !== row.element) this.element.insertBefore(row.element, this.element.children[position] ?? null);
      });
    }, () => this.tileAt(this.#active)?.focusTarget ?? null);
    const screen = Math.ceil(viewHeight / this.#rowHeight) * columns;
    this.#options.onRange(Math.max(0, first * columns - screen), Math.min(count, last * columns + screen));
  }

  #takeRow(index: number): Row<T> {
    const row = this.#pool.pop() ?? { element: h('div', { class: 'grid-row', attrs: { role: 'row' } }), tiles: [], index };
    row.index = index;
    while (row.tiles.length < this.#columns) {
      const tile = this.#options.createTile();
      row.tiles.push(tile);
      row.element.append(tile.element);
    }
    while (row.tiles.length > this.#columns) row.tiles.pop()!.element.remove();
    this.#rows.set(index, row);
    return row;
  }

  #drawRow(row: Row<T>, count: number): void {
    setStyle(row.element, 'transform', `translateY(${row.index * this.#rowHeight}px)`);
    setAttr(row.element, 'aria-rowindex', String(row.index + 1));
    row.tiles.forEach((tile, column) => {
      const index = row.index * this.#columns + column;
      const present = index < count;
      if (tile.element.hidden === present) tile.element.hidden = !present;
      setAttr(tile.element, 'data-index', present ? String(index) : '');
      tile.update(present ? this.#options.itemAt(index) : undefined, present ? index : -1);
      const tabIndex = present && index === this.#active ? 0 : -1;
      if (tile.focusTarget.tabIndex !== tabIndex) tile.focusTarget.tabIndex = tabIndex;
    });
  }

  #measure(): void {
    const { minTileWidth, gap } = this.#options;
    const width = this.element.clientWidth;
    // Hidden (another page is shown): keep the layout it had, to come back to.
    if (width === 0 && this.#rowHeight > 0) return;
    const columns = Math.max(1, Math.floor((width + gap) / (minTileWidth + gap)));
    const tile = width > 0 ? (width - gap * (columns - 1)) / columns : minTileWidth;
    const changed = columns !== this.#columns;
    this.#columns = columns;
    this.#rowHeight = tile + gap;
    this.element.style.setProperty('--columns', String(columns));
    this.element.style.setProperty('--tile-size', `${tile}px`);
    // A new column count regroups every row.
    if (changed) {
      for (const row of [...this.#rows.values(), ...this.#pool.splice(0)]) row.element.remove();
      this.#rows.clear();
    }
  }

  /** Where the view's top edge (below the top bars) is, in the grid's own coordinates. */
  #viewTop(): number {
    return this.#options.scroller.scrollTop + this.#options.insets().top - this.#gridTop();
  }

  /** The grid's top in the scroller's content. */
  #gridTop(): number {
    const { scroller } = this.#options;
    return this.element.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
  }

  #setActive(index: number): void {
    if (index === this.#active) return;
    const previous = this.tileAt(this.#active);
    if (previous) previous.focusTarget.tabIndex = -1;
    this.#active = index;
    const next = this.tileAt(index);
    if (next) next.focusTarget.tabIndex = 0;
  }

  #onKey(event: KeyboardEvent): void {
    const index = indexOfCell(event.target);
    if (index === null || !(event.target as HTMLElement).matches('.thumb')) return;
    if (this.#options.onKey?.(event, index)) return;
    const columns = this.#columns;
    const page = Math.max(1, Math.floor((this.#options.scroller.clientHeight - this.#options.insets().top) / this.#rowHeight) - 1) * columns;
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      ArrowDown: index + columns,
      ArrowUp: index - columns,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: this.#options.count() - 1,
    };
    const target = moves[event.key];
    if (target === undefined || event.altKey) return;
    event.preventDefault();
    // Past either end: the first or last tile.
    this.focusIndex(Math.max(0, Math.min(this.#options.count() - 1, target)));
  }
}

function setAttr(element: HTMLElement, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

function setStyle(element: HTMLElement, property: 'height' | 'transform', value: string): void {
  if (element.style[property] !== value) element.style[property] = value;
}

/** The position of the cell an event target is in, or `null`. */
function indexOfCell(target: EventTarget | null): number | null {
  const cell = target instanceof Element ? target.closest<HTMLElement>('.grid-cell') : null;
  const index = cell?.dataset.index;
  return index === undefined || index === '' ? null : Number(index);
}
