/**
 * One picture in a grid (the Create page's results and the gallery): the thumbnail at its own aspect
 * ratio, the prompt on hover or focus, a heart when it is a favourite. A button, so it opens the viewer
 * with Enter or Space like a click.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import { h } from '../dom.ts';
import { pictureUrls } from '../gallery-urls.ts';
import { icon } from '../icons.ts';

export function thumbnailCard(item: GalleryItem, onOpen: (item: GalleryItem) => void): HTMLElement {
  const image = h('img', {
    class: 'thumb-image',
    attrs: { src: pictureUrls.thumbnail(item.id), alt: item.prompt, loading: 'lazy', decoding: 'async', draggable: 'false' },
  });
  image.addEventListener('error', () => card.classList.add('thumb-missing'), { once: true });
  const card = h('button', { class: 'thumb', attrs: { type: 'button', 'aria-label': `Open image: ${item.prompt}` }, dataset: { id: item.id } }, [
    image,
    h('span', { class: 'thumb-caption', text: item.prompt, attrs: { 'aria-hidden': 'true', dir: 'auto' } }),
    item.favourite ? h('span', { class: 'thumb-favourite', attrs: { 'aria-hidden': 'true' } }, [icon('favourite')]) : null,
  ]);
  card.style.setProperty('--ratio', `${Math.max(1, item.width)} / ${Math.max(1, item.height)}`);
  card.addEventListener('click', () => onOpen(item));
  return card;
}
