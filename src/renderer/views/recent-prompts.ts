/**
 * Recent prompts under the generate form: one click puts a prompt back into the form. A disclosure, so
 * it takes no room when closed; it opens when there is history to show.
 */
import { h, replaceChildren } from '../dom.ts';
import { icon } from '../icons.ts';
import type { PromptHistory } from '../prompt-history.ts';

export class RecentPrompts {
  readonly element: HTMLDetailsElement;
  readonly #history: PromptHistory;
  readonly #use: (prompt: string) => void;
  readonly #list = h('ul', { class: 'recent-list', attrs: { 'aria-label': 'Recent prompts' } });
  readonly #title = h('span');
  readonly #clear = h('button', { class: 'text-button', text: 'Clear history', attrs: { type: 'button', id: 'clear-history' } });

  constructor(history: PromptHistory, use: (prompt: string) => void) {
    this.#history = history;
    this.#use = use;
    this.#clear.addEventListener('click', () => {
      this.#history.clear();
      this.render();
      this.element.querySelector('summary')?.focus();
    });
    this.element = h('details', { class: 'recent-prompts', attrs: { id: 'recent-prompts' } }, [
      h('summary', { class: 'recent-summary' }, [icon('history'), this.#title]),
      this.#list,
      this.#clear,
    ]);
    this.element.open = history.list().length > 0;
    this.render();
  }

  render(): void {
    const prompts = this.#history.list();
    if (prompts.length > 0 && this.#list.querySelector('.recent-item') === null) this.element.open = true; // the first one: show it
    this.#title.textContent = prompts.length === 0 ? 'Recent prompts' : `Recent prompts (${prompts.length})`;
    this.#clear.hidden = prompts.length === 0;
    replaceChildren(
      this.#list,
      prompts.length === 0
        ? [h('li', { class: 'hint', text: 'Prompts you generate appear here, to use again in one click.' })]
        : prompts.map((prompt) => {
            const button = h('button', { class: 'recent-item', text: prompt, attrs: { type: 'button', dir: 'auto', title: prompt, 'aria-label': `Use again: ${prompt}` } });
            button.addEventListener('click', () => this.#use(prompt));
            return h('li', {}, [button]);
          }),
    );
  }
}
