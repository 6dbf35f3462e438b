/**
 * Which Google backend each account generates with, kept in the plain settings store (an account id and a
 * word: nothing secret). Detected after each sign-in — Flow where flow.google.com opens the account's
 * project grid (the default, also where classic would work too), classic where only labs.google hands out
 * a token — or chosen by the user in Settings. Whether the account has a labs.google session is kept with
 * it, since classic cannot work without one. Accounts signed in before detection existed have no entry:
 * they signed in on labs.google and used classic, so that is what they read as.
 */
import { readEntries, type KeyValueStore } from '../../core/index.ts';
import { AppError } from '../../shared/app-error.ts';
import type { FlowAccountCheck } from '../../shared/flow-account-check.ts';
import { IMAGE_BACKEND_NAMES, IMAGE_BACKENDS, type ImageBackendId } from '../../shared/generation-options.ts';

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

  /**
   * What a sign-in found, for `accountId`: the detected backend — or a choice the user made for the same
   * Google account under an id it replaces, where that choice can still work.
   */
  adopt(accountId: string, found: { readonly labsSession: boolean; readonly flow: boolean | null }, replaced: readonly string[]): void {
    const { labsSession } = found;
    const chosen = replaced.map((id) => this.get(id)).find((choice) => choice.chosenBy === 'user' && (choice.backend === 'flow' || labsSession));
    this.set(accountId, chosen ? { ...chosen, labsSession } : { backend: detectBackend(found), chosenBy: 'detection', labsSession });
  }

  /** The user's choice. INVALID_INPUT for classic where labs.google gave no session. True when it changed. */
  choose(accountId: string, backend: ImageBackendId): boolean {
    const current = this.get(accountId);
    if (backend === 'classic' && !current.labsSession) {
      throw new AppError('INVALID_INPUT', `${IMAGE_BACKEND_NAMES.classic} needs a labs.google session, and Google gave this account none: it was moved to ${IMAGE_BACKEND_NAMES.flow}.`);
    }
    if (current.backend === backend && current.chosenBy === 'user') return false;
    this.set(accountId, { ...current, backend, chosenBy: 'user' });
    return true;
  }

  /**
   * What Flow says about the account now (start-up), unless the user chose its backend: the grid makes it
   * Flow, Flow sending it to labs.google (with a labs.google session) classic; anything else changes
   * nothing. True when it changed.
   */
  recheck(accountId: string, found: FlowAccountCheck): boolean {
    const current = this.get(accountId);
    if (current.chosenBy === 'user') return false;
    const backend = found.kind === 'signed-in' ? 'flow' : found.kind === 'not-on-flow' && current.labsSession ? 'classic' : current.backend;
    if (backend === current.backend) return false;
    this.set(accountId, { ...current, backend });
    return true;
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
