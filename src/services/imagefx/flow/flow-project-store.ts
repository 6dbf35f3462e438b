/**
 * The Flow project each account generates into: created once through Flow's own "New project" and reused,
 * so the user's Flow grid does not fill up with one project per job. Kept in the app's plain settings
 * store (a project id is not a secret).
 */
import { readEntries, type KeyValueStore } from '../../../core/index.ts';

/** Where the backend remembers each account's project. */
export interface FlowProjectStore {
  projectOf(accountId: string): string | null;
  remember(accountId: string, projectId: string): void;
  /** The Google account signed in again under a new id: its project is still its own. */
  carry(from: string, to: string): void;
}

const KEY = 'flow.projects';
const PROJECT_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** A {@link FlowProjectStore} in one key of a {@link KeyValueStore}; unreadable entries are ignored. */
export class KeyValueFlowProjectStore implements FlowProjectStore {
  readonly #store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  #all(): Record<string, string> {
    return readEntries(this.#store, KEY, (value): value is string => typeof value === 'string' && PROJECT_ID.test(value));
  }

  projectOf(accountId: string): string | null {
    const all = this.#all();
    return Object.hasOwn(all, accountId) ? all[accountId]! : null;
  }

  remember(accountId: string, projectId: string): void {
    this.#store.set(KEY, { ...this.#all(), [accountId]: projectId });
  }

  carry(from: string, to: string): void {
    const projectId = this.projectOf(from);
    if (projectId !== null && this.projectOf(to) === null) this.remember(to, projectId);
    this.#forget(from);
  }

  #forget(accountId: string): void {
    const all = this.#all();
    if (!Object.hasOwn(all, accountId)) return;
    delete all[accountId];
    this.#store.set(KEY, all);
  }
}
