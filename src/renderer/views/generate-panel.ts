/**
 * The generate form: prompt, number of images, aspect ratio, seed (locked or random) and model, with
 * Ctrl/Cmd+Enter from anywhere in the form. Its checks speak up rather than guess: an empty or too long
 * prompt and a seed that is not a whole number in range each get a sentence next to the field (and the
 * prompt's clears as soon as it no longer applies). Generate is disabled while its request is on its way,
 * so a double click makes one job. Batches and "describe an image" open their dialogs from here; every
 * prompt sent joins the recent prompts.
 */
import { ASPECT_RATIOS, MAX_IMAGES_PER_REQUEST, MAX_PROMPT_LENGTH } from '../../shared/generation-options.ts';
import type { AspectRatio, ImageModel } from '../../shared/generation-options.ts';
import type { BatchSettings } from '../../shared/generation-schemas.ts';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h } from '../dom.ts';
import { ASPECT_RATIO_CHOICES, modelLabel } from '../format.ts';
import { promptProblem } from '../form-checks.ts';
import { icon } from '../icons.ts';
import type { PromptHistory } from '../prompt-history.ts';
import { openBatchDialog } from './batch-dialog.ts';
import { openDescribeDialog } from './describe-dialog.ts';
import { RecentPrompts } from './recent-prompts.ts';
import { SeedField } from './seed-field.ts';
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
  readonly #history: PromptHistory;
  readonly #recent: RecentPrompts;
  readonly #prompt = h('textarea', {
    class: 'input prompt-input',
    attrs: { id: 'prompt', rows: 3, dir: 'auto', placeholder: 'Describe the image you want…', 'aria-describedby': 'prompt-error prompt-hint' },
  });
  readonly #counter = h('span', { class: 'counter', attrs: { 'aria-hidden': 'true' } });
  readonly #count = h('select', { class: 'input', attrs: { id: 'image-count' } });
  readonly #model = h('select', { class: 'input', attrs: { id: 'model' } });
  readonly #seed = new SeedField();
  readonly #aspect = new Map<AspectRatio, HTMLInputElement>();
  readonly #generate = h('button', { class: 'button button-primary button-block', attrs: { type: 'submit', id: 'generate-button' } });
  readonly #error = h('p', { class: 'field-error', attrs: { id: 'prompt-error', role: 'alert' } });
  #sending = false;

  constructor(state: AppState, bridge: Bridge, toasts: Toasts, history: PromptHistory) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#history = history;
    this.#recent = new RecentPrompts(history, (prompt) => this.applyPrompt(prompt));
    for (let count = 1; count <= MAX_IMAGES_PER_REQUEST; count += 1) this.#count.appendChild(h('option', { text: String(count), attrs: { value: count } }));
    this.#count.value = String(DEFAULT_COUNT);
    for (const model of PANEL_MODELS) this.#model.appendChild(h('option', { text: modelLabel(model), attrs: { value: model } }));
    this.#prompt.addEventListener('input', () => this.#onPromptInput());
    this.#error.hidden = true;
    this.#generate.append(icon('sparkle'), 'Generate', h('kbd', { text: isMac() ? '⌘ ↵' : 'Ctrl ↵', attrs: { 'aria-hidden': 'true' } }));

    const batch = h('button', { class: 'button button-ghost', attrs: { type: 'button', id: 'open-batch' } }, [icon('upload'), 'Batch…']);
    batch.addEventListener('click', () => openBatchDialog({ bridge, toasts, defaults: () => this.#settings() }));
    const describe = h('button', { class: 'button button-ghost', attrs: { type: 'button', id: 'open-describe' } }, [icon('describe'), 'Describe an image…']);
    describe.addEventListener('click', () => openDescribeDialog({ bridge, use: (caption) => this.applyPrompt(caption) }));
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
      this.#seed.element,
      this.#generate,
      h('div', { class: 'generate-more' }, [batch, describe]),
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
      this.#recent.element,
    ]);
    state.subscribe('online', () => this.#updateAvailability());
    this.#updateCounter();
    this.#updateAvailability();
  }

  /** Fills the form with a gallery image's settings (seed locked, so the result can be repeated). */
  applySettings(settings: Pick<GalleryItem, 'prompt' | 'seed' | 'model' | 'aspectRatio'>): void {
    if ((ASPECT_RATIOS as readonly string[]).includes(settings.aspectRatio)) {
      const input = this.#aspect.get(settings.aspectRatio as AspectRatio);
      if (input) input.checked = true;
    }
    if ((PANEL_MODELS as readonly string[]).includes(settings.model)) this.#model.value = settings.model;
    this.#seed.lock(settings.seed);
    this.applyPrompt(settings.prompt);
  }

  /** Puts `prompt` into the prompt field and gives it focus (captions, recent prompts, reuse). */
  applyPrompt(prompt: string): void {
    this.#prompt.value = prompt;
    this.#onPromptInput();
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

  /** The form's settings; the seed only once checked (random when the lock is off). */
  #settings(): BatchSettings {
    const aspectRatio = [...this.#aspect].find(([, input]) => input.checked)?.[0] ?? 'IMAGE_ASPECT_RATIO_SQUARE';
    return {
      count: Number.parseInt(this.#count.value, 10),
      aspectRatio,
      seed: this.#seed.value(),
      model: this.#model.value as ImageModel,
    };
  }

  async #submit(): Promise<void> {
    if (this.#sending) return;
    const problem = promptProblem(this.#prompt.value);
    this.#showPromptProblem(problem);
    if (problem) {
      this.#prompt.focus();
      return;
    }
    if (!this.#seed.check()) {
      this.#seed.focus();
      return;
    }
    const prompt = this.#prompt.value.trim();
    const hadFocus = document.activeElement === this.#generate;
    this.#sending = true;
    this.#updateAvailability();
    try {
      await this.#bridge.invoke('generation:enqueue', { prompt, ...this.#settings() });
      this.#history.add(prompt);
      this.#recent.render();
    } catch (failure) {
      this.#toasts.error(toCallError(failure));
    } finally {
      this.#sending = false;
      this.#updateAvailability();
      // A disabled button drops focus; give it back to the button the user pressed.
      if (hadFocus && (document.activeElement === document.body || document.activeElement === null)) this.#generate.focus();
    }
  }

  #onPromptInput(): void {
    this.#updateCounter();
    // Speak up as soon as the text is too long (a paste can be); drop a stale problem once it is fixed.
    const problem = promptProblem(this.#prompt.value);
    if (this.#prompt.value.trim().length > MAX_PROMPT_LENGTH) this.#showPromptProblem(problem);
    else if (problem === null) this.#showPromptProblem(null);
  }

  #showPromptProblem(message: string | null): void {
    this.#error.textContent = message ?? '';
    this.#error.hidden = message === null;
    this.#prompt.setAttribute('aria-invalid', String(message !== null));
  }

  #updateCounter(): void {
    const length = this.#prompt.value.trim().length;
    this.#counter.textContent = `${length} / ${MAX_PROMPT_LENGTH}`;
    this.#counter.classList.toggle('counter-over', length > MAX_PROMPT_LENGTH);
  }

  /** Generate stays usable offline: the job is queued and waits for the network (its card says so). */
  #updateAvailability(): void {
    // Offline, the button still queues: the job waits for the network and starts by itself.
    this.#generate.disabled = this.#sending;
    this.#generate.setAttribute('aria-busy', String(this.#sending));
    this.#generate.title = this.#state.online ? '' : 'You are offline: the job waits for the network';
  }
}

function isMac(): boolean {
  return navigator.platform.toLowerCase().startsWith('mac');
}
