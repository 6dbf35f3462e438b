/**
 * The actions on a gallery tile — select, favourite, export, reuse settings, delete — as one small toolbar
 * that joins whichever tile the pointer is over or the keyboard is on (so 100k tiles do not carry 500k
 * buttons). It stays where it is while one of its own buttons has focus.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import { h } from '../dom.ts';
import { icon, type IconName } from '../icons.ts';
import type { GalleryTile } from './gallery-tile.ts';

export type TileAction = 'select' | 'favourite' | 'export' | 'reuse' | 'delete';

export class TileActions {
  readonly element: HTMLElement;
  readonly #buttons: Record<TileAction, HTMLButtonElement>;
  readonly #isSelected: (id: string) => boolean;
  #tile: GalleryTile | null = null;

  constructor(run: (action: TileAction, item: GalleryItem, index: number) => void, isSelected: (id: string) => boolean) {
    this.#isSelected = isSelected;
    const button = (action: TileAction, name: IconName): HTMLButtonElement => {
      const element = h('button', { class: ['tile-action', `tile-${action}`], attrs: { type: 'button', 'data-action': action } }, [icon(name)]);
      element.addEventListener('click', (event) => {
        event.stopPropagation();
        const tile = this.#tile;
        if (tile?.item) run(action, tile.item, tile.index);
      });
      return element;
    };
    this.#buttons = {
      select: button('select', 'check'),
      favourite: button('favourite', 'favouriteOutline'),
      export: button('export', 'download'),
      reuse: button('reuse', 'reuse'),
      delete: button('delete', 'delete'),
    };
    this.element = h('div', { class: 'tile-actions', attrs: { role: 'group', 'aria-label': 'Image actions' } }, Object.values(this.#buttons));
  }

  /** The tile the toolbar is on, or `null`. */
  get tile(): GalleryTile | null {
    return this.#tile;
  }

  /** Moves the toolbar onto `tile` (unless focus is on one of its buttons), or takes it away (`null`). */
  attach(tile: GalleryTile | null): void {
    if (this.element.contains(document.activeElement) && tile !== this.#tile) return;
    this.#tile = tile?.item ? tile : null;
    if (!this.#tile) {
      this.element.remove();
      return;
    }
    if (this.element.parentElement !== this.#tile.element) this.#tile.element.append(this.element);
    this.sync();
  }

  /** Redraws the labels for the tile's image (after it changed, or its selection or favourite did). */
  sync(): void {
    const item = this.#tile?.item;
    if (!item) {
      if (!this.element.contains(document.activeElement)) this.attach(null);
      return;
    }
    const selected = this.#isSelected(item.id);
    const { select, favourite } = this.#buttons;
    setLabel(select, selected ? 'Deselect image' : 'Select image');
    select.setAttribute('aria-pressed', String(selected));
    // Only what changed: replacing the icon under a pressed pointer would swallow the click.
    if (favourite.getAttribute('aria-pressed') !== String(item.favourite)) {
      favourite.setAttribute('aria-pressed', String(item.favourite));
      favourite.replaceChildren(icon(item.favourite ? 'favourite' : 'favouriteOutline'));
    }
    setLabel(favourite, item.favourite ? 'Remove from favourites' : 'Add to favourites');
    setLabel(this.#buttons.export, 'Export image');
    setLabel(this.#buttons.reuse, 'Reuse settings');
    setLabel(this.#buttons.delete, 'Delete image');
  }

  /** The button for `action` (to put focus back on after it ran). */
  button(action: TileAction): HTMLButtonElement {
    return this.#buttons[action];
  }
}

function setLabel(button: HTMLButtonElement, label: string): void {
  if (button.getAttribute('aria-label') === label) return;
  button.setAttribute('aria-label', label);
  button.title = label;
}
