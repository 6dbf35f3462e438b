/**
 * Which Google backend each account generates with, kept in the plain settings store (an account id and a
 * word: nothing secret). Detected after each sign-in — Flow where flow.google.com opens the account's
 * project grid (the default, also where classic would work too), classic where only labs.google hands out
 * a token — or chosen by the user in Settings. Whether the account has a labs.google session is kept with
 * it, since classic cannot work without one. Accounts signed in before detection existed have no entry:
 * they signed in on labs.google and used classic, so that is what they read as.
 */
import { readEntries, type KeyValueStore } from '../../core/index.ts';
import { IMAGE_BACKENDS, type ImageBackendId } from '../../shared/generation-options.ts';

/** One account's backend, who chose it, and whether classic is possible for it at all. */
export interface AccountBackendChoice {
  readonly backend: ImageBackendId;
  readonly chosenBy: 'detection' | 'user';
  /** True when labs.google handed the account a session at its last sign-in (classic can work). */
  readonly labsSession: boolean;
}

export const ACCOUNT_BACKENDS_SETTING = 'accountBackends';

const BEFORE_DETECTION: AccountBackendChoice = { backend: 'classic', chosenBy: 'detection', labsSession: true };

function isChoice(value: unknown): value is AccountBackendChoice {
  if (typeof value !== 'object' || value === null) return false;
  const { backend, chosenBy, labsSession } = value as Record<string, unknown>;
  return (IMAGE_BACKENDS as readonly unknown[]).includes(backend) && (chosenBy === 'detection' || chosenBy === 'user') && typeof labsSession === 'boolean';
}

/**
 * The backend a sign-in's findings call for: Flow when its grid opened (the default where both work),
 * classic when only labs.google answered with a token.
 */
export function detectBackend(found: { readonly labsSession: boolean; readonly flow: boolean | null }): ImageBackendId {
  if (found.flow === true || !found.labsSession) return 'flow';
  return 'classic';
}

export class AccountBackendSetting {
  readonly #store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  #all(): Record<string, AccountBackendChoice> {
    return readEntries(this.#store, ACCOUNT_BACKENDS_SETTING, isChoice);
  }

  get(accountId: string): AccountBackendChoice {
    const all = this.#all();
    return Object.hasOwn(all, accountId) ? all[accountId]! : BEFORE_DETECTION;
  }

  set(accountId: string, choice: AccountBackendChoice): void {
    this.#store.set(ACCOUNT_BACKENDS_SETTING, { ...this.#all(), [accountId]: { backend: choice.backend, chosenBy: choice.chosenBy, labsSession: choice.labsSession } });
  }

  remove(accountId: string): void {
    const all = this.#all();
    if (!Object.hasOwn(all, accountId)) return;
    delete all[accountId];
    this.#store.set(ACCOUNT_BACKENDS_SETTING, all);
  }
}
