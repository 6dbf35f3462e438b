/**
 * The account list's plumbing: opaque account ids, the persisted choice of active account, and the
 * secret-free views of accounts and storage the UI gets. Accounts themselves live in the vault (one sealed
 * entry each, plus a plain display profile); this file only reads and names them.
 */
import type { KeyValueStore } from '../../core/index.ts';
import { ACCOUNT_ID_PATTERN } from '../../shared/auth-options.ts';
import type { AccountSummary, AuthSnapshot, StorageSummary } from '../../shared/auth-schemas.ts';
import type { ImageBackendId } from '../../shared/generation-options.ts';
import type { AccountProfile, SessionMetadata } from '../session/index.ts';
import type { StorageStatus } from '../vault/index.ts';

/** What the account manager needs from the vault besides the active session (`SessionVault` fits). */
export interface AccountDirectory {
  listAccountIds(): string[];
  /** Display profiles by account id (plain settings, plus sessions held in memory). */
  accountProfiles(): Record<string, AccountProfile>;
  /** Forgets an account's sealed session and profile. */
  remove(accountId: string): Promise<void>;
  storageStatus(): StorageStatus;
  optInToWeakerStorage(): Promise<void>;
  /** Sets aside a vault whose key this keychain did not write, and starts a new one. */
  startOver(): Promise<void>;
}

const ACCOUNT_ID_BYTES = 12;

/**
 * A new opaque account id: 96 random bits as hex ({@link ACCOUNT_ID_PATTERN}). Random rather than derived from the email, so neither
 * the partition folder name nor the vault reveals who signed in.
 */
export function createAccountId(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(ACCOUNT_ID_BYTES);
  if (bytes.length !== ACCOUNT_ID_BYTES) throw new Error('randomBytes returned the wrong number of bytes');
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID_PATTERN.test(value);
}

export const ACTIVE_ACCOUNT_SETTING = 'activeAccountId';

/** Which account drives the image service, kept across restarts (plain settings; an id is not secret). */
export class ActiveAccountSetting {
  readonly #store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  get(): string | null {
    const stored = this.#store.get(ACTIVE_ACCOUNT_SETTING);
    return isAccountId(stored) ? stored : null;
  }

  set(accountId: string | null): void {
    if (accountId === null) this.#store.delete(ACTIVE_ACCOUNT_SETTING);
    else this.#store.set(ACTIVE_ACCOUNT_SETTING, accountId);
  }
}

/** The backend each account generates with (see account-backends.ts). */
export type BackendOf = (accountId: string) => ImageBackendId;

export function accountSummary(id: string, profile: AccountProfile, backendOf: BackendOf): AccountSummary {
  return { id, email: profile.email, name: profile.name, avatarUrl: profile.avatarUrl, backend: backendOf(id) };
}

/** Every account the vault knows a profile for, ordered by email then id. */
export function listAccounts(directory: AccountDirectory, backendOf: BackendOf): AccountSummary[] {
  return Object.entries(directory.accountProfiles())
    .filter(([id]) => isAccountId(id))
    .map(([id, profile]) => accountSummary(id, profile, backendOf))
    .sort((a, b) => a.email.localeCompare(b.email) || a.id.localeCompare(b.id));
}

/** Ids of other accounts with the same email (case-insensitive): the ones a fresh sign-in replaces. */
export function accountsWithEmail(directory: AccountDirectory, email: string, except: string): string[] {
  const wanted = email.trim().toLowerCase();
  return Object.entries(directory.accountProfiles())
    .filter(([id, profile]) => isAccountId(id) && id !== except && profile.email.trim().toLowerCase() === wanted)
    .map(([id]) => id)
    .sort();
}

export function storageSummary(status: StorageStatus): StorageSummary {
  return status.mode === 'encrypted' ? { mode: 'encrypted' } : { mode: status.mode, reason: status.reason, detail: status.detail };
}

/**
 * The UI's view: the session manager's state (or `signing-in` while a sign-in window is open), the active
 * account (from the profiles, or from the loaded session when its profile is not written yet), every
 * account, and where secrets are kept.
 */
export function composeSnapshot(input: {
  readonly metadata: SessionMetadata;
  readonly directory: AccountDirectory;
  readonly activeId: string | null;
  readonly signingIn: boolean;
  readonly backendOf: BackendOf;
}): AuthSnapshot {
  const { metadata, activeId, backendOf } = input;
  const accounts = listAccounts(input.directory, backendOf);
  const listed = activeId === null ? undefined : accounts.find((account) => account.id === activeId);
  const loaded = activeId !== null && metadata.accountId === activeId && metadata.account ? accountSummary(activeId, metadata.account, backendOf) : null;
  return {
    state: input.signingIn ? 'signing-in' : metadata.state,
    reason: metadata.reason,
    activeAccount: listed ?? loaded,
    accounts,
    storage: storageSummary(input.directory.storageStatus()),
  };
}
