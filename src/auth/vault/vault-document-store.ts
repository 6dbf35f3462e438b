/**
 * Reads and writes the vault document (see vault-format.ts) through the vault's {@link KeyValueStore}, and
 * sets unreadable data aside: a copy goes to quarantine, the data leaves the store, and one
 * `vault.unreadable` event says where the copy is. Never decrypts anything.
 */
import type { Quarantine } from '../../core/file-quarantine.ts';
import type { KeyValueStore } from '../../core/key-value-store.ts';
import type { AuthEventStream } from '../session/auth-events.ts';
import { parseVaultDocument, VAULT_STORE_KEY, type ParsedVault, type VaultDocument } from './vault-format.ts';

export interface VaultDocumentStoreDeps {
  readonly store: KeyValueStore;
  readonly quarantine: Quarantine;
  readonly events: AuthEventStream;
}

export class VaultDocumentStore {
  readonly #store: KeyValueStore;
  readonly #quarantine: Quarantine;
  readonly #events: AuthEventStream;

  constructor(deps: VaultDocumentStoreDeps) {
    this.#store = deps.store;
    this.#quarantine = deps.quarantine;
    this.#events = deps.events;
  }

  read(): ParsedVault {
    return parseVaultDocument(this.#store.get(VAULT_STORE_KEY));
  }

  /** One atomic write of the whole document. */
  write(document: VaultDocument): void {
    this.#store.set(VAULT_STORE_KEY, document);
  }

  /** Copies whatever is stored to quarantine and removes it from the store. */
  quarantineAll(reason: string): void {
    const stored: unknown = this.#store.get(VAULT_STORE_KEY);
    if (stored === undefined) return;
    const quarantinedTo = this.#quarantine.keep('session-vault', JSON.stringify({ [VAULT_STORE_KEY]: stored }));
    this.#store.delete(VAULT_STORE_KEY);
    this.reportUnreadable(null, reason, quarantinedTo);
  }

  /** Copies one account's entry (with the wrapped key, so it stays openable) to quarantine; returns the rest. */
  quarantineEntry(document: VaultDocument, accountId: string, reason: string): VaultDocument {
    const copy = { ...document, entries: { [accountId]: document.entries[accountId] } };
    const quarantinedTo = this.#quarantine.keep('session-vault-entry', JSON.stringify({ [VAULT_STORE_KEY]: copy }));
    const remaining = { ...document, entries: withoutKey(document.entries, accountId) };
    this.write(remaining);
    this.reportUnreadable(accountId, reason, quarantinedTo);
    return remaining;
  }

  reportUnreadable(accountId: string | null, reason: string, quarantinedTo: string | null): void {
    this.#events.emit({ type: 'vault.unreadable', accountId, reason, quarantinedTo });
  }
}

/** A copy of `record` without `key`. */
export function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}
