/**
 * The generate form's reference pictures, for backends that take them (Flow): "Add reference…" opens the
 * system file picker, each chosen picture is staged in the main process (`generation:add-reference`, which
 * sniffs its type and keeps its bytes) and shown as a chip with its file name and a remove button; requests
 * then name the staged pictures by id. Chips stay for the next generation, as Flow's own do, until removed.
 */
import { MAX_REFERENCE_IMAGE_BYTES } from '../../shared/generation-options.ts';
import type { StagedReference } from '../../shared/backend-schemas.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { icon } from '../icons.ts';
import type { Toasts } from './toasts.ts';

interface Chip {
  readonly staged: StagedReference;
  readonly name: string;
}

export class ReferencePicker {
  readonly element: HTMLElement;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #input = h('input', {
    class: 'visually-hidden',
    attrs: { type: 'file', id: 'reference-files', accept: 'image/png,image/jpeg,image/webp', multiple: true, tabindex: '-1', 'aria-label': 'Reference image files' },
  });
  readonly #add = h('button', { class: 'button button-ghost button-small', attrs: { type: 'button', id: 'add-reference' } }, [icon('upload'), 'Add reference…']);
  readonly #list = h('ul', { class: 'reference-chips', attrs: { 'aria-label': 'Reference images' } });
  #chips: Chip[] = [];
  #max = 0;

  constructor(bridge: Bridge, toasts: Toasts) {
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#add.addEventListener('click', () => this.#input.click());
    this.#input.addEventListener('change', () => void this.#addFiles([...(this.#input.files ?? [])]));
    this.element = h('div', { class: 'field reference-field' }, [
      h('span', { class: 'field-label', text: 'Reference images', attrs: { id: 'reference-label' } }),
      h('p', { class: 'hint', text: 'Pictures the next images should follow (style, subject, layout).' }),
      this.#list,
      this.#add,
      this.#input,
    ]);
    this.setLimit(0);
  }

  /** How many pictures the backend takes; 0 hides the picker and sends none. */
  setLimit(max: number): void {
    this.#max = max;
    this.element.hidden = max === 0;
    if (this.#chips.length > max) this.#chips = this.#chips.slice(0, max);
    this.#render();
  }

  /** The staged pictures' ids, for the request (none when the backend takes none). */
  ids(): string[] {
    return this.#max === 0 ? [] : this.#chips.map((chip) => chip.staged.id);
  }

  async #addFiles(files: readonly File[]): Promise<void> {
    this.#input.value = '';
    for (const file of files) {
      if (this.#chips.length >= this.#max) {
        this.#toasts.show({ kind: 'error', title: `At most ${this.#max} reference images`, detail: `${file.name} was not added.` });
        break;
      }
      if (file.size > MAX_REFERENCE_IMAGE_BYTES) {
        this.#toasts.show({ kind: 'error', title: `${file.name} is too large`, detail: `A reference image may have at most ${MAX_REFERENCE_IMAGE_BYTES / (1024 * 1024)} MB.` });
        continue;
      }
      try {
        const staged = await this.#bridge.invoke('generation:add-reference', { bytes: new Uint8Array(await file.arrayBuffer()) });
        this.#chips.push({ staged, name: file.name });
        this.#render();
      } catch (failure) {
        this.#toasts.error(toCallError(failure));
      }
    }
  }

  #render(): void {
    replaceChildren(this.#list, this.#chips.map((chip) => {
      const remove = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': `Remove reference ${chip.name}`, title: 'Remove' } }, [icon('close')]);
      remove.addEventListener('click', () => {
        this.#chips = this.#chips.filter((other) => other !== chip);
        this.#render();
        this.#add.focus();
      });
      return h('li', { class: 'reference-chip', dataset: { referenceId: chip.staged.id } }, [h('span', { class: 'reference-name', text: chip.name }), remove]);
    }));
    this.#add.disabled = this.#chips.length >= this.#max;
  }
}
