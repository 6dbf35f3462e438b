/**
 * The generate form: prompt, number of images, aspect ratio, seed (locked or random) and model, with
 * Ctrl/Cmd+Enter from anywhere in the form. The choices are the active account's backend's
 * (`generation:capabilities`, asked again whenever the account or its backend changes): its models by
 * their friendly names, its aspect ratios, 1 to its most images, the seed only where it is honoured, and
 * reference pictures only where they are taken. Its checks speak up rather than guess: an empty or too long
 * prompt and a seed that is not a whole number in range each get a sentence next to the field (and the
 * prompt's clears as soon as it no longer applies). Generate is disabled while its request is on its way,
 * so a double click makes one job. Batches and "describe an image" open their dialogs from here; every
 * prompt sent joins the recent prompts.
 */
import type { BackendCapabilities } from '../../shared/backend-schemas.ts';
import { CLASSIC_CAPABILITIES, MAX_PROMPT_LENGTH } from '../../shared/generation-options.ts';
import type { AspectRatio, ImageModel } from '../../shared/generation-options.ts';
import type { BatchSettings } from '../../shared/generation-schemas.ts';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { ASPECT_RATIO_CHOICES } from '../format.ts';
import { promptProblem } from '../form-checks.ts';
import { icon } from '../icons.ts';
import type { PromptHistory } from '../prompt-history.ts';
import { openBatchDialog } from './batch-dialog.ts';
import { openDescribeDialog } from './describe-dialog.ts';
import { RecentPrompts } from './recent-prompts.ts';
import { ReferencePicker } from './reference-picker.ts';
import { SeedField } from './seed-field.ts';
import type { Toasts } from './toasts.ts';

const DEFAULT_COUNT = 4;

/** What the form offers before the backend has said (and when it cannot be asked). */
const BEFORE_CAPABILITIES = CLASSIC_CAPABILITIES;

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
  readonly #seedNote = h('p', { class: 'hint', text: 'This backend picks its own seeds; each image records the one it used.', attrs: { id: 'seed-note' } });
  readonly #aspect = new Map<AspectRatio, HTMLInputElement>();
  readonly #aspectOptions = h('div', { class: 'aspect-options' });
  readonly #references: ReferencePicker;
  #capabilities: BackendCapabilities = BEFORE_CAPABILITIES;
  /** Which account and backend the choices were asked for (`id:backend`), so a change asks again. */
  #askedFor: string | null = null;
  readonly #generate = h('button', { class: 'button button-primary button-block', attrs: { type: 'submit', id: 'generate-button' } });
  readonly #error = h('p', { class: 'field-error', attrs: { id: 'prompt-error', role: 'alert' } });
  #sending = false;

  constructor(state: AppState, bridge: Bridge, toasts: Toasts, history: PromptHistory) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#history = history;
    this.#recent = new RecentPrompts(history, (prompt) => this.applyPrompt(prompt));
    this.#references = new ReferencePicker(bridge, toasts);
    this.#count.value = String(DEFAULT_COUNT);
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
      this.#seedNote,
      this.#references.element,
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
    state.subscribe('auth', () => void this.#followAccount());
    this.#showCapabilities(BEFORE_CAPABILITIES);
    this.#updateCounter();
    this.#updateAvailability();
    void this.#followAccount();
  }

  /** Asks for the choices again when the active account or its backend changed. */
  async #followAccount(): Promise<void> {
    const active = this.#state.auth?.activeAccount ?? null;
    const key = active ? `${active.id}:${active.backend}` : null;
    if (key === this.#askedFor) return;
    this.#askedFor = key;
    try {
      const capabilities = await this.#bridge.invoke('generation:capabilities');
      if (this.#askedFor === key) this.#showCapabilities(capabilities);
    } catch {
      // The form keeps its choices; the request is checked in the main process anyway.
    }
  }

  /** Draws the backend's choices, keeping what the user had chosen where it is still offered. */
  #showCapabilities(capabilities: BackendCapabilities): void {
    this.#capabilities = capabilities;
    const model = this.#model.value;
    replaceChildren(this.#model, capabilities.models.map((choice) => h('option', { text: choice.name, attrs: { value: choice.id } })));
    if (capabilities.models.some((choice) => choice.id === model)) this.#model.value = model;
    const count = Number.parseInt(this.#count.value, 10) || DEFAULT_COUNT;
    replaceChildren(this.#count, Array.from({ length: capabilities.maxImages }, (_, index) => h('option', { text: String(index + 1), attrs: { value: index + 1 } })));
    this.#count.value = String(Math.min(count, capabilities.maxImages));
    this.#drawAspects(capabilities);
    this.#seed.element.hidden = !capabilities.seed;
    this.#seedNote.hidden = capabilities.seed;
    this.#references.setLimit(capabilities.maxReferenceImages);
  }
  /** Fills the form with a gallery image's settings (seed locked, so the result can be repeated). */
  applySettings(settings: Pick<GalleryItem, 'prompt' | 'seed' | 'model' | 'aspectRatio'>): void {
    const input = this.#aspect.get(settings.aspectRatio as AspectRatio);
    if (input) input.checked = true;
    if (this.#capabilities.models.some((choice) => choice.id === settings.model)) this.#model.value = settings.model;
    if (this.#capabilities.seed) this.#seed.lock(settings.seed);
    this.applyPrompt(settings.prompt);
  }

  /** Puts `prompt` into the prompt field and gives it focus (captions, recent prompts, reuse). */
  applyPrompt(prompt: string): void {
    this.#prompt.value = prompt;
    this.#onPromptInput();
    this.#prompt.focus();
  }

  #aspectField(): HTMLElement {
    return h('fieldset', { class: 'field aspect-field' }, [h('legend', { class: 'field-label', text: 'Aspect ratio' }), this.#aspectOptions]);
  }

  /** One option per ratio the backend offers (and the app can draw), keeping the chosen one where it still is. */
  #drawAspects(capabilities: BackendCapabilities): void {
    const chosen = [...this.#aspect].find(([, input]) => input.checked)?.[0];
    const offered = ASPECT_RATIO_CHOICES.filter((choice) => capabilities.aspectRatios.some((ratio) => ratio.id === choice.value));
    this.#aspect.clear();
    replaceChildren(this.#aspectOptions, offered.map((choice) => {
      const input = h('input', { class: 'visually-hidden', attrs: { type: 'radio', name: 'aspect-ratio', value: choice.value, id: `aspect-${choice.shape}` } });
      this.#aspect.set(choice.value, input);
      input.setAttribute('aria-label', choice.label);
      return h('label', { class: 'aspect-option', attrs: { for: `aspect-${choice.shape}`, title: choice.label } }, [
        input,
        h('span', { class: ['aspect-shape', `shape-${choice.shape}`], attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'aspect-label', text: choice.ratio, attrs: { 'aria-hidden': 'true' } }),
      ]);
    }));
    const keep = chosen === undefined ? undefined : this.#aspect.get(chosen);
    const first = this.#aspect.values().next().value;
    if (keep) keep.checked = true;
    else if (first) first.checked = true;
  }

  /** The form's settings; the seed only once checked (random when the lock is off), references by id. */
  #settings(): BatchSettings {
    const aspectRatio = [...this.#aspect].find(([, input]) => input.checked)?.[0] ?? 'IMAGE_ASPECT_RATIO_SQUARE';
    const referenceIds = this.#references.ids();
    return {
      count: Number.parseInt(this.#count.value, 10),
      aspectRatio,
      seed: this.#capabilities.seed ? this.#seed.value() : null,
      model: this.#model.value as ImageModel,
      ...(referenceIds.length > 0 ? { referenceIds } : {}),
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
    if (this.#capabilities.seed && !this.#seed.check()) {
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
