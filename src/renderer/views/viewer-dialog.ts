/**
 * The image viewer: the full-size picture beside its prompt and settings, with copy prompt, reuse
 * settings, favourite, export and delete (after a confirmation). ←/→ step through the list it was
 * opened from.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { aspectRatioLabel, formatDateTime, modelLabel } from '../format.ts';
import { pictureUrls } from '../gallery-urls.ts';
import { icon, type IconName } from '../icons.ts';
import { confirmAction, ModalDialog } from './modal-dialog.ts';
import type { Toasts } from './toasts.ts';

export interface ViewerActions {
  readonly bridge: Bridge;
  readonly toasts: Toasts;
  /** Fills the generate form with the image's settings and shows the Create page. */
  readonly reuse: (item: GalleryItem) => void;
}

export function openViewer(actions: ViewerActions, first: GalleryItem, siblings: () => readonly GalleryItem[] = () => [first]): void {
  const { bridge, toasts } = actions;
  const dialog = new ModalDialog({ title: 'Image', className: 'viewer' });
  let item = first;
  const stage = h('div', { class: 'viewer-stage' });
  const details = h('div', { class: 'viewer-details' });
  dialog.body.append(stage, details);
  dialog.heading.classList.add('visually-hidden');

  const run = (work: () => Promise<void>) => () => {
    work().catch((failure: unknown) => toasts.error(toCallError(failure)));
  };
  const button = (label: string, iconName: IconName, variant: string, id: string, work: () => Promise<void>): HTMLButtonElement => {
    const element = h('button', { class: ['button', variant], attrs: { type: 'button', id: `viewer-${id}` } }, [icon(iconName), label]);
    element.addEventListener('click', run(work));
    return element;
  };

  const render = (): void => {
    const image = h('img', { class: 'viewer-image', attrs: { src: pictureUrls.image(item.id), alt: item.prompt } });
    image.style.setProperty('--ratio', `${Math.max(1, item.width)} / ${Math.max(1, item.height)}`);
    replaceChildren(stage, [image]);
    const copy = h('button', { class: 'icon-button', attrs: { type: 'button', id: 'viewer-copy', 'aria-label': 'Copy prompt', title: 'Copy prompt' } }, [icon('copy')]);
    copy.addEventListener('click', run(async () => {
      await navigator.clipboard.writeText(item.prompt);
      toasts.show({ kind: 'success', title: 'Prompt copied' });
    }));
    const favourite = button(item.favourite ? 'Favourite' : 'Add to favourites', item.favourite ? 'favourite' : 'favouriteOutline', 'button-ghost', 'favourite', async () => {
      item = await bridge.invoke('gallery:set-favourite', item.id, !item.favourite);
      render();
    });
    favourite.setAttribute('aria-pressed', String(item.favourite));
    replaceChildren(details, [
      h('div', { class: 'viewer-prompt-row' }, [h('h3', { class: 'section-label', text: 'Prompt' }), copy]),
      h('p', { class: 'viewer-prompt', text: item.prompt, attrs: { id: 'viewer-prompt' } }),
      h('dl', { class: 'viewer-facts' }, [
        ...fact('Seed', String(item.seed)),
        ...fact('Model', modelLabel(item.model)),
        ...fact('Aspect ratio', aspectRatioLabel(item.aspectRatio)),
        ...fact('Size', `${item.width} × ${item.height}`),
        ...fact('Created', formatDateTime(item.createdAt)),
      ]),
      h('div', { class: 'viewer-actions' }, [
        button('Reuse settings', 'reuse', 'button-primary', 'reuse', async () => {
          actions.reuse(item);
          dialog.close();
        }),
        favourite,
        button('Export', 'download', 'button-ghost', 'export', async () => {
          const result = await bridge.invoke('gallery:export', [item.id]);
          if (result) toasts.show({ kind: 'success', title: 'Image exported', detail: result.directory });
        }),
        button('Delete', 'delete', 'button-ghost button-danger-text', 'delete', async () => {
          const confirmed = await confirmAction({
            title: 'Delete this image?',
            message: 'The image and its details are removed from your gallery and from disk. This cannot be undone.',
            confirmLabel: 'Delete',
            danger: true,
          });
          if (!confirmed) return;
          await bridge.invoke('gallery:delete', item.id);
          dialog.close();
          toasts.show({ kind: 'success', title: 'Image deleted' });
        }),
      ]),
    ]);
  };

  dialog.element.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    const list = siblings();
    const index = list.findIndex((candidate) => candidate.id === item.id);
    const next = list[index + (event.key === 'ArrowRight' ? 1 : -1)];
    if (index >= 0 && next) {
      item = next;
      render();
    }
  });
  render();
  dialog.open();
}

function fact(term: string, value: string): HTMLElement[] {
  return [h('dt', { text: term }), h('dd', { text: value })];
}
