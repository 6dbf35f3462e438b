/**
 * The window's header: the app's name, the pages (Create, Queue, Gallery, Settings) as tabs, and the
 * account menu. Tabs follow the ARIA pattern: Left/Right move between them, the panel they control is
 * labelled by them. In a narrow window (or at a large zoom) the tabs show their icons only; their names
 * stay for assistive technology.
 */
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { h } from '../dom.ts';
import { icon, type IconName } from '../icons.ts';
import { AccountMenu } from './account-menu.ts';
import type { Toasts } from './toasts.ts';

export type PageName = 'create' | 'queue' | 'gallery' | 'settings';

export const PAGES: readonly { readonly name: PageName; readonly label: string; readonly icon: IconName }[] = [
  { name: 'create', label: 'Create', icon: 'sparkle' },
  { name: 'queue', label: 'Queue', icon: 'queue' },
  { name: 'gallery', label: 'Gallery', icon: 'gallery' },
  { name: 'settings', label: 'Settings', icon: 'settings' },
];

export class HeaderView {
  readonly element: HTMLElement;
  readonly #tabs = new Map<PageName, HTMLButtonElement>();
  readonly #onSelect: (page: PageName) => void;
  readonly #demo = h('span', { class: 'demo-badge', text: 'Demo' });

  constructor(state: AppState, bridge: Bridge, toasts: Toasts, onSelect: (page: PageName) => void) {
    this.#onSelect = onSelect;
    const menu = new AccountMenu(state, bridge, toasts);
    const tablist = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Pages' } });
    for (const page of PAGES) {
      const tab = h('button', {
        class: 'tab',
        attrs: { type: 'button', role: 'tab', id: `tab-${page.name}`, 'aria-controls': `page-${page.name}`, 'aria-selected': 'false', tabindex: '-1', title: page.label },
      }, [icon(page.icon), h('span', { class: 'tab-label', text: page.label })]);
      tab.addEventListener('click', () => this.#onSelect(page.name));
      tab.addEventListener('keydown', (event) => this.#onTabKey(event, page.name));
      this.#tabs.set(page.name, tab);
      tablist.appendChild(tab);
    }
    this.#demo.hidden = true;
    this.element = h('header', { class: 'app-header' }, [
      h('div', { class: 'brand' }, [
        h('span', { class: 'brand-mark' }, [icon('sparkle')]),
        h('span', { class: 'brand-name', text: 'ImageFX' }),
        h('span', { class: 'brand-suffix', text: 'Desktop' }),
        this.#demo,
      ]),
      tablist,
      menu.element,
    ]);
    state.subscribe('auth', () => {
      if (state.auth) menu.update(state.auth);
    });
    if (state.auth) menu.update(state.auth);
  }

  /** Shows "Demo" next to the name when the app talks to the local emulator. */
  setDemo(demo: boolean): void {
    this.#demo.hidden = !demo;
  }

  select(page: PageName): void {
    for (const [name, tab] of this.#tabs) {
      const selected = name === page;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
  }

  #onTabKey(event: KeyboardEvent, current: PageName): void {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const index = PAGES.findIndex((page) => page.name === current);
    const next = PAGES[(index + (event.key === 'ArrowRight' ? 1 : -1) + PAGES.length) % PAGES.length]!;
    this.#onSelect(next.name);
    this.#tabs.get(next.name)?.focus();
  }
}
