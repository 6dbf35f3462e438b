/**
 * The image viewer: the full-size picture (fit, or zoomed to its own size) beside its details. Previous /
 * next buttons and ←/→ step through the whole list it was opened from ("3 of 1,204"), the list loading
 * pictures it does not hold yet, and say so at either end. When it closes, focus goes back to the picture
 * last shown in that list — or, after a delete, to its neighbour.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h } from '../dom.ts';
import { pictureUrls } from '../gallery-urls.ts';
import { icon } from '../icons.ts';
import { confirmAction, ModalDialog } from './modal-dialog.ts';
import type { Toasts } from './toasts.ts';
import { ViewerDetails, type ViewerAction } from './viewer-details.ts';

/** The list a viewer steps through: the gallery's results, or the pictures of the Create page's feed. */
export interface ViewerSource {
  /** How many pictures the list holds. */
  total(): number;
  /** Where `id` is in the list (0-based), or -1 when the list does not hold it (now). */
  indexOf(id: string): number;
  /** The picture at `index`, loaded when needed; `null` outside the list. */
  itemAt(index: number): Promise<GalleryItem | null>;
  /** Gives focus to `id`'s picture in the list (after the viewer closed); `null`: the list itself. */
  focusItem(id: string | null): void;
}

/** A source over pictures already in memory (the Create page's feed). */
export function listViewerSource(items: () => readonly GalleryItem[], focusItem: (id: string | null) => void): ViewerSource {
  return {
    total: () => items().length,
    indexOf: (id) => items().findIndex((item) => item.id === id),
    itemAt: (index) => Promise.resolve(items()[index] ?? null),
    focusItem,
  };
}

export interface ViewerActions {
  readonly bridge: Bridge;
  readonly toasts: Toasts;
  /** Fills the generate form with the image's settings and shows the Create page. */
  readonly reuse: (item: GalleryItem) => void;
}

export function openViewer(actions: ViewerActions, first: GalleryItem, source: ViewerSource): void {
  const { bridge, toasts } = actions;
  let item = first;
  /** Where focus goes once the dialog closed (`undefined`: the picture shown last). */
  let focusAfter: string | null | undefined;
  const dialog = new ModalDialog({
    title: 'Image',
    className: 'viewer',
    onClose: () => source.focusItem(focusAfter === undefined ? item.id : focusAfter),
  });
  const stage = h('div', { class: 'viewer-stage', attrs: { id: 'viewer-stage' } });
  const status = h('p', { class: 'viewer-status', attrs: { id: 'viewer-status', role: 'status' } });
  const previous = h('button', { class: 'icon-button viewer-step viewer-previous', attrs: { type: 'button', id: 'viewer-previous', 'aria-label': 'Previous image', title: 'Previous image (←)' } }, [icon('chevronLeft')]);
  const next = h('button', { class: 'icon-button viewer-step viewer-next', attrs: { type: 'button', id: 'viewer-next', 'aria-label': 'Next image', title: 'Next image (→)' } }, [icon('chevronRight')]);
  const zoom = h('button', { class: 'icon-button viewer-zoom', attrs: { type: 'button', id: 'viewer-zoom', 'aria-label': 'Zoom to actual size', 'aria-pressed': 'false', title: 'Zoom' } }, [icon('zoomIn')]);
  const details = new ViewerDetails((action) => void perform(action).catch((failure: unknown) => toasts.error(toCallError(failure))));
  dialog.body.append(h('div', { class: 'viewer-frame' }, [stage, previous, next, zoom, status]), details.element);
  dialog.heading.classList.add('visually-hidden');

  /** Where the picture shown is in the list (kept when the list no longer holds it, e.g. after a reload). */
  let position = Math.max(0, source.indexOf(first.id));
  const place = (): number => {
    const found = source.indexOf(item.id);
    if (found >= 0) position = found;
    return position;
  };
  const show = (shown: GalleryItem, at: number): void => {
    item = shown;
    position = at;
    const image = h('img', { class: 'viewer-image', attrs: { src: pictureUrls.image(item.id), alt: item.prompt } });
    image.style.setProperty('--ratio', `${Math.max(1, item.width)} / ${Math.max(1, item.height)}`);
    stage.replaceChildren(image);
    stage.scrollTo(0, 0);
    details.show(item, position + 1, source.total());
  };
  /** Steps by `delta`, loading the picture when the list does not hold it yet. */
  const step = async (delta: 1 | -1): Promise<void> => {
    const target = place() + delta;
    status.textContent = 'Loading…';
    const next = await source.itemAt(target);
    if (next) {
      status.textContent = '';
      show(next, target);
    } else {
      status.textContent = delta === 1 ? `That was the last image (${source.total()} in all).` : 'This is the first image.';
      details.show(item, place() + 1, source.total());
    }
  };

  const perform = async (action: ViewerAction): Promise<void> => {
    switch (action) {
      case 'copy-prompt':
        await navigator.clipboard.writeText(item.prompt);
        toasts.show({ kind: 'success', title: 'Prompt copied' });
        return;
      case 'reuse':
        focusAfter = null;
        dialog.close();
        actions.reuse(item);
        return;
      case 'favourite':
        item = await bridge.invoke('gallery:set-favourite', item.id, !item.favourite);
        details.show(item, place() + 1, source.total());
        return;
      case 'copy-image':
        await bridge.invoke('gallery:copy-image', item.id);
        toasts.show({ kind: 'success', title: 'Image copied' });
        return;
      case 'show-in-folder':
        await bridge.invoke('gallery:show-in-folder', item.id);
        return;
      case 'export': {
        const result = await bridge.invoke('gallery:export', [item.id]);
        if (result) toasts.show({ kind: 'success', title: 'Image exported', detail: result.directory });
        return;
      }
      case 'delete': {
        const confirmed = await confirmAction({
          title: 'Delete this image?',
          message: 'The image and its details are removed from your gallery and from disk. This cannot be undone.',
          confirmLabel: 'Delete',
          danger: true,
        });
        if (!confirmed) return;
        const index = place();
        focusAfter = ((await source.itemAt(index + 1)) ?? (await source.itemAt(index - 1)))?.id ?? null;
        await bridge.invoke('gallery:delete', item.id);
        dialog.close();
        toasts.show({ kind: 'success', title: 'Image deleted' });
      }
    }
  };

  previous.addEventListener('click', () => void step(-1));
  next.addEventListener('click', () => void step(1));
  zoom.addEventListener('click', () => {
    const zoomed = stage.classList.toggle('viewer-zoomed');
    zoom.setAttribute('aria-pressed', String(zoomed));
    zoom.setAttribute('aria-label', zoomed ? 'Fit to the window' : 'Zoom to actual size');
  });
  dialog.element.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    event.preventDefault();
    void step(event.key === 'ArrowRight' ? 1 : -1);
  });
  show(first, position);
  dialog.open();
}
