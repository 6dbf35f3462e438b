/**
 * One cell of the gallery grid: the thumbnail (a button that opens the viewer, or selects with Ctrl/Cmd or
 * Shift), the prompt on hover or focus, a heart for a favourite, a tick when selected. Tiles are recycled
 * as rows scroll: `update` redraws only what changed, and keeps the same elements so focus stays put.
 * Until its image is loaded a tile is an empty placeholder that says which image it stands for.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import { h } from '../dom.ts';
import { pictureUrls } from '../gallery-urls.ts';
import { icon } from '../icons.ts';
import type { GridTile } from './virtual-grid.ts';

export interface GalleryTileHandlers {
  /** A click (or Enter) on the thumbnail of `item` at `index`. */
  readonly activate: (item: GalleryItem, index: number, event: MouseEvent) => void;
  readonly isSelected: (id: string) => boolean;
}

export class GalleryTile implements GridTile<GalleryItem> {
  readonly element: HTMLElement;
  readonly focusTarget: HTMLButtonElement;
  readonly #handlers: GalleryTileHandlers;
  readonly #image = h('img', { class: 'thumb-image', attrs: { decoding: 'async', draggable: 'false' } });
  readonly #caption = h('span', { class: 'thumb-caption', attrs: { 'aria-hidden': 'true', dir: 'auto' } });
  readonly #heart = h('span', { class: 'thumb-favourite', attrs: { 'aria-hidden': 'true' } }, [icon('favourite')]);
  readonly #tick = h('span', { class: 'thumb-tick', attrs: { 'aria-hidden': 'true' } }, [icon('check')]);
  #item: GalleryItem | undefined;
  #index = -1;
  #selected = false;

  constructor(handlers: GalleryTileHandlers) {
    this.#handlers = handlers;
    this.focusTarget = h('button', { class: 'thumb', attrs: { type: 'button', tabindex: '-1' } }, [this.#caption, this.#heart, this.#tick]);
    this.element = h('div', { class: 'grid-cell', attrs: { role: 'gridcell', 'aria-selected': 'false' } }, [this.focusTarget]);
    this.#image.addEventListener('error', () => this.focusTarget.classList.add('thumb-missing'));
    this.#image.addEventListener('load', () => this.focusTarget.classList.remove('thumb-missing'));
    this.focusTarget.addEventListener('click', (event) => {
      if (this.#item) handlers.activate(this.#item, this.#index, event);
    });
  }

  /** The image shown, if loaded. */
  get item(): GalleryItem | undefined {
    return this.#item;
  }

  get index(): number {
    return this.#index;
  }

  update(item: GalleryItem | undefined, index: number): void {
    const selected = item !== undefined && this.#handlers.isSelected(item.id);
    if (item === this.#item && index === this.#index && selected === this.#selected) return;
    const previous = this.#item;
    this.#item = item;
    this.#index = index;
    this.#selected = selected;
    this.element.setAttribute('aria-selected', String(selected));
    this.element.classList.toggle('is-selected', selected);
    if (!item) {
      delete this.element.dataset.id;
      this.#image.remove();
      this.#image.removeAttribute('src');
      this.focusTarget.classList.add('thumb-loading');
      this.focusTarget.setAttribute('aria-label', index >= 0 ? `Image ${index + 1}, loading` : 'Loading');
      this.#caption.textContent = '';
      this.#heart.hidden = true;
      return;
    }
    this.element.dataset.id = item.id;
    this.focusTarget.classList.remove('thumb-loading');
    this.focusTarget.setAttribute('aria-label', `Open image: ${item.prompt}`);
    this.focusTarget.style.setProperty('--ratio', `${Math.max(1, item.width)} / ${Math.max(1, item.height)}`);
    this.#heart.hidden = !item.favourite;
    if (previous?.id === item.id && this.#image.isConnected) return;
    this.focusTarget.classList.remove('thumb-missing');
    this.#image.alt = item.prompt;
    this.#image.src = pictureUrls.thumbnail(item.id);
    this.#caption.textContent = item.prompt;
    if (!this.#image.isConnected) this.focusTarget.prepend(this.#image);
  }
}
