/**
 * The Settings page: accounts; where the session is stored and what that means (with the weaker-storage
 * opt-in where it applies, and "start over" once the vault's channel for it exists); the sign-in window's
 * user agent; how generation is paced (one at a time per account, like a person: there is nothing to
 * set) and which Google backend the active account uses, with the switch; the theme; the export of the
 * redacted diagnostic records.
 */
import { USER_AGENT_STRATEGIES, type UserAgentStrategy } from '../../shared/auth-options.ts';
import type { AccountSummary } from '../../shared/auth-schemas.ts';
import { IMAGE_BACKEND_NAMES, IMAGE_BACKENDS, type ImageBackendId } from '../../shared/generation-options.ts';
import type { AppInfo, AppSettings } from '../../shared/ipc-contract.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, keepFocus, replaceChildren } from '../dom.ts';
import { describeStorage } from '../storage-wording.ts';
import { THEMES, type Theme, type ThemePreference } from '../theme.ts';
import { SettingsAccounts } from './settings-accounts.ts';
import { choiceGroup, type ChoiceGroup } from './choice-group.ts';
import { startOver } from './start-over.ts';
import type { Toasts } from './toasts.ts';

export interface SettingsDeps {
  readonly state: AppState;
  readonly bridge: Bridge;
  readonly toasts: Toasts;
  readonly theme: ThemePreference;
}

const USER_AGENT_LABELS: Readonly<Record<UserAgentStrategy, string>> = {
  electron: 'The app’s own (Electron)',
  chrome: 'Chrome',
  'firefox-on-google-sign-in': 'Firefox, on Google’s sign-in pages only',
};
const THEME_LABELS: Readonly<Record<Theme, string>> = { system: 'Same as the system', light: 'Light', dark: 'Dark' };

/** Which Google backend makes the active account's images (and, from `app:info`, whether Google is the emulator). */
export function backendName(account: Pick<AccountSummary, 'backend'> | null, info: AppInfo | null): string {
  if (!account) return 'Sign in to see which one your account uses';
  return `${IMAGE_BACKEND_NAMES[account.backend]}${info?.demo ? ' (the local emulator: a development build)' : ''}`;
}

export class SettingsView {
  readonly element: HTMLElement;
  readonly #deps: SettingsDeps;
  readonly #accounts: SettingsAccounts;
  readonly #storage = h('div', { class: 'settings-storage', attrs: { id: 'settings-storage', tabindex: '-1' } });
  readonly #userAgent: ChoiceGroup<UserAgentStrategy>;
  /** The labelled slot for the active account's Google backend. */
  readonly #backend = h('dd', { attrs: { id: 'settings-backend' } });
  /** Switches the active account's backend (the main process refuses what cannot work for it). */
  readonly #backendChoice: ChoiceGroup<ImageBackendId>;
  #info: AppInfo | null = null;

  constructor(deps: SettingsDeps) {
    this.#deps = deps;
    const { state, bridge, toasts, theme } = deps;
    this.#accounts = new SettingsAccounts(bridge, toasts);
    this.#userAgent = choiceGroup('settings-user-agent', 'Sign-in window identifies as', USER_AGENT_STRATEGIES, USER_AGENT_LABELS, (strategy) => {
      bridge.invoke('settings:set-user-agent-strategy', strategy).then((settings) => this.#showSettings(settings), (failure: unknown) => toasts.error(toCallError(failure)));
    });
    this.#backendChoice = choiceGroup('settings-backend-choice', 'Generate with', IMAGE_BACKENDS, IMAGE_BACKEND_NAMES, (backend) => {
      const account = state.auth?.activeAccount;
      if (!account) return;
      bridge.invoke('auth:set-backend', account.id, backend).catch((failure: unknown) => {
        toasts.error(toCallError(failure));
        this.#renderBackend(); // back to what the account uses
      });
    });
    const themes = choiceGroup('settings-theme', 'Theme', THEMES, THEME_LABELS, (choice) => theme.set(choice));
    themes.select(theme.get());
    this.element = h('section', { class: 'settings', attrs: { 'aria-labelledby': 'settings-title' } }, [
      h('h2', { text: 'Settings', attrs: { id: 'settings-title' } }),
      this.#accounts.element,
      card('settings-storage-title', 'Session storage', [this.#storage]),
      card('settings-sign-in-title', 'Sign-in window', [
        h('p', { class: 'hint', text: 'How the Google sign-in window presents itself. Change it only if Google refuses to sign you in; it applies to the next sign-in.' }),
        this.#userAgent.element,
      ]),
      card('settings-generation-title', 'Generation', [
        h('p', { text: 'One generation at a time per account, paced like a person: jobs wait their turn in the Queue. There is nothing to set here — sending many at once is what Google treats as unusual activity.' }),
        h('dl', { class: 'settings-facts' }, [h('dt', { text: 'Google backend' }), this.#backend]),
        this.#backendChoice.element,
        h('p', {
          class: 'hint',
          text: 'Google Flow works in flow.google.com’s own page, in a window you do not see, as you would; ImageFX (classic) is for accounts labs.google still serves. The app picks one when you sign in.',
        }),
      ]),
      card('settings-appearance-title', 'Appearance', [themes.element]),
      card('settings-diagnostics-title', 'Diagnostics', [
        h('p', {
          text: 'When Google changes the Flow page, the app keeps a short record of what it found: the page’s outline, request names and status codes — never cookies, tokens, your prompts or your account. Export them to attach to a report.',
        }),
        h('div', { class: 'settings-actions' }, [this.#action('Export diagnostics…', 'settings-export-diagnostics', () => this.#exportDiagnostics())]),
      ]),
    ]);
    state.subscribe('auth', () => this.#renderAuth());
    this.#renderAuth();
  }

  /** Loads the settings the main process keeps (called when the page is shown). */
  async load(info: AppInfo | null): Promise<void> {
    this.#info = info;
    this.#renderBackend();
    try {
      this.#showSettings(await this.#deps.bridge.invoke('settings:get'));
    } catch (failure) {
      this.#deps.toasts.error(toCallError(failure));
    }
  }

  #showSettings(settings: AppSettings): void {
    this.#userAgent.select(settings.userAgentStrategy);
  }

  #renderAuth(): void {
    const auth = this.#deps.state.auth;
    if (!auth) return;
    this.#accounts.update(auth);
    this.#renderBackend();
    const wording = describeStorage(auth.storage);
    const actions: HTMLElement[] = [];
    if (wording.canOptIn) actions.push(this.#action('Allow weaker storage', 'settings-opt-in', async () => {
      // The main process asks the user to confirm; a "no" there leaves storage as it is.
      const settings = await this.#deps.bridge.invoke('settings:opt-in-weaker-storage');
      if (settings.storage.mode === 'weak') this.#deps.toasts.show({ kind: 'success', title: 'Your session will be remembered (weaker storage)' });
    }));
    if (wording.canStartOver) actions.push(this.#action('Start over', 'settings-start-over', () => startOver(this.#deps.bridge, this.#deps.toasts)));
    const content = [h('strong', { text: wording.title }), h('p', { text: wording.text }), actions.length > 0 ? h('div', { class: 'settings-actions' }, actions) : null];
    keepFocus(this.#storage, () => replaceChildren(this.#storage, content), () => this.#storage);
  }

  /** Writes the captures to a file the user picks in the main process's save dialog. */
  async #exportDiagnostics(): Promise<void> {
    const exported = await this.#deps.bridge.invoke('diagnostics:export');
    if (!exported) return; // the user cancelled the dialog
    const what = exported.captures === 1 ? '1 record' : `${exported.captures} records`;
    this.#deps.toasts.show({ kind: 'success', title: `Exported ${what}`, detail: exported.file });
  }

  #renderBackend(): void {
    const account = this.#deps.state.auth?.activeAccount ?? null;
    this.#backend.textContent = backendName(account, this.#info);
    this.#backendChoice.element.hidden = account === null;
    if (account) this.#backendChoice.select(account.backend);
  }

  #action(label: string, id: string, work: () => Promise<void>): HTMLButtonElement {
    const button = h('button', { class: 'button button-small', text: label, attrs: { type: 'button', id } });
    button.addEventListener('click', () => {
      work().catch((failure: unknown) => this.#deps.toasts.error(toCallError(failure)));
    });
    return button;
  }
}

function card(titleId: string, title: string, children: readonly HTMLElement[]): HTMLElement {
  return h('section', { class: 'settings-card', attrs: { 'aria-labelledby': titleId } }, [h('h3', { text: title, attrs: { id: titleId } }), ...children]);
}
