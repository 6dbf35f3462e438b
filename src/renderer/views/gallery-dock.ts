/**
 * The bar at the bottom of the gallery, over the grid (so nothing in the grid moves when it appears): what
 * is selected and what can be done with it, the export in progress with its Cancel, and the index's
 * background work while a rebuild runs ("Indexing 12,345 of 100,000 images…"). Each part shows only while
 * it has something to say.
 */
import type { GalleryExportProgress, GalleryIndexProgress } from '../../shared/gallery-schemas.ts';
import { h } from '../dom.ts';
import { formatCount, pluralCount } from '../format.ts';
import { exportWords, indexWords } from '../gallery-words.ts';
import { icon, type IconName } from '../icons.ts';

export type SelectionAction = 'favourite' | 'unfavourite' | 'export' | 'delete' | 'clear';

export class GalleryDock {
  readonly element: HTMLElement;
  readonly #selection: HTMLElement;
  readonly #selectionCount = h('span', { class: 'selection-count', attrs: { id: 'gallery-selection-count', 'aria-live': 'polite' } });
  readonly #selectionButtons: Record<SelectionAction, HTMLButtonElement>;
  readonly #export: HTMLElement;
  readonly #exportText = h('span', { class: 'export-text', attrs: { id: 'gallery-export-text' } });
  readonly #exportBar = h('progress', { class: 'export-bar', attrs: { 'aria-labelledby': 'gallery-export-text' } });
  readonly cancelExport = h('button', { class: 'button button-small', attrs: { type: 'button', id: 'gallery-export-cancel' } }, [icon('close'), 'Cancel export']);
  readonly #indexing = h('p', { class: 'gallery-indexing', attrs: { id: 'gallery-indexing', role: 'status' } });

  constructor(run: (action: SelectionAction) => void) {
    const button = (action: SelectionAction, label: string, name: IconName, variant = 'button-ghost'): HTMLButtonElement => {
      // The label may shrink to the icon in a narrow window (gallery.css); it stays the button's name.
      const element = h('button', { class: ['button', 'button-small', variant], attrs: { type: 'button', id: `selection-${action}`, title: label } }, [
        icon(name),
        h('span', { class: 'dock-label', text: label }),
      ]);
      element.addEventListener('click', () => run(action));
      return element;
    };
    this.#selectionButtons = {
      favourite: button('favourite', 'Favourite', 'favourite'),
      unfavourite: button('unfavourite', 'Unfavourite', 'favouriteOutline'),
      export: button('export', 'Export', 'download'),
      delete: button('delete', 'Delete', 'delete', 'button-danger-text'),
      clear: button('clear', 'Clear selection', 'close'),
    };
    this.#selection = h('div', { class: 'dock-row selection-bar', attrs: { id: 'gallery-selection', role: 'toolbar', 'aria-label': 'Selected images' } }, [
      this.#selectionCount,
      ...Object.values(this.#selectionButtons),
    ]);
    this.#export = h('div', { class: 'dock-row export-progress', attrs: { id: 'gallery-export-progress', role: 'status' } }, [this.#exportText, this.#exportBar, this.cancelExport]);
    this.element = h('div', { class: 'gallery-dock', attrs: { id: 'gallery-dock' } }, [this.#indexing, this.#export, this.#selection]);
    this.showSelection(0, false);
    this.showExport(null);
    this.showIndexing({ phase: 'idle', done: 0, total: 0 });
  }

  /** `count` selected (`all`: every image matching, as "Select all" made it). */
  showSelection(count: number, all: boolean): void {
    const text = count === 0 ? '' : all ? `All ${pluralCount(count, 'image')} selected` : `${formatCount(count)} selected`;
    if (this.#selectionCount.textContent === text && this.#selection.hidden === (count === 0)) return;
    this.#selection.hidden = count === 0;
    this.#selectionCount.textContent = text;
    this.#update();
  }

  /** The button for `action`, to put focus on after it ran. */
  selectionButton(action: SelectionAction): HTMLButtonElement {
    return this.#selectionButtons[action];
  }

  /** True while an export runs (its progress is shown). */
  get exporting(): boolean {
    return !this.#export.hidden;
  }

  showExport(progress: GalleryExportProgress | null): void {
    const running = progress !== null && ['preparing', 'copying', 'finishing'].includes(progress.state);
    this.#export.hidden = !running;
    if (!running || !progress) {
      this.#update();
      return;
    }
    this.#exportText.textContent = exportWords(progress);
    if (progress.total > 0) {
      this.#exportBar.max = progress.total;
      this.#exportBar.value = progress.done;
    } else this.#exportBar.removeAttribute('value');
    this.#update();
  }

  showIndexing(progress: GalleryIndexProgress): void {
    this.#indexing.textContent = indexWords(progress);
    this.#indexing.hidden = this.#indexing.textContent === '';
    this.#update();
  }

  #update(): void {
    const hidden = this.#selection.hidden && this.#export.hidden && this.#indexing.hidden;
    if (this.element.hidden !== hidden) this.element.hidden = hidden;
  }
}
