/**
 * What the gallery says above its grid: the true total of what matches ("1,204 images match “fox”"),
 * the "N new images" pill (floating under the header, so it never moves the grid), and the empty state.
 * Each is redrawn only when its words change.
 */
import type { GallerySort } from '../../shared/gallery-urls.ts';
import { h, replaceChildren } from '../dom.ts';
import { pluralCount } from '../format.ts';
import { icon } from '../icons.ts';
import { emptySearchWording } from '../search-wording.ts';

export interface GalleryStatusState {
  /** False until the first count of the query arrived. */
  readonly loaded: boolean;
  readonly total: number;
  readonly newer: number;
  /** The search text ('' for none). */
  readonly text: string;
  /** True when search or filters narrow the gallery. */
  readonly narrowed: boolean;
  readonly sort: GallerySort;
}

export class GalleryStatus {
  readonly line = h('p', { class: 'gallery-status', attrs: { role: 'status', id: 'gallery-status' } });
  readonly pill = h('button', { class: 'new-images-pill', attrs: { type: 'button', id: 'gallery-new-images' } });
  readonly pillDock = h('div', { class: 'pill-dock' }, [this.pill]);
  readonly empty = h('div', { class: 'empty-state' });

  show({ loaded, total, newer, text, narrowed, sort }: GalleryStatusState): void {
    const line = !loaded || total === 0 ? '' : text ? `${pluralCount(total, 'image')} match “${text}”` : pluralCount(total, 'image');
    if (this.line.textContent !== line) this.line.textContent = line;
    this.pill.hidden = newer === 0;
    const pill = `${sort} ${newer}`;
    if (this.pill.dataset.shows !== pill) {
      this.pill.dataset.shows = pill;
      // New images are at the top newest first, at the end oldest first.
      replaceChildren(this.pill, [icon(sort === 'oldest' ? 'arrowDown' : 'arrowUp'), pluralCount(newer, 'new image')]);
    }
    const empty = !loaded || total > 0 ? '' : narrowed ? `narrowed ${text}` : 'empty';
    if (this.empty.dataset.shows === empty) return;
    this.empty.dataset.shows = empty;
    this.empty.hidden = empty === '';
    replaceChildren(this.empty, empty === '' ? [] : emptyState(narrowed ? text : null));
  }
}

/** The empty state: an empty gallery, or (`text` set, '' for filters only) what the search or filters found. */
function emptyState(text: string | null): HTMLElement[] {
  if (text === null) {
    return [h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }, [icon('gallery')]), h('h3', { text: 'Your gallery is empty' }), h('p', { text: 'Images you generate are saved here and stay available offline.' })];
  }
  const nothing = emptySearchWording(text);
  return [h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }, [icon('search')]), h('h3', { text: nothing.title }), h('p', { text: nothing.detail })];
}
