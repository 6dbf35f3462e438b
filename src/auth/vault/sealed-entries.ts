/**
 * Reading and writing one account's sealed entry of a kind (its session record, its cookie jar) in the
 * vault document, with the rollback check: every write seals the entry's next generation and raises the
 * account's high-water mark in the plain settings; an entry below the mark — an older `session-vault.json`
 * or entry put back — is set aside like one that does not decrypt (issue 15, row 11).
 */
import type { KeyObject } from 'node:crypto';
import { IV_BYTES, openSealedValue, sealValue, type SealedKind } from './sealed-record.ts';
import { ownValue, type VaultDocument, type VaultDocumentStore } from './vault-document.ts';
import { VaultEntryUnreadableError } from './vault-errors.ts';
import type { VaultSettings } from './vault-settings.ts';

export type OpenedEntry<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'empty' }
  /** Quarantined and reported; `document` is what remains. */
  | { readonly status: 'quarantined'; readonly document: VaultDocument };

export class SealedEntries {
  readonly #documents: VaultDocumentStore;
  readonly #settings: VaultSettings;
  readonly #randomBytes: (size: number) => Uint8Array;

  constructor(documents: VaultDocumentStore, settings: VaultSettings, randomBytes: (size: number) => Uint8Array) {
    this.#documents = documents;
    this.#settings = settings;
    this.#randomBytes = randomBytes;
  }

  /** Opens the account's entry of `kind`; one that does not verify, or is older than the mark, is quarantined. */
  open<T>(kind: SealedKind<T>, document: VaultDocument, dataKey: KeyObject, accountId: string): OpenedEntry<T> {
    const entry = ownValue(document[kind.field], accountId);
    if (!entry) return { status: 'empty' };
    try {
      const value = openSealedValue(kind, dataKey, accountId, entry);
      if ((entry.n ?? 0) < this.#settings.generation(kind.generationSlot(accountId))) throw new VaultEntryUnreadableError('rolled-back');
      return { status: 'ok', value };
    } catch (error) {
      if (!(error instanceof VaultEntryUnreadableError)) throw error;
      const reason = error.detail === 'rolled-back' ? 'rolled-back' : 'vault-unreadable';
      return { status: 'quarantined', document: this.#documents.quarantineEntry(document, kind.field, accountId, reason) };
    }
  }

  /** Seals `value` as the account's next generation of `kind`, writes the document and returns it. */
  seal<T>(kind: SealedKind<T>, document: VaultDocument, dataKey: KeyObject, accountId: string, value: T): VaultDocument {
    const entries = document[kind.field] ?? {};
    const slot = kind.generationSlot(accountId);
    // One more than anything this account ever sealed, here or (the high-water mark) in the settings.
    const generation = Math.max(ownValue(entries, accountId)?.n ?? 0, this.#settings.generation(slot)) + 1;
    const entry = sealValue(kind, dataKey, accountId, value, this.#randomBytes(IV_BYTES), generation);
    const written = { ...document, [kind.field]: { ...entries, [accountId]: entry } };
    this.#documents.write(written);
    // After the vault write: a crash in between leaves the entry newer than the mark, which is accepted.
    this.#settings.setGeneration(slot, generation);
    return written;
  }
}
