/**
 * The account area of the header: who is signed in (avatar, name, email) and a menu to switch between
 * known accounts, add one, or sign out. Signing out with unfinished generations asks first whether to keep
 * them for this account (they run when it signs in again) or discard them. A menu button:
 * Enter/Space/ArrowDown opens it, arrows move, Escape closes and returns focus.
 */
import type { AuthSnapshot } from '../../shared/auth-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { icon } from '../icons.ts';
import { plural } from '../format.ts';
import { avatar } from './avatar.ts';
import { askChoice } from './modal-dialog.ts';
import type { Toasts } from './toasts.ts';

export class AccountMenu {
  readonly element: HTMLElement;
  readonly #state: AppState;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #button: HTMLButtonElement;
  readonly #menu: HTMLElement;
  #snapshot: AuthSnapshot | null = null;

  constructor(state: AppState, bridge: Bridge, toasts: Toasts) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#button = h('button', {
      class: 'account-button',
      attrs: { type: 'button', id: 'account-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'account-menu' },
    });
    this.#menu = h('div', { class: 'account-menu', attrs: { id: 'account-menu', role: 'menu', 'aria-labelledby': 'account-button' } });
    this.#menu.hidden = true;
    this.element = h('div', { class: 'account-area' }, [this.#button, this.#menu]);
    this.#button.addEventListener('click', () => this.#toggle(this.#menu.hidden));
    this.#button.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.#toggle(true);
      }
    });
    this.#menu.addEventListener('keydown', (event) => this.#onMenuKey(event));
    document.addEventListener('click', (event) => {
      if (!this.#menu.hidden && !this.element.contains(event.target as Node)) this.#toggle(false, false);
    });
  }

  update(snapshot: AuthSnapshot): void {
    this.#snapshot = snapshot;
    const account = snapshot.activeAccount;
    this.element.hidden = account === null;
    if (!account) return;
    this.#button.setAttribute('aria-label', `Account: ${account.name}, ${account.email}`);
    replaceChildren(this.#button, [
      avatar(account),
      h('span', { class: 'account-text' }, [h('strong', { class: 'account-name', text: account.name }), h('span', { class: 'account-email', text: account.email })]),
      icon('expand', 'icon chevron'),
    ]);
    const others = snapshot.accounts.filter((other) => other.id !== account.id);
    replaceChildren(this.#menu, [
      h('div', { class: 'account-menu-header' }, [
        avatar(account, 'large'),
        h('strong', { text: account.name }),
        h('span', { class: 'muted', text: account.email }),
      ]),
      ...(others.length > 0 ? [h('div', { class: 'menu-label', text: 'Switch account' })] : []),
      ...others.map((other) =>
        this.#item([avatar(other), h('span', { class: 'account-text' }, [h('strong', { text: other.name }), h('span', { text: other.email })])], () =>
          this.#bridge.invoke('auth:switch-account', other.id),
        ),
      ),
      h('div', { class: 'menu-separator', attrs: { role: 'separator' } }),
      this.#item([icon('addAccount'), 'Add another account'], () => this.#bridge.invoke('auth:sign-in')),
      this.#item([icon('signOut'), 'Sign out'], () => this.#signOut(), 'sign-out'),
    ]);
  }

  #item(content: (Node | string)[], action: () => Promise<unknown>, id?: string): HTMLElement {
    const item = h('button', { class: 'menu-item', attrs: { type: 'button', role: 'menuitem', tabindex: '-1', id: id ? `menu-${id}` : undefined } }, content);
    item.addEventListener('click', () => {
      this.#toggle(false);
      action().catch((failure: unknown) => {
        const error = toCallError(failure);
        if (error.code !== 'LOGIN_CANCELLED') this.#toasts.error(error);
      });
    });
    return item;
  }

  /** Signs out; with unfinished generations of this account, asks what becomes of them first. */
  async #signOut(): Promise<void> {
    const account = this.#snapshot?.activeAccount;
    if (!account) return;
    const unfinished = [...this.#state.jobs.values()].filter((job) => job.accountId === account.id && job.finishedAt === null).length;
    let queuedWork: 'keep' | 'discard' = 'keep';
    if (unfinished > 0) {
      const choice = await askChoice({
        title: 'Sign out?',
        message: `${plural(unfinished, 'generation')} of ${account.email} ${unfinished === 1 ? 'has' : 'have'} not finished. Keep them for this account (they run when it signs in again), or discard them?`,
        choices: [
          { value: 'discard', label: 'Discard them', variant: 'danger' },
          { value: 'keep', label: 'Keep for this account', variant: 'primary' },
        ],
      });
      if (choice === null) return;
      queuedWork = choice;
    }
    await this.#bridge.invoke('auth:sign-out', { queuedWork });
  }

  #items(): HTMLElement[] {
    return Array.from(this.#menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  }

  #toggle(open: boolean, restoreFocus = true): void {
    if (!this.#snapshot?.activeAccount) return;
    this.#menu.hidden = !open;
    this.#button.setAttribute('aria-expanded', String(open));
    if (open) this.#items()[0]?.focus();
    else if (restoreFocus) this.#button.focus();
  }

  #onMenuKey(event: KeyboardEvent): void {
    const items = this.#items();
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#toggle(false);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Tab') {
      this.#toggle(false, false);
    }
  }
}
