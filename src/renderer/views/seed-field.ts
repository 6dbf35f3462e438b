/**
 * The generate form's seed: a lock switch, the number (random when unlocked), a dice for a new random
 * seed, and the sentence saying why a locked value is not a seed (out of range, not whole, empty) — shown
 * when the form is sent, updated as the user corrects it, never silently dropped or rounded.
 */
import { MAX_SEED } from '../../shared/generation-options.ts';
import { h } from '../dom.ts';
import { readSeed } from '../form-checks.ts';
import { icon } from '../icons.ts';

export class SeedField {
  readonly element: HTMLElement;
  readonly #locked = h('input', { attrs: { type: 'checkbox', id: 'seed-locked' } });
  readonly #input = h('input', {
    class: 'input seed-input',
    attrs: { type: 'text', inputmode: 'numeric', id: 'seed', autocomplete: 'off', placeholder: 'Random', 'aria-label': 'Seed', 'aria-describedby': 'seed-error' },
  });
  readonly #error = h('p', { class: 'field-error', attrs: { id: 'seed-error', role: 'alert' } });

  constructor() {
    this.#input.disabled = true;
    this.#error.hidden = true;
    this.#locked.addEventListener('change', () => {
      this.#input.disabled = !this.#locked.checked;
      if (this.#locked.checked && this.#input.value === '') this.#input.value = String(randomSeed());
      this.#showProblem(null);
    });
    this.#input.addEventListener('input', () => {
      if (!this.#error.hidden) this.check();
    });
    const dice = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': 'New random seed', title: 'New random seed' } }, [icon('dice')]);
    dice.addEventListener('click', () => this.lock(randomSeed()));
    this.element = h('div', { class: 'field' }, [
      h('span', { class: 'field-label', text: 'Seed', attrs: { id: 'seed-label', title: 'Lock a seed to repeat a result; unlocked, every run picks a new one.' } }),
      h('div', { class: 'seed-row', attrs: { role: 'group', 'aria-labelledby': 'seed-label' } }, [
        h('label', { class: 'switch' }, [this.#locked, h('span', { class: 'switch-track', attrs: { 'aria-hidden': 'true' } }), 'Lock']),
        this.#input,
        dice,
      ]),
      this.#error,
    ]);
  }

  /** Locks `seed` (reuse settings, the dice). */
  lock(seed: number): void {
    this.#locked.checked = true;
    this.#input.disabled = false;
    this.#input.value = String(seed);
    this.#showProblem(null);
  }

  /** The seed to send: the locked value when it is one, else `null` (random). */
  value(): number | null {
    if (!this.#locked.checked) return null;
    const result = readSeed(this.#input.value);
    return 'seed' in result ? result.seed : null;
  }

  /** True when the seed may be sent (unlocked, or a valid locked seed); else shows why not. */
  check(): boolean {
    if (!this.#locked.checked) return true;
    const result = readSeed(this.#input.value);
    this.#showProblem('problem' in result ? result.problem : null);
    return 'seed' in result;
  }

  focus(): void {
    this.#input.focus();
  }

  #showProblem(message: string | null): void {
    this.#error.textContent = message ?? '';
    this.#error.hidden = message === null;
    this.#input.setAttribute('aria-invalid', String(message !== null));
  }
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % (MAX_SEED + 1);
}
