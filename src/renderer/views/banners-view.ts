/**
 * The banners under the header, most urgent first: the session needs a sign-in (one click), the network
 * is gone (the gallery keeps working) — or, with the computer online, Google does not answer (queued
 * work starts by itself when it does) — and the session is only kept in memory or with weaker protection
 * (what that means, the opt-in to weaker storage or "Start over" where that is the choice, in the app's
 * words: never the vault's log detail).
 */
import type { StorageSummary } from '../../shared/auth-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, keepFocus, replaceChildren } from '../dom.ts';
import { icon, type IconName } from '../icons.ts';
import { describeStorage } from '../storage-wording.ts';
import { startOver } from './start-over.ts';
import type { Toasts } from './toasts.ts';

const REAUTH_REASONS: Readonly<Record<string, string>> = {
  revoked: 'You were signed out of ImageFX, or the session was ended elsewhere.',
  'refresh-needed': 'Google wants you to confirm your sign-in.',
  'vault-unreadable': 'The saved session could not be read, so it was set aside.',
  'vault-backend-changed': 'The system keychain changed since the session was saved.',
  'flow-signed-out': 'Google Flow signed you out, or Google wants to confirm it is you.',
};

export class BannersView {
  readonly element = h('div', { class: 'banners' });
  readonly #state: AppState;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  #storageDismissed = false;

  readonly #focusTarget: () => HTMLElement | null;

  /** `focusTarget`: where focus goes when the focused banner goes away (the page's next step). */
  constructor(state: AppState, bridge: Bridge, toasts: Toasts, focusTarget: () => HTMLElement | null) {
    this.#focusTarget = focusTarget;
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    state.subscribe('auth', () => this.render());
    state.subscribe('online', () => this.render());
    state.subscribe('jobs', () => this.render());
    this.render();
  }

  render(): void {
    // A banner that goes (signed in again) or changes (the Google window opened or closed) hands focus on.
    keepFocus(this.element, () => this.#render(), () => this.element.querySelector<HTMLElement>('button') ?? this.#focusTarget());
  }

  #render(): void {
    const auth = this.#state.auth;
    const banners: HTMLElement[] = [];
    if (auth?.activeAccount && auth.state === 'reauth-required') {
      const detail = REAUTH_REASONS[auth.reason ?? ''] ?? 'Your ImageFX session has ended.';
      banners.push(
        banner('reauth', 'warning', 'Sign in again to keep generating', `${detail} Your gallery and queued prompts are kept.`, [
          this.#button('Sign in again', 'button-primary', 'reauth-sign-in', () => this.#signIn()),
        ]),
      );
    } else if (auth?.activeAccount && auth.state === 'signing-in') {
      banners.push(
        banner('reauth', 'info', 'Finish signing in in the Google window', 'This app continues as soon as Google confirms.', [
          this.#button('Cancel', '', 'cancel-sign-in', () => this.#bridge.invoke('auth:cancel-sign-in')),
        ]),
      );
    }
    if (!this.#state.online) {
      banners.push(
        banner('offline', 'offline', 'You are offline', 'Your gallery is available offline. Queued images start by themselves once the connection is back.', []),
      );
    } else if (auth?.state === 'offline' || [...this.#state.jobs.values()].some((job) => job.wait?.reason === 'google-unreachable')) {
      // The computer is online (the session layer's `offline` means labs.google did not answer).
      banners.push(
        banner('unreachable', 'offline', 'Google is not answering', 'Your computer is online, but Google does not answer. You can keep queueing: images start by themselves when it answers again.', []),
      );
    }
    if (auth?.activeAccount && auth.storage.mode === 'memory-only' && !this.#storageDismissed) {
      banners.push(this.#storageBanner(auth.storage));
    }
    if (auth?.activeAccount && auth.storage.mode === 'weak' && !this.#storageDismissed) {
      const wording = describeStorage(auth.storage);
      banners.push(banner('storage', 'lock', wording.title, wording.text, [this.#button('OK', '', 'dismiss-storage', () => this.#dismissStorage())]));
    }
    replaceChildren(this.element, banners);
  }

  #storageBanner(storage: StorageSummary): HTMLElement {
    const actions = [this.#button('Not now', '', 'dismiss-storage', () => this.#dismissStorage())];
    const wording = describeStorage(storage);
    if (wording.canStartOver) {
      actions.unshift(this.#button('Start over', 'button-primary', 'start-over', () => startOver(this.#bridge, this.#toasts)));
    }
    if (wording.canOptIn) {
      actions.unshift(this.#button('Allow weaker storage', 'button-primary', 'opt-in-storage', async () => {
        // The main process asks the user to confirm; a "no" there leaves storage as it is.
        const settings = await this.#bridge.invoke('settings:opt-in-weaker-storage');
        if (settings.storage.mode === 'weak') this.#toasts.show({ kind: 'success', title: 'Your session will be remembered (weaker storage)' });
      }));
    }
    return banner('storage', 'lock', wording.title, wording.text, actions);
  }

  #dismissStorage(): Promise<void> {
    this.#storageDismissed = true;
    this.render();
    return Promise.resolve();
  }

  async #signIn(): Promise<void> {
    const account = await this.#bridge.invoke('auth:sign-in');
    this.#toasts.show({ kind: 'success', title: `Signed in again as ${account.email}` });
  }

  #button(label: string, variant: string, id: string, action: () => Promise<unknown>): HTMLButtonElement {
    const button = h('button', { class: ['button', 'button-small', variant], text: label, attrs: { type: 'button', id: `banner-${id}` } });
    button.addEventListener('click', () => {
      action().catch((failure: unknown) => {
        const error = toCallError(failure);
        if (error.code !== 'LOGIN_CANCELLED') this.#toasts.error(error);
      });
    });
    return button;
  }
}

function banner(kind: string, iconName: IconName, title: string, detail: string, actions: HTMLElement[]): HTMLElement {
  return h('div', { class: ['banner', `banner-${kind}`], attrs: { role: kind === 'reauth' ? 'alert' : 'status', 'data-banner': kind } }, [
    icon(iconName, 'icon banner-icon'),
    h('div', { class: 'banner-text' }, [h('strong', { text: title }), h('span', { text: detail })]),
    h('div', { class: 'banner-actions' }, actions),
  ]);
}
