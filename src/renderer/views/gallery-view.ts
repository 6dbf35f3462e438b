/**
 * The gallery page: every saved image, newest first, loaded a page at a time by keyset cursor as the
 * user scrolls (an IntersectionObserver watches a sentinel below the grid), narrowed by the toolbar's
 * search and filters. Works offline: it only talks to the local gallery.
 */
import type { GalleryItem, GalleryPage } from '../../shared/gallery-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { plural } from '../format.ts';
import { icon } from '../icons.ts';
import { emptySearchWording } from '../search-wording.ts';
import { GalleryFiltersView, isNarrowed, type GalleryQuery } from './gallery-filters.ts';
import { thumbnailCard } from './thumbnail-card.ts';
import type { Toasts } from './toasts.ts';
import type { ViewerSource } from './viewer-dialog.ts';

export const GALLERY_PAGE_SIZE = 60;
/** How far below the visible part the next page starts loading. */
const PREFETCH_PX = 800;

export class GalleryView {
  readonly element: HTMLElement;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #onOpen: (item: GalleryItem) => void;
  readonly #filters: GalleryFiltersView;
  readonly #grid = h('div', { class: 'gallery-grid', attrs: { id: 'gallery-grid', role: 'list', 'aria-label': 'Gallery', 'aria-busy': 'false' } });
  readonly #status = h('p', { class: 'gallery-status', attrs: { role: 'status', id: 'gallery-status' } });
  readonly #sentinel = h('div', { class: 'scroll-sentinel', attrs: { 'aria-hidden': 'true' } });
  readonly #empty = h('div', { class: 'empty-state' });
  #items: GalleryItem[] = [];
  #cursor: string | null = null;
  #loading = false;
  #inFlight: Promise<void> | null = null;
  /** Increments on every new query, so answers to an older one are dropped. */
  #generation = 0;
  #stale = true;
  #visible = false;

  constructor(state: AppState, bridge: Bridge, toasts: Toasts, onOpen: (item: GalleryItem) => void) {
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#onOpen = onOpen;
    const exportButton = h('button', { class: 'button button-small', attrs: { type: 'button', id: 'export-shown' } }, [icon('download'), 'Export shown']);
    exportButton.addEventListener('click', () => void this.#exportShown());
    this.#filters = new GalleryFiltersView(() => void this.reload(), [exportButton]);
    this.element = h('section', { class: 'gallery', attrs: { 'aria-label': 'Gallery' } }, [this.#filters.element, this.#status, this.#empty, this.#grid, this.#sentinel]);
    // The gallery element is the scroller: the observer's margin then starts loading a screen ahead.
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void this.#loadMore();
    }, { root: this.element, rootMargin: `0px 0px ${PREFETCH_PX}px 0px` }).observe(this.#sentinel);
    state.subscribe('gallery', () => this.#onChange(state));
    new ResizeObserver(() => this.element.style.setProperty('--toolbar-height', `${this.#filters.element.offsetHeight}px`)).observe(this.#filters.element);
  }

  /** The list the viewer steps through: every result of the current query, page by page. */
  viewerSource(): ViewerSource {
    return {
      items: () => this.#items,
      complete: () => this.#cursor === null && !this.#loading,
      loadMore: async () => {
        const before = this.#items.length;
        if (this.#inFlight) await this.#inFlight;
        if (this.#items.length === before && this.#cursor !== null) await this.#load(this.#generation);
        return this.#items.length > before;
      },
      focusItem: (id) => {
        const thumb = id === null ? null : this.#grid.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"] .thumb`);
        (thumb ?? this.#filters.search).focus({ preventScroll: true });
        thumb?.scrollIntoView({ block: 'nearest' });
      },
    };
  }

  /** Called when the page is shown or hidden; a stale list reloads when shown. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (visible && this.#stale) void this.reload();
  }

  focusSearch(): void {
    this.#filters.search.focus();
  }

  async reload(): Promise<void> {
    this.#generation += 1;
    this.#stale = false;
    this.#items = [];
    this.#cursor = null;
    this.#loading = false;
    replaceChildren(this.#grid, []);
    await this.#load(this.#generation);
  }

  async #loadMore(): Promise<void> {
    // Observer entries arrive late: check the sentinel is still near the end before asking for more.
    if (this.#loading || this.#cursor === null || !this.#visible || !this.#nearEnd()) return;
    await this.#load(this.#generation);
  }

  #nearEnd(): boolean {
    const end = this.#sentinel.getBoundingClientRect().top;
    return end - this.element.getBoundingClientRect().bottom < PREFETCH_PX;
  }

  /** Loads the next page (remembered, so the viewer can wait for a load the scrolling started). */
  #load(generation: number): Promise<void> {
    const run: Promise<void> = this.#fetchPage(generation).finally(() => {
      if (this.#inFlight === run) this.#inFlight = null;
    });
    this.#inFlight = run;
    return run;
  }

  async #fetchPage(generation: number): Promise<void> {
    const query = this.#filters.query();
    this.#loading = true;
    this.#grid.setAttribute('aria-busy', 'true');
    let page: GalleryPage;
    try {
      const request = { limit: GALLERY_PAGE_SIZE, cursor: this.#cursor, filters: query.filters };
      page = query.text ? await this.#bridge.invoke('gallery:search', { ...request, query: query.text }) : await this.#bridge.invoke('gallery:page', request);
    } catch (failure) {
      if (generation === this.#generation) this.#toasts.error(toCallError(failure));
      return;
    } finally {
      if (generation === this.#generation) {
        this.#loading = false;
        this.#grid.setAttribute('aria-busy', 'false');
      }
    }
    if (generation !== this.#generation) return;
    this.#items.push(...page.items);
    this.#cursor = page.nextCursor;
    this.#grid.append(...page.items.map((item) => this.#cell(item)));
    this.#renderStatus(query);
    // A tall window may show the sentinel already: keep filling until it is out of reach.
    if (this.#cursor !== null && this.#nearEnd()) void this.#loadMore();
  }

  #cell(item: GalleryItem): HTMLElement {
    return h('div', { class: 'grid-cell', attrs: { role: 'listitem' }, dataset: { id: item.id } }, [thumbnailCard(item, this.#onOpen)]);
  }

  #renderStatus(query: GalleryQuery): void {
    const count = this.#items.length;
    const more = this.#cursor !== null ? ' so far, scroll for more' : '';
    this.#status.textContent = count === 0 ? '' : query.text ? `${plural(count, 'image')} match “${query.text}”${more}` : `${plural(count, 'image')}${more}`;
    this.#empty.hidden = count > 0;
    const nothing = emptySearchWording(query.text);
    replaceChildren(this.#empty, count > 0 ? [] : isNarrowed(query)
      ? [h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }, [icon('search')]), h('h3', { text: nothing.title }), h('p', { text: nothing.detail })]
      : [h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }, [icon('gallery')]), h('h3', { text: 'Your gallery is empty' }), h('p', { text: 'Images you generate are saved here and stay available offline.' })]);
  }

  #onChange(state: AppState): void {
    const change = state.lastGalleryChange;
    if (!change) return;
    if (change.type === 'deleted') {
      this.#items = this.#items.filter((item) => item.id !== change.id);
      this.#grid.querySelector(`[data-id="${CSS.escape(change.id)}"]`)?.remove();
      this.#renderStatus(this.#filters.query());
      return;
    }
    const query = this.#filters.query();
    if (change.type === 'added' && !isNarrowed(query) && this.#visible && !this.#stale) {
      this.#items.unshift(change.item);
      this.#grid.prepend(this.#cell(change.item));
      this.#renderStatus(query);
      return;
    }
    if (change.type === 'updated') {
      const cell = this.#grid.querySelector(`[data-id="${CSS.escape(change.item.id)}"]`);
      if (cell) {
        this.#items = this.#items.map((item) => (item.id === change.item.id ? change.item : item));
        cell.replaceWith(this.#cell(change.item));
        if (!query.filters.favouritesOnly) return;
      }
    }
    this.#stale = true;
    if (this.#visible) void this.reload();
  }

  async #exportShown(): Promise<void> {
    if (this.#items.length === 0) return;
    try {
      const result = await this.#bridge.invoke('gallery:export', this.#items.map((item) => item.id));
      if (result) this.#toasts.show({ kind: 'success', title: `Exported ${plural(result.imageFiles.length, 'image')}`, detail: result.directory });
    } catch (failure) {
      this.#toasts.error(toCallError(failure));
    }
  }
}
