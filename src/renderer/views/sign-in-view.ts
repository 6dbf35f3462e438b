/**
 * The first-run screen (and the one shown after signing out): what signing in does, one button that
 * opens Google's window, the accounts already known, and the cookie-paste fallback behind a link.
 */
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, keepFocus, replaceChildren } from '../dom.ts';
import { ERROR_PRESENTATIONS, presentError } from '../error-messages.ts';
import { icon } from '../icons.ts';
import { avatar } from './avatar.ts';
import { openCookiePasteDialog } from './cookie-paste-dialog.ts';
import { startOver } from './start-over.ts';
import type { Toasts } from './toasts.ts';

export class SignInView {
  readonly element: HTMLElement;
  readonly #state: AppState;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #actions = h('div', { class: 'sign-in-actions' });
  readonly #known = h('div', { class: 'known-accounts' });
  readonly #error = h('p', { class: 'sign-in-error', attrs: { role: 'alert' } });
  readonly #storage = h('p', { class: 'sign-in-storage' });

  constructor(state: AppState, bridge: Bridge, toasts: Toasts) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    const paste = h('button', { class: 'link-button', text: 'Sign-in window not working? Paste a session cookie instead', attrs: { type: 'button' } });
    paste.addEventListener('click', () => openCookiePasteDialog(bridge, (email) => toasts.show({ kind: 'success', title: `Signed in as ${email}` })));
    this.#error.hidden = true;
    this.element = h('section', { class: 'sign-in', attrs: { 'aria-labelledby': 'sign-in-title' } }, [
      h('div', { class: 'sign-in-card' }, [
        h('div', { class: 'brand-mark large' }, [icon('sparkle')]),
        h('h1', { text: 'Welcome to ImageFX Desktop', attrs: { id: 'sign-in-title' } }),
        h('p', { class: 'lead', text: 'Sign in once with the Google account you use for ImageFX. Here is what happens:' }),
        h('ol', { class: 'steps' }, [
          step('1', 'A Google sign-in window opens.', 'You type your password there, on Google’s own page. This app never sees it.'),
          step('2', 'The app keeps only your ImageFX session.', 'It is encrypted with your system keychain and never leaves this computer.'),
          step('3', 'You stay signed in.', 'If the session ever ends, one click signs you in again. Your gallery always works offline.'),
        ]),
        this.#actions,
        this.#error,
        this.#known,
        this.#storage,
        h('div', { class: 'sign-in-fallback' }, [paste]),
      ]),
    ]);
    state.subscribe('auth', () => this.render());
    this.render();
  }

  /** Gives focus to the main action: "Sign in with Google" (or Cancel while the Google window is open). */
  focus(): void {
    this.#actions.querySelector<HTMLElement>('button')?.focus();
  }

  render(): void {
    // Opening or closing the Google window swaps the buttons: focus follows to the one now shown.
    keepFocus(this.element, () => this.#render(), () => this.#actions.querySelector<HTMLElement>('button'));
  }

  #render(): void {
    const snapshot = this.#state.auth;
    const signingIn = snapshot?.state === 'signing-in';
    if (signingIn) {
      const cancel = h('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
      cancel.addEventListener('click', () => void this.#bridge.invoke('auth:cancel-sign-in').catch(() => undefined));
      replaceChildren(this.#actions, [
        h('div', { class: 'waiting' }, [h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Finish signing in in the Google window…']),
        cancel,
      ]);
    } else {
      const button = h('button', { class: 'button button-primary button-large', attrs: { type: 'button', id: 'sign-in-button' } }, [
        h('span', { class: 'google-g', text: 'G', attrs: { 'aria-hidden': 'true' } }),
        'Sign in with Google',
      ]);
      button.addEventListener('click', () => void this.#signIn());
      replaceChildren(this.#actions, [button]);
    }
    const others = snapshot?.accounts ?? [];
    replaceChildren(
      this.#known,
      others.length === 0
        ? []
        : [
            h('p', { class: 'known-title', text: 'Or continue with an account you used before' }),
            ...others.map((account) => {
              const button = h('button', { class: 'account-choice', attrs: { type: 'button' } }, [
                avatar(account),
                h('span', { class: 'account-text' }, [h('strong', { text: account.name }), h('span', { text: account.email })]),
              ]);
              button.addEventListener('click', () => void this.#switchTo(account.id));
              return button;
            }),
          ],
    );
    // Why the user is here again, when the saved session could not be used.
    const reason = snapshot?.reason === 'vault-unreadable' ? 'VAULT_UNREADABLE' : snapshot?.reason === 'vault-backend-changed' ? 'VAULT_BACKEND_CHANGED' : null;
    if (reason && this.#error.hidden) {
      const { title, detail } = ERROR_PRESENTATIONS[reason];
      this.#error.textContent = `${title}. ${detail}`;
      this.#error.hidden = false;
    }
    const storage = snapshot?.storage;
    if (storage?.reason === 'backend-changed') {
      // The saved session's key is not this keychain's: say so, and offer the way out (asked again in main).
      const button = h('button', { class: 'button button-small', text: 'Start over', attrs: { type: 'button', id: 'start-over-button' } });
      button.addEventListener('click', () => void startOver(this.#bridge, this.#toasts));
      replaceChildren(this.#storage, [h('span', { text: `${storage.detail ?? 'The saved session cannot be used with this keychain.'} ` }), button]);
    } else {
      replaceChildren(this.#storage, storage?.mode === 'memory-only'
        ? ['No usable system keychain was found: your session will be kept in memory only. After signing in, you can choose weaker storage instead.']
        : []);
    }
    this.#storage.hidden = this.#storage.childNodes.length === 0;
  }

  async #signIn(): Promise<void> {
    this.#error.hidden = true;
    try {
      const account = await this.#bridge.invoke('auth:sign-in');
      this.#toasts.show({ kind: 'success', title: `Signed in as ${account.email}` });
    } catch (failure) {
      const error = toCallError(failure);
      if (error.code === 'LOGIN_CANCELLED') return;
      const { title, detail } = presentError(error);
      this.#error.textContent = `${title}. ${detail}`;
      this.#error.hidden = false;
    }
  }

  async #switchTo(accountId: string): Promise<void> {
    try {
      await this.#bridge.invoke('auth:switch-account', accountId);
    } catch (failure) {
      this.#toasts.error(toCallError(failure));
    }
  }
}

function step(number: string, title: string, detail: string): HTMLElement {
  return h('li', { class: 'step' }, [
    h('span', { class: 'step-number', text: number, attrs: { 'aria-hidden': 'true' } }),
    h('div', {}, [h('strong', { text: title }), h('p', { text: detail })]),
  ]);
}
