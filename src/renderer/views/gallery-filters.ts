/**
 * The gallery's toolbar: search as you type (debounced) and filters (favourites, aspect ratio, model,
 * date). Emits one query object whenever any of them changes. The search box shows its syntax (placeholder
 * and title) and, under the toolbar, what a search leaves out (search-wording.ts).
 */
import type { GalleryFilters } from '../../shared/gallery-schemas.ts';
import { IMAGE_MODELS } from '../../shared/generation-options.ts';
import { debounce } from '../debounce.ts';
import { h } from '../dom.ts';
import { ASPECT_RATIO_CHOICES, modelLabel } from '../format.ts';
import { icon } from '../icons.ts';
import { SEARCH_PLACEHOLDER, SEARCH_SYNTAX_HINT, searchNote } from '../search-wording.ts';

export interface GalleryQuery {
  readonly text: string;
  readonly filters: GalleryFilters;
}

export const SEARCH_DEBOUNCE_MS = 250;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RANGES: readonly { readonly value: string; readonly label: string; readonly days: number | null }[] = [
  { value: 'any', label: 'Any time', days: null },
  { value: '1', label: 'Last 24 hours', days: 1 },
  { value: '7', label: 'Last 7 days', days: 7 },
  { value: '30', label: 'Last 30 days', days: 30 },
];

export class GalleryFiltersView {
  readonly element: HTMLElement;
  readonly search = h('input', {
    class: 'input search-input',
    attrs: {
      type: 'search',
      id: 'gallery-search',
      dir: 'auto',
      placeholder: SEARCH_PLACEHOLDER,
      title: SEARCH_SYNTAX_HINT,
      autocomplete: 'off',
      'aria-label': 'Search prompts',
      'aria-describedby': 'search-note',
      spellcheck: 'false',
    },
  });
  readonly #note = h('p', { class: 'search-note', attrs: { id: 'search-note', hidden: true } });
  readonly #favourites = h('button', { class: 'chip', attrs: { type: 'button', 'aria-pressed': 'false', id: 'filter-favourites' } }, [icon('favourite'), 'Favourites']);
  readonly #aspect = h('select', { class: 'input input-compact', attrs: { id: 'filter-aspect', 'aria-label': 'Aspect ratio' } });
  readonly #model = h('select', { class: 'input input-compact', attrs: { id: 'filter-model', 'aria-label': 'Model' } });
  readonly #date = h('select', { class: 'input input-compact', attrs: { id: 'filter-date', 'aria-label': 'Created' } });
  readonly #onChange: (query: GalleryQuery) => void;

  constructor(onChange: (query: GalleryQuery) => void, extra: readonly HTMLElement[] = []) {
    this.#onChange = onChange;
    this.#aspect.append(h('option', { text: 'All shapes', attrs: { value: '' } }), ...ASPECT_RATIO_CHOICES.map((c) => h('option', { text: c.label, attrs: { value: c.value } })));
    this.#model.append(h('option', { text: 'All models', attrs: { value: '' } }), ...IMAGE_MODELS.map((m) => h('option', { text: modelLabel(m), attrs: { value: m } })));
    this.#date.append(...DATE_RANGES.map((range) => h('option', { text: range.label, attrs: { value: range.value } })));
    const typed = debounce(() => this.#emit(), SEARCH_DEBOUNCE_MS);
    this.search.addEventListener('input', () => typed());
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') typed.flush();
    });
    this.#favourites.addEventListener('click', () => {
      this.#favourites.setAttribute('aria-pressed', String(this.#favourites.getAttribute('aria-pressed') !== 'true'));
      this.#emit();
    });
    for (const select of [this.#aspect, this.#model, this.#date]) select.addEventListener('change', () => this.#emit());
    this.element = h('div', { class: 'gallery-toolbar', attrs: { role: 'search' } }, [
      h('div', { class: 'search-box' }, [icon('search', 'icon search-icon'), this.search]),
      h('div', { class: 'filters', attrs: { role: 'group', 'aria-label': 'Filters' } }, [this.#favourites, this.#aspect, this.#model, this.#date]),
      ...extra,
      this.#note,
    ]);
  }

  /** The current query (dates relative to now). */
  query(): GalleryQuery {
    const filters: { -readonly [K in keyof GalleryFilters]: GalleryFilters[K] } = {};
    if (this.#favourites.getAttribute('aria-pressed') === 'true') filters.favouritesOnly = true;
    if (this.#aspect.value) filters.aspectRatio = this.#aspect.value;
    if (this.#model.value) filters.model = this.#model.value;
    const days = DATE_RANGES.find((range) => range.value === this.#date.value)?.days ?? null;
    if (days !== null) filters.createdFrom = Math.max(0, Date.now() - days * DAY_MS);
    return { text: this.search.value.trim(), filters };
  }

  #emit(): void {
    const query = this.query();
    // Said when the results change, not at every key: a lone `"` typed first is not worth a warning.
    this.#note.textContent = searchNote(query.text);
    this.#note.hidden = this.#note.textContent === '';
    this.#onChange(query);
  }
}

/** True when the query narrows the gallery at all. */
export function isNarrowed(query: GalleryQuery): boolean {
  return query.text !== '' || Object.keys(query.filters).length > 0;
}
