/**
 * The generate form: prompt, number of images, aspect ratio, seed (locked or random) and model.
 * Ctrl/Cmd+Enter generates from anywhere in the form; a text file queues one job per line.
 * Jobs go to the main process's queue, so their progress shows in the queue as it happens.
 */
import { ASPECT_RATIOS, MAX_IMAGES_PER_REQUEST, MAX_PROMPT_LENGTH, MAX_SEED } from '../../shared/generation-options.ts';
import type { AspectRatio, ImageModel } from '../../shared/generation-options.ts';
import type { BatchSettings } from '../../shared/generation-schemas.ts';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h } from '../dom.ts';
import { ASPECT_RATIO_CHOICES, modelLabel, plural } from '../format.ts';
import { icon } from '../icons.ts';
import type { Toasts } from './toasts.ts';

const DEFAULT_COUNT = 4;

/**
 * The models offered until this panel draws its choices from `generation:capabilities` (the backend in
 * use): the classic backend's, so the form stays as it was for every account on it.
 */
const PANEL_MODELS: readonly ImageModel[] = ['IMAGEN_3_5'];

export class GeneratePanel {
  readonly element: HTMLElement;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #state: AppState;
  readonly #prompt = h('textarea', {
    class: 'input prompt-input',
    attrs: { id: 'prompt', rows: 4, maxlength: MAX_PROMPT_LENGTH, placeholder: 'Describe the image you want…', 'aria-describedby': 'prompt-hint' },
  });
  readonly #counter = h('span', { class: 'counter', attrs: { 'aria-hidden': 'true' } });
  readonly #count = h('select', { class: 'input', attrs: { id: 'image-count' } });
  readonly #model = h('select', { class: 'input', attrs: { id: 'model' } });
  readonly #seedLocked = h('input', { attrs: { type: 'checkbox', id: 'seed-locked' } });
  readonly #seed = h('input', { class: 'input seed-input', attrs: { type: 'number', id: 'seed', min: 0, max: MAX_SEED, step: 1, 'aria-label': 'Seed' } });
  readonly #aspect = new Map<AspectRatio, HTMLInputElement>();
  readonly #generate = h('button', { class: 'button button-primary button-block', attrs: { type: 'submit', id: 'generate-button' } });
  readonly #file = h('input', { class: 'visually-hidden', attrs: { type: 'file', id: 'prompt-file', accept: '.txt,text/plain' } });
  readonly #error = h('p', { class: 'field-error', attrs: { id: 'prompt-error', role: 'alert' } });

  constructor(state: AppState, bridge: Bridge, toasts: Toasts) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    for (let count = 1; count <= MAX_IMAGES_PER_REQUEST; count += 1) this.#count.appendChild(h('option', { text: String(count), attrs: { value: count } }));
    this.#count.value = String(DEFAULT_COUNT);
    for (const model of PANEL_MODELS) this.#model.appendChild(h('option', { text: modelLabel(model), attrs: { value: model } }));
    this.#seed.placeholder = 'Random';
    this.#seed.disabled = true;
    this.#seedLocked.addEventListener('change', () => {
      this.#seed.disabled = !this.#seedLocked.checked;
      if (this.#seedLocked.checked && this.#seed.value === '') this.#seed.value = String(randomSeed());
    });
    this.#prompt.addEventListener('input', () => this.#updateCounter());
    this.#error.hidden = true;
    this.#generate.append(icon('sparkle'), 'Generate', h('kbd', { text: isMac() ? '⌘ ↵' : 'Ctrl ↵' }));
    this.#file.addEventListener('change', () => void this.#queueFile());

    const dice = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': 'New random seed', title: 'New random seed' } }, [icon('dice')]);
    dice.addEventListener('click', () => {
      this.#seedLocked.checked = true;
      this.#seed.disabled = false;
      this.#seed.value = String(randomSeed());
    });
    const form = h('form', { class: 'generate-form', attrs: { 'aria-label': 'Generate images', novalidate: true } }, [
      h('div', { class: 'field' }, [
        h('div', { class: 'field-row' }, [h('label', { class: 'field-label', text: 'Prompt', attrs: { for: 'prompt' } }), this.#counter]),
        this.#prompt,
        this.#error,
        h('p', { class: 'hint', text: `Press ${isMac() ? '⌘' : 'Ctrl'}+Enter to generate.`, attrs: { id: 'prompt-hint' } }),
      ]),
      this.#aspectField(),
      h('div', { class: 'field-grid' }, [
        h('div', { class: 'field' }, [h('label', { class: 'field-label', text: 'Images', attrs: { for: 'image-count' } }), this.#count]),
        h('div', { class: 'field' }, [h('label', { class: 'field-label', text: 'Model', attrs: { for: 'model' } }), this.#model]),
      ]),
      h('div', { class: 'field' }, [
        h('span', { class: 'field-label', text: 'Seed', attrs: { id: 'seed-label' } }),
        h('div', { class: 'seed-row', attrs: { role: 'group', 'aria-labelledby': 'seed-label' } }, [
          h('label', { class: 'switch' }, [this.#seedLocked, h('span', { class: 'switch-track', attrs: { 'aria-hidden': 'true' } }), 'Lock']),
          this.#seed,
          dice,
        ]),
        h('p', { class: 'hint', text: 'Lock a seed to repeat a result; unlocked, every run picks a new one.' }),
      ]),
      this.#generate,
      h('label', { class: 'button button-block button-ghost file-button', attrs: { for: 'prompt-file' } }, [icon('upload'), 'Queue prompts from a text file…']),
      this.#file,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.#submit();
      }
    });
    this.element = h('section', { class: 'panel generate-panel', attrs: { 'aria-labelledby': 'generate-title' } }, [
      h('h2', { class: 'panel-title', text: 'New image', attrs: { id: 'generate-title' } }),
      form,
    ]);
    state.subscribe('online', () => this.#updateAvailability());
    this.#updateCounter();
    this.#updateAvailability();
  }

  /** Fills the form with a gallery image's settings (seed locked, so the result can be repeated). */
  applySettings(settings: Pick<GalleryItem, 'prompt' | 'seed' | 'model' | 'aspectRatio'>): void {
    this.#prompt.value = settings.prompt;
    if ((ASPECT_RATIOS as readonly string[]).includes(settings.aspectRatio)) {
      const input = this.#aspect.get(settings.aspectRatio as AspectRatio);
      if (input) input.checked = true;
    }
    if ((PANEL_MODELS as readonly string[]).includes(settings.model)) this.#model.value = settings.model;
    this.#seedLocked.checked = true;
    this.#seed.disabled = false;
    this.#seed.value = String(settings.seed);
    this.#updateCounter();
    this.#prompt.focus();
  }

  #aspectField(): HTMLElement {
    const options = ASPECT_RATIO_CHOICES.map((choice, index) => {
      const input = h('input', { class: 'visually-hidden', attrs: { type: 'radio', name: 'aspect-ratio', value: choice.value, id: `aspect-${choice.shape}` } });
      input.checked = index === 0;
      this.#aspect.set(choice.value, input);
      input.setAttribute('aria-label', choice.label);
      return h('label', { class: 'aspect-option', attrs: { for: `aspect-${choice.shape}`, title: choice.label } }, [
        input,
        h('span', { class: ['aspect-shape', `shape-${choice.shape}`], attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'aspect-label', text: choice.ratio, attrs: { 'aria-hidden': 'true' } }),
      ]);
    });
    return h('fieldset', { class: 'field aspect-field' }, [h('legend', { class: 'field-label', text: 'Aspect ratio' }), h('div', { class: 'aspect-options' }, options)]);
  }

  #settings(): BatchSettings {
    const aspectRatio = [...this.#aspect].find(([, input]) => input.checked)?.[0] ?? 'IMAGE_ASPECT_RATIO_SQUARE';
    const seed = Number.parseInt(this.#seed.value, 10);
    return {
      count: Number.parseInt(this.#count.value, 10),
      aspectRatio,
      seed: this.#seedLocked.checked && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED ? seed : null,
      model: this.#model.value as ImageModel,
    };
  }

  async #submit(): Promise<void> {
    const prompt = this.#prompt.value.trim();
    if (prompt === '') {
      this.#showError('Write a prompt first.');
      return;
    }
    if (!this.#state.online) return;
    this.#showError(null);
    try {
      await this.#bridge.invoke('generation:enqueue', { prompt, ...this.#settings() });
    } catch (failure) {
      this.#toasts.error(toCallError(failure));
    }
  }

  async #queueFile(): Promise<void> {
    const file = this.#file.files?.[0];
    this.#file.value = '';
    if (!file) return;
    try {
      const jobs = await this.#bridge.invoke('generation:enqueue-prompt-file', await file.text(), this.#settings());
      this.#toasts.show({ kind: 'success', title: `Queued ${plural(jobs.length, 'prompt')}`, detail: `From ${file.name}` });
    } catch (failure) {
      this.#toasts.error(toCallError(failure));
    }
  }

  #showError(message: string | null): void {
    this.#error.textContent = message ?? '';
    this.#error.hidden = message === null;
    this.#prompt.setAttribute('aria-invalid', String(message !== null));
  }

  #updateCounter(): void {
    this.#counter.textContent = `${this.#prompt.value.length} / ${MAX_PROMPT_LENGTH}`;
  }

  #updateAvailability(): void {
    this.#generate.disabled = !this.#state.online;
    this.#generate.title = this.#state.online ? '' : 'You are offline';
  }
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % (MAX_SEED + 1);
}

function isMac(): boolean {
  return navigator.platform.toLowerCase().startsWith('mac');
}
