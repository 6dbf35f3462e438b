/**
 * The Settings page's accounts: every account used on this computer, which one is active, switch to
 * another, add one (a Google sign-in), remove one after a confirmation. Focus lands on the account a
 * change concerns: the one switched to or added, or after a removal the next one (else "Add an account").
 */
import type { AuthSnapshot } from '../../shared/auth-schemas.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { icon } from '../icons.ts';
import { avatar } from './avatar.ts';
import { confirmAction } from './modal-dialog.ts';
import type { Toasts } from './toasts.ts';

export class SettingsAccounts {
  readonly element: HTMLElement;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #list = h('ul', { class: 'settings-accounts', attrs: { id: 'settings-accounts', 'aria-label': 'Accounts' } });
  readonly #add = h('button', { class: 'button', attrs: { type: 'button', id: 'settings-add-account' } }, [icon('addAccount'), 'Add an account']);
  /** The account to give focus to once the next snapshot is drawn (`''`: the Add button). */
  #focusNext: string | null = null;

  constructor(bridge: Bridge, toasts: Toasts) {
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#add.addEventListener('click', () => {
      this.#run(async () => {
        const account = await this.#bridge.invoke('auth:sign-in');
        this.#focusNext = account.id;
        this.#toasts.show({ kind: 'success', title: `Signed in as ${account.email}` });
      });
    });
    this.element = h('section', { class: 'settings-card', attrs: { 'aria-labelledby': 'settings-accounts-title' } }, [
      h('h3', { text: 'Accounts', attrs: { id: 'settings-accounts-title' } }),
      h('p', { class: 'hint', text: 'Google accounts signed in on this computer. Jobs run under the active one.' }),
      this.#list,
      this.#add,
    ]);
  }

  update(snapshot: AuthSnapshot): void {
    const active = snapshot.activeAccount?.id ?? null;
    replaceChildren(this.#list, snapshot.accounts.map((account) => {
      const isActive = account.id === active;
      const switchTo = h('button', { class: 'button button-small', text: 'Switch to', attrs: { type: 'button', 'aria-label': `Switch to ${account.email}` } });
      switchTo.addEventListener('click', () => this.#run(async () => {
        this.#focusNext = account.id;
        await this.#bridge.invoke('auth:switch-account', account.id);
      }));
      const remove = h('button', { class: 'button button-small button-ghost button-danger-text', text: 'Remove…', attrs: { type: 'button', 'aria-label': `Remove ${account.email}` } });
      remove.addEventListener('click', () => this.#run(async () => {
        const confirmed = await confirmAction({
          title: `Remove ${account.email}?`,
          message: 'Its saved session is deleted from this computer. Your gallery keeps every image. You can sign in again at any time.',
          confirmLabel: 'Remove',
          danger: true,
        });
        if (!confirmed) return;
        const index = snapshot.accounts.indexOf(account);
        this.#focusNext = snapshot.accounts[index + 1]?.id ?? snapshot.accounts[index - 1]?.id ?? '';
        await this.#bridge.invoke('auth:remove-account', account.id);
        this.#toasts.show({ kind: 'success', title: `Removed ${account.email}` });
      }));
      return h('li', { class: ['settings-account', isActive && 'settings-account-active'], attrs: { tabindex: '-1', 'aria-label': `${account.name}, ${account.email}${isActive ? ', active' : ''}` }, dataset: { accountId: account.id } }, [
        avatar(account),
        h('span', { class: 'account-text' }, [h('strong', { text: account.name }), h('span', { text: account.email })]),
        isActive ? h('span', { class: 'status-chip status-done', text: 'Active' }) : switchTo,
        remove,
      ]);
    }));
    this.#restoreFocus();
  }

  #restoreFocus(): void {
    if (this.#focusNext === null) return;
    const target = this.#focusNext === '' ? this.#add : this.#list.querySelector<HTMLElement>(`[data-account-id="${CSS.escape(this.#focusNext)}"]`);
    if (!target) return;
    this.#focusNext = null;
    target.focus();
  }

  #run(work: () => Promise<void>): void {
    work()
      .then(() => this.#restoreFocus())
      .catch((failure: unknown) => {
        this.#focusNext = null;
        const error = toCallError(failure);
        if (error.code !== 'LOGIN_CANCELLED') this.#toasts.error(error);
        else this.#add.focus();
      });
  }
}
