/**
 * The vault's stored shape (format 1), kept under one key of the vault store so that every change is one
 * atomic file write:
 *
 * ```json
 * { "vault": {
 *     "format": 1,
 *     "backend": "gnome_libsecret",            // Linux backend that wrapped the key; null elsewhere
 *     "wrappedKey": "<base64>",                 // the 256-bit data key, encrypted by the OS keychain
 *     "entries": { "<accountId>": { "v": 1, "n": 7, "iv": "<base64, 12 bytes>", "data": "<base64 ciphertext ‖ 16-byte GCM tag>" } },
 *     "jars": { "<accountId>": { …the same shape: the account's partition cookie jar… } }   // optional
 * } }
 * ```
 *
 * A reader that meets a `format` or `v` it does not know treats the data as unreadable (and quarantines it)
 * rather than guessing. `VaultDocumentStore` reads and writes the document through the vault's
 * {@link KeyValueStore} and sets unreadable data aside (a copy to quarantine, one `vault.unreadable` event);
 * it never decrypts anything.
 */
import type { KeyValueStore, Quarantine } from '../../core/index.ts';
import type { AuthEventStream, SessionCookie, SessionRecord } from '../session/index.ts';

export const VAULT_FORMAT = 1;
/** The key of the vault store under which the document lives. */
export const VAULT_STORE_KEY = 'vault';

export interface SealedEntry {
  readonly v: number;
  /**
   * The entry's generation: 1 for an account's first write, one more for each later one; bound into the
   * sealed data. Absent in entries written before generations existed (read as 0).
   */
  readonly n?: number;
  readonly iv: string;
  readonly data: string;
}

export interface VaultDocument {
  readonly format: number;
  readonly backend: string | null;
  readonly wrappedKey: string;
  /** Session records by account id. */
  readonly entries: Readonly<Record<string, SealedEntry>>;
  /** Partition cookie jars by account id (absent in documents written before jars existed). */
  readonly jars?: Readonly<Record<string, SealedEntry>>;
}

export type ParsedVault =
  | { readonly status: 'absent' }
  | { readonly status: 'ok'; readonly document: VaultDocument }
  /** Unknown format or a malformed document; `accountIds` are the entries that could still be named. */
  | { readonly status: 'unreadable'; readonly accountIds: readonly string[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSealedEntry(value: unknown): value is SealedEntry {
  return isObject(value) && typeof value.v === 'number' && typeof value.iv === 'string' && typeof value.data === 'string'
    && (value.n === undefined || (Number.isSafeInteger(value.n) && (value.n as number) >= 0));
}

/** Validates what the store holds under {@link VAULT_STORE_KEY}. */
export function parseVaultDocument(value: unknown): ParsedVault {
  if (value === undefined) return { status: 'absent' };
  const accountIds = isObject(value) && isObject(value.entries) ? Object.keys(value.entries) : [];
  if (
    !isObject(value) ||
    value.format !== VAULT_FORMAT ||
    !(typeof value.backend === 'string' || value.backend === null) ||
    typeof value.wrappedKey !== 'string' ||
    !isObject(value.entries) ||
    !Object.values(value.entries).every(isSealedEntry) ||
    !(value.jars === undefined || (isObject(value.jars) && Object.values(value.jars).every(isSealedEntry)))
  ) {
    return { status: 'unreadable', accountIds };
  }
  const { format, backend, wrappedKey, entries, jars } = value as unknown as VaultDocument;
  return { status: 'ok', document: { format, backend, wrappedKey, entries, ...(jars ? { jars } : {}) } };
}

function isNullableNumber(value: unknown): boolean {
  return value === null || typeof value === 'number';
}

/** True for a list of cookie records (a decrypted cookie jar). */
export function isCookieList(value: unknown): value is readonly SessionCookie[] {
  return Array.isArray(value) && value.every((cookie) =>
    isObject(cookie) && typeof cookie.name === 'string' && typeof cookie.value === 'string' && typeof cookie.domain === 'string'
    && typeof cookie.path === 'string' && typeof cookie.secure === 'boolean' && typeof cookie.httpOnly === 'boolean'
    && ['lax', 'strict', 'none', 'unspecified'].includes(cookie.sameSite as string) && isNullableNumber(cookie.expiresAt));
}

/** True when a decrypted payload has the {@link SessionRecord} shape (defends against a stale writer). */
export function isSessionRecord(value: unknown): value is SessionRecord {
  if (!isObject(value) || !isObject(value.account) || !Array.isArray(value.cookies)) return false;
  const { account } = value;
  return (
    (value.via === undefined || value.via === 'labs' || value.via === 'flow') &&
    typeof account.email === 'string' &&
    typeof account.name === 'string' &&
    typeof account.avatarUrl === 'string' &&
    value.cookies.every((cookie) => isObject(cookie) && typeof cookie.name === 'string' && typeof cookie.value === 'string') &&
    (value.accessToken === null || typeof value.accessToken === 'string') &&
    isNullableNumber(value.accessTokenExpiresAt) &&
    typeof value.createdAt === 'number' &&
    typeof value.lastRefreshedAt === 'number'
  );
}

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

  /**
   * Copies one account's entry of `field` (with the wrapped key, so it stays openable) to quarantine;
   * returns the rest.
   */
  quarantineEntry(document: VaultDocument, field: 'entries' | 'jars', accountId: string, reason: string): VaultDocument {
    const entries = document[field] ?? {};
    const copy = { ...document, entries: {}, jars: {}, [field]: { [accountId]: ownValue(entries, accountId) } };
    const quarantinedTo = this.#quarantine.keep(field === 'jars' ? 'session-vault-jar' : 'session-vault-entry', JSON.stringify({ [VAULT_STORE_KEY]: copy }));
    const remaining = { ...document, [field]: withoutKey(entries, accountId) };
    this.write(remaining);
    this.reportUnreadable(accountId, reason, quarantinedTo);
    return remaining;
  }

  reportUnreadable(accountId: string | null, reason: string, quarantinedTo: string | null): void {
    this.#events.emit({ type: 'vault.unreadable', accountId, reason, quarantinedTo });
  }
}

/** `record[key]` when `key` is the record's own property (never `__proto__`, `constructor`, … from the prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A copy of `record` without `key`. */
export function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}
