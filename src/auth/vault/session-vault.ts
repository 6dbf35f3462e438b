/**
 * The session vault: one sealed {@link SessionRecord} per account id, on disk only when the OS keychain
 * really protects it. Policy (the key is in vault-key.ts, sealed records in sealed-record.ts, the stored document in vault-document.ts):
 *
 * - keychain unavailable, or Linux `basic_text` without the user's opt-in → memory-only: nothing secret is
 *   written, `storageStatus()` says why, and an opt-in (persisted) turns the disk on;
 * - the Linux backend differs from the one that wrapped the key, or the wrapped key is not in the format the
 *   current backend writes (a planted `v10`) → {@link VaultBackendChangedError} from load/save, the vault
 *   file untouched until `startOver()`;
 * - anything that does not decrypt is copied to quarantine, removed, reported once as `vault.unreadable`,
 *   and `load` answers `unreadable` for the accounts it held — never a throw, never a loop;
 * - an entry older than the newest one the account ever sealed (its generation below the high-water mark
 *   kept in the plain settings) is a rollback: set aside the same way, reported with reason `rolled-back`.
 *
 * Display data (email, name, avatar URL) also goes to the plain settings store, so the UI can name the
 * account at start without touching the keychain.
 */
import { createSecretKey, randomBytes as nodeRandomBytes, type KeyObject } from 'node:crypto';
import type { KeyValueStore, Quarantine } from '../../core/index.ts';
import type { AccountProfile, AuthEventStream, SessionCookie, SessionRecord } from '../session/index.ts';
import { CipherUnavailableError, type SecretCipher } from './secret-cipher.ts';
import { SealedEntries } from './sealed-entries.ts';
import { COOKIE_JAR, SESSION_RECORD, type SealedKind } from './sealed-record.ts';
import { VaultBackendChangedError, WeakerStorageUnavailableError } from './vault-errors.ts';
import { ownValue, VaultDocumentStore, withoutKey, type VaultDocument } from './vault-document.ts';
import { createDataKey, unlockDataKey } from './vault-key.ts';
import { VaultSettings } from './vault-settings.ts';
import { backendChangedError, decideAfterKeychain, decideBeforeKeychain, type StorageStatus } from './vault-storage-policy.ts';

export type { MemoryOnlyReason, StorageStatus } from './vault-storage-policy.ts';

export type VaultLoadResult =
  | { readonly status: 'ok'; readonly record: SessionRecord }
  | { readonly status: 'empty' }
  /** `reason`: `vault-unreadable` (quarantined), or the {@link MemoryOnlyReason} that keeps it from being read now. */
  | { readonly status: 'unreadable'; readonly reason: string };

export interface SessionVaultDeps {
  readonly cipher: SecretCipher;
  /** The vault file's store (electron-store `session-vault`). */
  readonly store: KeyValueStore;
  /** Plain settings (electron-store `account-settings`): display profiles and the weaker-storage opt-in. */
  readonly settings: KeyValueStore;
  readonly quarantine: Quarantine;
  readonly events: AuthEventStream;
  /** Randomness for keys and IVs; node:crypto's by default. */
  readonly randomBytes?: (size: number) => Uint8Array;
}

export class SessionVault {
  readonly #cipher: SecretCipher;
  readonly #documents: VaultDocumentStore;
  readonly #settings: VaultSettings;
  readonly #entries: SealedEntries;
  readonly #randomBytes: (size: number) => Uint8Array;
  #status: StorageStatus = { mode: 'encrypted', backend: null };
  /** The document as on disk (in memory-only modes: as found, untouched). */
  #document: VaultDocument | null = null;
  /** The unwrapped data key, held as a `KeyObject` (see sealed-record.ts `DataKey`). */
  #dataKey: KeyObject | null = null;
  #backendChange: VaultBackendChangedError | null = null;
  readonly #memory = new Map<string, SessionRecord>();
  /** Cookie jars held in memory (memory-only modes, or a keychain that stopped answering). */
  readonly #memoryJars = new Map<string, readonly SessionCookie[]>();
  /** Accounts whose data was quarantined during this run: `load` keeps saying so until save/remove. */
  readonly #lost = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(deps: SessionVaultDeps) {
    this.#cipher = deps.cipher;
    this.#documents = new VaultDocumentStore(deps);
    this.#settings = new VaultSettings(deps.settings);
    this.#randomBytes = deps.randomBytes ?? nodeRandomBytes;
    this.#entries = new SealedEntries(this.#documents, this.#settings, this.#randomBytes);
  }

  /** Opens the vault: reports store files quarantined on open, applies the backend policy, unwraps the key. */
  static async open(deps: SessionVaultDeps): Promise<SessionVault> {
    const vault = new SessionVault(deps);
    for (const [store, reason] of [[deps.store, 'store-corrupt'], [deps.settings, 'settings-corrupt']] as const) {
      if (store.quarantinedOnOpen) vault.#documents.reportUnreadable(null, reason, store.quarantinedOnOpen);
    }
    await vault.#exclusive(() => vault.#configure());
    return vault;
  }

  /** Where secrets go now; in `memory-only` mode, why (and a sentence for the UI). */
  storageStatus(): StorageStatus {
    return this.#status;
  }

  /** Account ids with a stored or in-memory session (no decryption involved). */
  listAccountIds(): string[] {
    return [...new Set([...Object.keys(this.#document?.entries ?? {}), ...this.#memory.keys()])];
  }

  /** Display profiles from the plain settings (plus memory-only sessions), for the UI at start. */
  accountProfiles(): Record<string, AccountProfile> {
    const profiles = this.#settings.profiles();
    for (const [accountId, record] of this.#memory) profiles[accountId] = record.account;
    return profiles;
  }

  /** The account's session. Never throws for unreadable data; throws {@link VaultBackendChangedError}. */
  load(accountId: string): Promise<VaultLoadResult> {
    return this.#exclusive(async () => {
      if (this.#backendChange) throw this.#backendChange;
      const inMemory = this.#memory.get(accountId);
      if (inMemory) return { status: 'ok', record: inMemory };
      if (this.#lost.has(accountId)) return { status: 'unreadable', reason: 'vault-unreadable' };
      const opened = this.#open(SESSION_RECORD, accountId);
      return opened.status === 'ok' ? { status: 'ok', record: opened.value } : opened;
    });
  }

  /** Seals and stores `record` (memory only while {@link storageStatus} says so). */
  save(accountId: string, record: SessionRecord): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#backendChange) throw this.#backendChange;
      await this.#persist(accountId, record);
    });
  }

  /**
   * The account's partition cookie jar (see auth/login's PartitionCookieJar), or `null` when none is kept or
   * it cannot be read now. Never throws: a jar that does not open is quarantined like a record.
   */
  loadJar(accountId: string): Promise<readonly SessionCookie[] | null> {
    return this.#exclusive(async () => {
      if (this.#backendChange) return null;
      const inMemory = this.#memoryJars.get(accountId);
      if (inMemory) return inMemory;
      const opened = this.#open(COOKIE_JAR, accountId);
      return opened.status === 'ok' ? opened.value : null;
    });
  }

  /**
   * Seals and stores the account's cookie jar, under the same policy as sessions: on disk only when the
   * keychain protects it, in memory otherwise. Throws {@link VaultBackendChangedError} like `save`.
   */
  saveJar(accountId: string, cookies: readonly SessionCookie[]): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#backendChange) throw this.#backendChange;
      if (this.#status.mode === 'memory-only' || !(await this.#ensureKey())) {
        this.#memoryJars.set(accountId, cookies);
        return;
      }
      this.#seal(COOKIE_JAR, accountId, cookies);
      this.#memoryJars.delete(accountId);
    });
  }

  /** Forgets the account everywhere (disk entry, memory, profile). Works in every mode; never needs the key. */
  remove(accountId: string): Promise<void> {
    return this.#exclusive(async () => {
      this.#memory.delete(accountId);
      this.#memoryJars.delete(accountId);
      this.#lost.delete(accountId);
      const document = this.#document;
      if (document && (ownValue(document.entries, accountId) || ownValue(document.jars, accountId))) {
        const jars = document.jars ? { jars: withoutKey(document.jars, accountId) } : {};
        this.#writeDocument({ ...document, entries: withoutKey(document.entries, accountId), ...jars });
      }
      this.#settings.removeProfile(accountId);
    });
  }

  /**
   * The user accepts Linux `basic_text` storage (its key is a well-known password). Persisted; sessions held
   * in memory are written at once. Throws {@link WeakerStorageUnavailableError} when nothing can encrypt.
   */
  optInToWeakerStorage(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#backendChange) throw this.#backendChange;
      if (this.#status.mode !== 'memory-only') return;
      if (this.#status.reason === 'encryption-unavailable') throw new WeakerStorageUnavailableError(this.#status.detail);
      this.#settings.allowWeakerStorage();
      const status = await this.#configure();
      if (status.mode === 'memory-only') throw new WeakerStorageUnavailableError(status.detail);
      const pending = [...this.#memory];
      this.#memory.clear();
      for (const [accountId, record] of pending) await this.#persist(accountId, record);
      const jars = [...this.#memoryJars];
      this.#memoryJars.clear();
      for (const [accountId, cookies] of jars) this.#seal(COOKIE_JAR, accountId, cookies);
    });
  }

  /**
   * After a backend change (or a key this keychain did not write) the user chose to sign in again: the old
   * vault goes to quarantine with the display profiles of its accounts, and a new one starts.
   */
  startOver(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#backendChange) return;
      const accountIds = Object.keys(this.#document?.entries ?? {});
      this.#quarantineDocument('backend-changed');
      for (const accountId of accountIds) this.#settings.removeProfile(accountId);
      this.#backendChange = null;
      await this.#configure();
    });
  }

  /** Applies the storage policy to what is stored now, and unwraps the key when the disk may be used. */
  async #configure(): Promise<StorageStatus> {
    const backend = this.#cipher.storageBackend();
    const parsed = this.#documents.read();
    this.#document = parsed.status === 'ok' ? parsed.document : null;
    this.#dataKey = null;
    const early = decideBeforeKeychain({
      backend,
      storedBackend: this.#document?.backend,
      weakerStorageAllowed: this.#settings.weakerStorageAllowed(),
    });
    if (early.mode === 'keychain') {
      if (early.allowWeakBackend) this.#cipher.allowWeakBackend();
      this.#status = decideAfterKeychain(backend, await this.#cipher.availability());
    } else {
      this.#status = early;
      if (early.reason === 'backend-changed') this.#backendChange = backendChangedError(this.#document?.backend, backend);
    }
    if (this.#status.mode !== 'memory-only') {
      if (parsed.status === 'unreadable') this.#quarantineDocument('vault-unreadable', parsed.accountIds);
      else if (this.#document) await this.#unlock(this.#document);
    }
    return this.#status;
  }

  async #unlock(document: VaultDocument): Promise<void> {
    const unlocked = await unlockDataKey(this.#cipher, document, this.#status.backend);
    if (unlocked.status === 'unavailable') return this.#fallBackToMemory(unlocked.error);
    if (unlocked.status === 'unreadable') return this.#quarantineDocument('vault-unreadable', Object.keys(document.entries));
    if (unlocked.status === 'foreign') {
      // Not this keychain's key (issue 15, row 2): never seal anything under it; the user decides (startOver).
      this.#backendChange = VaultBackendChangedError.foreignKey(document.backend, this.#status.backend);
      this.#status = { mode: 'memory-only', reason: 'backend-changed', detail: this.#backendChange.message, backend: this.#status.backend };
      return;
    }
    this.#dataKey = keyObjectOf(unlocked.dataKey);
    if (unlocked.rewrapped) this.#writeDocument(unlocked.rewrapped);
  }

  async #persist(accountId: string, record: SessionRecord): Promise<void> {
    this.#lost.delete(accountId);
    if (this.#status.mode === 'memory-only' || !(await this.#ensureKey())) {
      this.#memory.set(accountId, record);
      return;
    }
    this.#seal(SESSION_RECORD, accountId, record);
    this.#memory.delete(accountId);
    this.#settings.setProfile(accountId, record.account);
  }

  /** The account's entry of `kind`, or why it cannot be had now (see sealed-entries.ts for the rollback check). */
  #open<T>(kind: SealedKind<T>, accountId: string): { status: 'ok'; value: T } | { status: 'empty' } | { status: 'unreadable'; reason: string } {
    if (!ownValue(this.#document?.[kind.field], accountId)) return { status: 'empty' };
    if (this.#status.mode === 'memory-only') return { status: 'unreadable', reason: this.#status.reason };
    if (!this.#dataKey) return { status: 'unreadable', reason: 'encryption-unavailable' };
    const opened = this.#entries.open(kind, this.#document!, this.#dataKey, accountId);
    if (opened.status !== 'quarantined') return opened;
    this.#document = opened.document;
    if (kind.field === 'entries') this.#lost.add(accountId);
    return { status: 'unreadable', reason: 'vault-unreadable' };
  }

  /** Seals `value` as the account's next entry of `kind` (the key exists). */
  #seal<T>(kind: SealedKind<T>, accountId: string, value: T): void {
    this.#document = this.#entries.seal(kind, this.#document!, this.#dataKey!, accountId, value);
  }

  /** Creates and wraps the data key on the first save. False (now memory-only) when the keychain refuses. */
  async #ensureKey(): Promise<boolean> {
    if (this.#dataKey && this.#document) return true;
    try {
      const created = await createDataKey(this.#cipher, this.#randomBytes, this.#status.backend);
      this.#dataKey = keyObjectOf(created.dataKey);
      this.#document = created.document;
      return true;
    } catch (error) {
      if (!(error instanceof CipherUnavailableError)) throw error;
      this.#fallBackToMemory(error);
      return false;
    }
  }

  #quarantineDocument(reason: string, accountIds: readonly string[] = []): void {
    this.#documents.quarantineAll(reason);
    this.#document = null;
    this.#dataKey = null;
    for (const accountId of accountIds) this.#lost.add(accountId);
  }

  #writeDocument(document: VaultDocument): void {
    this.#documents.write(document);
    this.#document = document;
  }

  /** The keychain stopped answering: keep secrets in memory for the rest of this run (disk untouched). */
  #fallBackToMemory(error: CipherUnavailableError): void {
    this.#status = { mode: 'memory-only', reason: 'encryption-unavailable', detail: error.message, backend: this.#status.backend };
  }

  /** Runs vault operations one at a time: a save waiting on the keychain must not interleave with a load. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** The key as a `KeyObject`; the bytes it was made from are zeroed, so no plain copy stays on the JS heap. */
function keyObjectOf(dataKey: Buffer): KeyObject {
  const key = createSecretKey(dataKey);
  dataKey.fill(0);
  return key;
}
