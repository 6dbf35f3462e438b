/**
 * The viewer's side panel: where the image stands in its list ("3 of 1,204"), the prompt (copyable), its settings, and the actions — reuse settings, favourite, copy
 * image, show in folder, export, delete. Built once per viewer; showing another image only changes text,
 * so the focused button keeps focus while the user steps through the list.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import { h, replaceChildren } from '../dom.ts';
import { aspectRatioLabel, formatCount, formatDateTime, modelLabel } from '../format.ts';
import { icon, type IconName } from '../icons.ts';

export type ViewerAction = 'copy-prompt' | 'reuse' | 'favourite' | 'copy-image' | 'show-in-folder' | 'export' | 'delete';

export class ViewerDetails {
  readonly element: HTMLElement;
  readonly #place = h('p', { class: 'viewer-place', attrs: { id: 'viewer-place', 'aria-live': 'polite' } });
  readonly #prompt = h('p', { class: 'viewer-prompt', attrs: { id: 'viewer-prompt', dir: 'auto' } });
  readonly #facts = h('dl', { class: 'viewer-facts' });
  readonly #favourite: HTMLButtonElement;

  constructor(run: (action: ViewerAction) => void) {
    const button = (action: ViewerAction, label: string, iconName: IconName, variant: string): HTMLButtonElement => {
      const element = h('button', { class: ['button', variant], attrs: { type: 'button', id: `viewer-${action}` } }, [icon(iconName), label]);
      element.addEventListener('click', () => run(action));
      return element;
    };
    const copy = h('button', { class: 'icon-button', attrs: { type: 'button', id: 'viewer-copy', 'aria-label': 'Copy prompt', title: 'Copy prompt' } }, [icon('copy')]);
    copy.addEventListener('click', () => run('copy-prompt'));
    this.#favourite = button('favourite', 'Add to favourites', 'favouriteOutline', 'button-ghost');
    this.element = h('div', { class: 'viewer-details' }, [
      this.#place,
      h('div', { class: 'viewer-prompt-row' }, [h('h3', { class: 'section-label', text: 'Prompt' }), copy]),
      this.#prompt,
      this.#facts,
      h('div', { class: 'viewer-actions' }, [
        button('reuse', 'Reuse settings', 'reuse', 'button-primary'),
        this.#favourite,
        button('copy-image', 'Copy image', 'copy', 'button-ghost'),
        button('show-in-folder', 'Show in folder', 'folder', 'button-ghost'),
        button('export', 'Export', 'download', 'button-ghost'),
        button('delete', 'Delete', 'delete', 'button-ghost button-danger-text'),
      ]),
    ]);
  }

  /** Shows `item`, the `position`-th (1-based) of `total`. */
  show(item: GalleryItem, position: number, total: number): void {
    this.#place.textContent = `${formatCount(position)} of ${formatCount(Math.max(total, position))}`;
    this.#prompt.textContent = item.prompt;
    replaceChildren(this.#facts, [
      ...fact('Seed', String(item.seed)),
      ...fact('Model', modelLabel(item.model)),
      ...fact('Aspect ratio', aspectRatioLabel(item.aspectRatio)),
      ...fact('Size', `${item.width} × ${item.height}`),
      ...fact('Created', formatDateTime(item.createdAt)),
    ]);
    replaceChildren(this.#favourite, [icon(item.favourite ? 'favourite' : 'favouriteOutline'), item.favourite ? 'Favourite' : 'Add to favourites']);
    this.#favourite.setAttribute('aria-pressed', String(item.favourite));
  }
}

function fact(term: string, value: string): HTMLElement[] {
  return [h('dt', { text: term }), h('dd', { text: value })];
}
