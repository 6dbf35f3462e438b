/**
 * The gallery page: every saved image a query matches (search, filters, order), in a virtualized grid
 * that holds 100k images with a bounded page, the true total shown at once. The grid shows a snapshot:
 * images saved while the user browses are announced in a "N new" pill instead of being pushed in under
 * the reader, and appear when the pill is clicked. Images can be selected (Ctrl/Cmd+click or Space,
 * Shift for a range, "Select all" for everything matching, Escape to clear) and favourited, exported or
 * deleted together; each tile also has its own actions. Works offline: it only talks to the local gallery.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { debounce } from '../debounce.ts';
import { h } from '../dom.ts';
import { GalleryResults, RESULTS_BLOCK_SIZE } from '../gallery-results.ts';
import { GallerySelectionModel } from '../gallery-selection.ts';
import { GalleryCommands } from './gallery-commands.ts';
import { GalleryDock } from './gallery-dock.ts';
import { GalleryFiltersView, isNarrowed } from './gallery-filters.ts';
import { GalleryOptions } from './gallery-options.ts';
import { GallerySelecting } from './gallery-selecting.ts';
import { GalleryStatus } from './gallery-status.ts';
import { GalleryTile } from './gallery-tile.ts';
import { TileActions, type TileAction } from './tile-actions.ts';
import type { Toasts } from './toasts.ts';
import type { ViewerSource } from './viewer-dialog.ts';
import { VirtualGrid } from './virtual-grid.ts';

/** Images per page request (the grid's block). */
export const GALLERY_PAGE_SIZE = RESULTS_BLOCK_SIZE;
/** Tiles are at least this wide; the gap between them (gallery.css draws to these). */
const MIN_TILE_PX = 180;
const TILE_GAP_PX = 14;
/** New images arrive in bursts (a batch saving): they are counted once the burst settles. */
const NEW_COUNT_DELAY_MS = 250;
/** Deletions elsewhere (the viewer, a bulk delete) are followed by one refresh. */
const REFRESH_DELAY_MS = 100;

export interface GalleryViewOptions {
  readonly state: AppState;
  readonly bridge: Bridge;
  readonly toasts: Toasts;
  /** Opens the viewer on `item`. */
  readonly open: (item: GalleryItem) => void;
  /** Fills the Create page's form with `item`'s settings. */
  readonly reuse: (item: GalleryItem) => void;
}

export class GalleryView {
  readonly element: HTMLElement;
  readonly #options: GalleryViewOptions;
  readonly #commands: GalleryCommands;
  readonly #results: GalleryResults;
  readonly #selection = new GallerySelectionModel();
  readonly #selecting: GallerySelecting;
  readonly #filters: GalleryFiltersView;
  readonly #controls: GalleryOptions;
  readonly #grid: VirtualGrid<GalleryItem>;
  readonly #actions: TileActions;
  readonly #dock: GalleryDock;
  readonly #header: HTMLElement;
  readonly #status = new GalleryStatus();
  readonly #countNewer = debounce(() => void this.#results.countNewer(), NEW_COUNT_DELAY_MS);
  readonly #refreshSoon = debounce(() => void this.#refresh(), REFRESH_DELAY_MS);
  /** The image on the tile in the Tab order, followed when a refresh moves it. */
  #activeId: string | null = null;
  #visible = false;
  /** Where the user had scrolled to (a hidden page forgets it: it is put back when shown). */
  #scrollTop = 0;
  /** The index's background work was running at its last report. */
  #indexing = false;

  constructor(options: GalleryViewOptions) {
    this.#options = options;
    const { state, bridge } = options;
    this.#commands = new GalleryCommands(bridge, options.toasts);
    this.#results = new GalleryResults(
      {
        count: (request) => bridge.invoke('gallery:count', request),
        page: ({ query, ...request }) => (query ? bridge.invoke('gallery:search', { ...request, query }) : bridge.invoke('gallery:page', request)),
      },
      () => this.#render(),
    );
    this.element = h('section', { class: 'gallery', attrs: { 'aria-label': 'Gallery' } });
    this.#controls = new GalleryOptions({
      sortChanged: () => void this.reload(),
      shapeChanged: (full) => this.#grid.element.classList.toggle('full-aspect', full),
      selectAll: () => this.#selecting.selectAll(),
      exportAll: () => void this.#exportMatching(),
    });
    this.#filters = new GalleryFiltersView(() => void this.reload(), this.#controls.elements);
    this.#header = h('div', { class: 'gallery-header' }, [this.#filters.element]);
    this.#actions = new TileActions((action, item, index) => void this.#tileAction(action, item, index), (id) => this.#selection.has(id));
    this.#grid = new VirtualGrid<GalleryItem>({
      id: 'gallery-grid',
      label: 'Gallery',
      scroller: this.element,
      minTileWidth: MIN_TILE_PX,
      gap: TILE_GAP_PX,
      count: () => this.#results.total,
      itemAt: (index) => this.#results.at(index),
      createTile: () => new GalleryTile({ activate: (item, index, event) => this.#activate(item, index, event), isSelected: (id) => this.#selection.has(id) }),
      onRange: (from, to) => this.#results.ensure(from, to),
      insets: () => ({ top: this.#headerCovers(), bottom: this.#dock.element.hidden ? 0 : this.#dock.element.offsetHeight }),
      onKey: (event, index) => this.#selecting.onKey(event, index),
    });
    this.#dock = new GalleryDock((action) => void this.#selecting.run(action));
    this.#selecting = new GallerySelecting({
      selection: this.#selection,
      results: this.#results,
      grid: this.#grid,
      dock: this.#dock,
      commands: this.#commands,
      toasts: options.toasts,
      redraw: () => this.#render(),
      afterDelete: () => this.#refresh(),
    });
    this.#dock.cancelExport.addEventListener('click', () => {
      void this.#commands.cancelExport().then(() => this.#controls.exportAll.focus());
    });
    this.#status.pill.addEventListener('click', () => void this.#showNewImages());
    this.element.addEventListener('scroll', () => {
      if (this.#visible) this.#scrollTop = this.element.scrollTop;
    }, { passive: true });
    this.element.append(
      this.#header,
      this.#status.line,
      this.#status.pillDock,
      this.#status.empty,
      this.#grid.element,
      this.#dock.element,
    );
    this.#grid.element.addEventListener('focusin', (event) => {
      const tile = this.#tileOf(event.target);
      if (tile) {
        this.#activeId = tile.item?.id ?? null;
        this.#actions.attach(tile);
      }
    });
    this.#grid.element.addEventListener('pointerover', (event) => {
      const tile = this.#tileOf(event.target);
      if (tile && tile !== this.#actions.tile) this.#actions.attach(tile);
    });
    // Escape clears the selection wherever focus is on the page (a dialog handles its own Escape first).
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented || !this.#visible || document.querySelector('dialog[open]')) return;
      if (this.#selecting.clear()) event.preventDefault();
    });
    state.subscribe('gallery', () => this.#onChange(state));
    state.subscribe('gallery-index', () => this.#onIndexProgress(state));
    state.subscribe('gallery-export', () => this.#dock.showExport(state.exportProgress));
    new ResizeObserver(() => this.element.style.setProperty('--toolbar-height', `${this.#header.offsetHeight}px`)).observe(this.#header);
    // Notices in the corner rise above the dock while it shows (its height is 0 when hidden or off-page).
    new ResizeObserver(() => document.documentElement.style.setProperty('--bottom-bar-height', `${this.#dock.element.offsetHeight}px`)).observe(this.#dock.element);
    this.#render();
  }

  /** The list the viewer steps through: every result of the current query, loaded as it steps. */
  viewerSource(): ViewerSource {
    return {
      total: () => this.#results.total,
      indexOf: (id) => this.#results.indexOf(id),
      itemAt: (index) => this.#results.load(index),
      focusItem: (id) => {
        const index = id === null ? -1 : this.#results.indexOf(id);
        if (index >= 0) {
          this.#activeId = id;
          this.#grid.focusIndex(index);
        } else if (this.#results.total > 0) this.#grid.focusIndex(this.#grid.activeIndex);
        else this.#filters.search.focus();
      },
    };
  }

  /** Called when the page is shown or hidden; the first showing loads, a later one shows new images if the user is at the top. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (!visible) return;
    if (this.element.scrollTop !== this.#scrollTop) this.element.scrollTop = this.#scrollTop;
    const atTop = this.#scrollTop === 0 && this.#selection.isEmpty(this.#results.total);
    if (!this.#results.loaded || (this.#results.newer > 0 && atTop)) void this.reload();
    else this.#countNewer();
  }

  focusSearch(): void {
    this.#filters.search.focus();
  }

  /** Starts over with the toolbar's query: a new snapshot, from the top, nothing selected. */
  async reload(): Promise<void> {
    const query = this.#filters.query();
    this.#selection.clear();
    this.#activeId = null;
    this.element.scrollTop = 0;
    this.#scrollTop = 0;
    this.#grid.setActive(0);
    await this.#results.reset({ text: query.text, filters: query.filters, sort: this.#controls.sortValue });
  }

  /** Asks again within the same snapshot (after deletions), keeping the scroll position. */
  async #refresh(): Promise<void> {
    const first = Math.floor(this.#grid.firstVisibleIndex() / RESULTS_BLOCK_SIZE);
    await this.#results.refresh([first, first + 1]);
  }

  async #showNewImages(): Promise<void> {
    await this.reload();
    const last = this.#controls.sortValue === 'oldest' ? this.#results.total - 1 : 0;
    if (last > 0) await this.#results.load(last);
    this.#grid.focusIndex(last);
  }

  #render(): void {
    const results = this.#results;
    // What the results are for (the search box may already hold the next words).
    const { spec, total } = results;
    this.#grid.render();
    this.#followActive();
    this.#actions.sync();
    const narrowed = isNarrowed(spec);
    this.#status.show({ loaded: results.loaded, total, newer: results.newer, text: spec.text, narrowed, sort: spec.sort });
    this.#controls.describeScope(narrowed, total);
    this.#dock.showSelection(this.#selection.count(total), this.#selection.allMatching);
  }

  /** Keeps the Tab stop (and focus, when the grid has it) on the same image when a refresh moved it. */
  #followActive(): void {
    if (this.#activeId === null) return;
    const index = this.#results.indexOf(this.#activeId);
    if (index < 0 || index === this.#grid.activeIndex) return;
    if (this.#grid.element.contains(document.activeElement)) this.#grid.focusIndex(index);
    else this.#grid.setActive(index);
  }

  /** How much of the view the header covers: all of it while it sticks (not in a short window, where it scrolls away). */
  #headerCovers(): number {
    return getComputedStyle(this.#header).position === 'sticky' ? this.#header.offsetHeight : 0;
  }

  #tileOf(target: EventTarget | null): GalleryTile | null {
    const cell = target instanceof Element ? target.closest<HTMLElement>('.grid-cell') : null;
    if (!cell?.dataset.index) return null;
    const tile = this.#grid.tileAt(Number(cell.dataset.index));
    return tile instanceof GalleryTile ? tile : null;
  }

  #activate(item: GalleryItem, index: number, event: MouseEvent): void {
    if (event.shiftKey) void this.#selecting.extendTo(index);
    else if (event.ctrlKey || event.metaKey) this.#selecting.toggle(item, index);
    else this.#options.open(item);
  }

  async #tileAction(action: TileAction, item: GalleryItem, index: number): Promise<void> {
    if (action === 'select') this.#selecting.toggle(item, index);
    else if (action === 'reuse') this.#options.reuse(item);
    else if (action === 'export') await this.#commands.export({ kind: 'ids', ids: [item.id] });
    else if (action === 'favourite') {
      const updated = await this.#commands.toggleFavourite(item);
      if (updated) this.#results.update((shown) => (shown.id === updated.id ? updated : null));
    } else if (await this.#commands.delete(item)) {
      // Focus goes to the image that takes its place (the next one, or the previous at the end).
      this.#activeId = (this.#results.at(index + 1) ?? this.#results.at(index - 1))?.id ?? null;
      this.#selection.forget([item.id]);
      await this.#refresh();
      this.#grid.focusIndex(Math.min(index, this.#results.total - 1));
    }
  }

  async #exportMatching(): Promise<void> {
    const query = this.#filters.query();
    const spec = { text: query.text, filters: query.filters, sort: this.#controls.sortValue };
    await this.#commands.export({ kind: 'matching', ...(spec.text ? { query: spec.text } : {}), filters: spec.filters, sort: spec.sort, snapshot: this.#results.snapshot });
  }

  #onChange(state: AppState): void {
    const change = state.lastGalleryChange;
    if (!change) return;
    if (change.type === 'added') {
      if (this.#results.loaded && this.#results.total === 0 && this.#visible) void this.reload();
      else if (this.#results.loaded) this.#countNewer();
    } else if (change.type === 'updated') {
      this.#results.update((item) => (item.id === change.item.id ? change.item : null));
    } else if (change.type === 'favourite-many') {
      const ids = new Set(change.ids);
      this.#results.update((item) => (ids.has(item.id) && item.favourite !== change.favourite ? { ...item, favourite: change.favourite } : null));
    } else {
      this.#selection.forget(change.type === 'deleted' ? [change.id] : change.ids);
      if (this.#results.loaded) this.#refreshSoon();
    }
  }

  #onIndexProgress(state: AppState): void {
    const wasIndexing = this.#indexing;
    this.#indexing = state.indexProgress.phase !== 'idle';
    this.#dock.showIndexing(state.indexProgress);
    // A rebuild or repair changed what the index holds: count and draw it again where the user is.
    if (wasIndexing && !this.#indexing && this.#results.loaded) void this.#refresh();
  }
}
