/**
 * "Describe an image": drop, paste or pick a picture; Google writes a few captions for it
 * (`caption:describe`, the picture's bytes only); one click puts a caption into the prompt. The picture is
 * shown as a `data:` URL (the page's policy allows those for images); it never leaves the window except
 * through that one call.
 */
import { CAPTION_MIME_TYPES, MAX_CAPTION_IMAGE_BYTES } from '../../shared/generation-options.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { presentError } from '../error-messages.ts';
import { icon } from '../icons.ts';
import { ModalDialog } from './modal-dialog.ts';

export interface DescribeDialogDeps {
  readonly bridge: Bridge;
  /** Puts a caption into the prompt (and focuses it). */
  readonly use: (caption: string) => void;
}

/** How many captions to ask for. */
const CAPTION_COUNT = 4;
type CaptionMimeType = (typeof CAPTION_MIME_TYPES)[number];

export function openDescribeDialog({ bridge, use }: DescribeDialogDeps): void {
  const dialog = new ModalDialog({ title: 'Describe an image', className: 'dialog-medium describe-dialog' });
  const file = h('input', { class: 'visually-hidden', attrs: { type: 'file', id: 'describe-file', accept: CAPTION_MIME_TYPES.join(',') } });
  const preview = h('img', { class: 'describe-preview', attrs: { alt: 'The picture to describe' } });
  const drop = h('div', { class: 'describe-drop', attrs: { id: 'describe-drop' } }, [
    icon('describe', 'icon describe-drop-icon'),
    h('p', { text: 'Drop a picture here, paste one (Ctrl+V), or' }),
    h('label', { class: 'button', attrs: { for: 'describe-file' } }, [icon('upload'), 'Choose a picture…']),
    file,
  ]);
  const status = h('p', { class: 'describe-status', attrs: { id: 'describe-status', role: 'status' } });
  const captions = h('ul', { class: 'caption-list', attrs: { id: 'caption-list', 'aria-label': 'Captions' } });
  preview.hidden = true;
  captions.hidden = true;

  const describe = async (picture: File): Promise<void> => {
    if (!(CAPTION_MIME_TYPES as readonly string[]).includes(picture.type)) {
      status.textContent = 'Pick a PNG, JPEG, WebP or GIF picture.';
      return;
    }
    if (picture.size < 1 || picture.size > MAX_CAPTION_IMAGE_BYTES) {
      status.textContent = `The picture must be at most ${MAX_CAPTION_IMAGE_BYTES / (1024 * 1024)} MB.`;
      return;
    }
    const bytes = new Uint8Array(await picture.arrayBuffer());
    preview.src = await dataUrl(picture);
    preview.hidden = false;
    replaceChildren(captions, []);
    captions.hidden = true;
    status.textContent = 'Asking Google to describe it…';
    drop.setAttribute('aria-busy', 'true');
    try {
      const result = await bridge.invoke('caption:describe', { bytes, mimeType: picture.type as CaptionMimeType, count: CAPTION_COUNT });
      status.textContent = result.captions.length === 0 ? 'Google sent no caption for this picture.' : 'Pick a caption to use it as your prompt.';
      replaceChildren(captions, result.captions.map((caption) => {
        const button = h('button', { class: 'button button-small', text: 'Use as prompt', attrs: { type: 'button', 'aria-label': `Use as prompt: ${caption}` } });
        button.addEventListener('click', () => {
          dialog.close();
          use(caption);
        });
        return h('li', { class: 'caption-item' }, [h('p', { class: 'caption-text', text: caption, attrs: { dir: 'auto' } }), button]);
      }));
      captions.hidden = result.captions.length === 0;
      captions.querySelector('button')?.focus();
    } catch (failure) {
      const { title, detail } = presentError(toCallError(failure));
      status.textContent = `${title}. ${detail}`;
    } finally {
      drop.setAttribute('aria-busy', 'false');
    }
  };
  const take = (picture: File | undefined | null): void => {
    if (picture) void describe(picture);
  };

  file.addEventListener('change', () => {
    take(file.files?.[0]);
    file.value = '';
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('describe-drop-over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('describe-drop-over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('describe-drop-over');
    take(event.dataTransfer?.files[0]);
  });
  dialog.element.addEventListener('paste', (event) => {
    const picture = Array.from(event.clipboardData?.files ?? []).find((candidate) => candidate.type.startsWith('image/'));
    if (!picture) return;
    event.preventDefault();
    take(picture);
  });
  const close = h('button', { class: 'button', text: 'Close', attrs: { type: 'button' } });
  close.addEventListener('click', () => dialog.close());
  dialog.body.append(drop, preview, status, captions);
  dialog.footer.append(close);
  dialog.open();
  file.focus();
}

function dataUrl(picture: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(String(reader.result)));
    reader.addEventListener('error', () => reject(new Error('The picture could not be read.')));
    reader.readAsDataURL(picture);
  });
}
