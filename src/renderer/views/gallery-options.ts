/**
 * The gallery toolbar's own controls, beside search and filters: the order (newest or oldest first), whole
 * pictures instead of square crops, "Select all" of what matches, and "Export all" of what matches.
 */
import type { GallerySort } from '../../shared/gallery-urls.ts';
import { h } from '../dom.ts';
import { icon } from '../icons.ts';

const SORT_LABELS: Readonly<Record<GallerySort, string>> = { newest: 'Newest first', oldest: 'Oldest first' };

export interface GalleryOptionsHandlers {
  readonly sortChanged: () => void;
  readonly shapeChanged: (fullAspect: boolean) => void;
  readonly selectAll: () => void;
  readonly exportAll: () => void;
}

export class GalleryOptions {
  readonly sort = h('select', { class: 'input input-compact', attrs: { id: 'gallery-sort', 'aria-label': 'Order' } });
  readonly fullAspect = h('button', { class: 'chip', attrs: { type: 'button', id: 'gallery-full-aspect', 'aria-pressed': 'false', title: 'Show whole pictures instead of square crops' } }, [
    icon('expand'),
    'Whole pictures',
  ]);
  readonly selectAll = h('button', { class: 'button button-small button-ghost', attrs: { type: 'button', id: 'gallery-select-all' } }, [icon('check'), 'Select all']);
  readonly exportAll = h('button', { class: 'button button-small', attrs: { type: 'button', id: 'gallery-export-all' } }, [icon('download'), 'Export all']);

  constructor(handlers: GalleryOptionsHandlers) {
    for (const [value, label] of Object.entries(SORT_LABELS)) this.sort.append(h('option', { text: label, attrs: { value } }));
    this.sort.addEventListener('change', () => handlers.sortChanged());
    this.fullAspect.addEventListener('click', () => {
      const pressed = this.fullAspect.getAttribute('aria-pressed') !== 'true';
      this.fullAspect.setAttribute('aria-pressed', String(pressed));
      handlers.shapeChanged(pressed);
    });
    this.selectAll.addEventListener('click', () => handlers.selectAll());
    this.exportAll.addEventListener('click', () => handlers.exportAll());
  }

  /** The controls, in toolbar order. */
  get elements(): HTMLElement[] {
    return [this.sort, this.fullAspect, this.selectAll, this.exportAll];
  }

  get sortValue(): GallerySort {
    return this.sort.value === 'oldest' ? 'oldest' : 'newest';
  }

  /** Says what "Export all" and "Select all" apply to: the whole gallery, or what the search and filters leave. */
  describeScope(narrowed: boolean, total: number): void {
    const label = narrowed ? 'Export matching' : 'Export all';
    if (this.exportAll.textContent !== label) this.exportAll.replaceChildren(icon('download'), label);
    this.exportAll.title = `Export ${total === 1 ? 'this image' : `these ${total.toLocaleString('en-US')} images`} to a folder`;
    if (this.selectAll.disabled !== (total === 0)) this.selectAll.disabled = total === 0;
    if (this.exportAll.disabled !== (total === 0)) this.exportAll.disabled = total === 0;
  }
}
