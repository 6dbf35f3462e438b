/**
 * The vault's plain (unencrypted) settings: each account's display profile, so the UI can name the account
 * at start without the keychain, whether the user accepted weaker (Linux `basic_text`) storage, and each
 * account's highest sealed generation — the rollback check's reference, kept outside the vault file so
 * that putting back an older `session-vault.json` is noticed. Nothing secret is ever written here.
 */
import type { KeyValueStore } from '../../core/index.ts';
import type { AccountProfile } from '../session/index.ts';

export const PROFILES_SETTING = 'accountProfiles';
export const WEAKER_STORAGE_OPT_IN_SETTING = 'weakerStorageOptIn';
export const GENERATIONS_SETTING = 'vaultGenerations';

export class VaultSettings {
  readonly #store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  /** Display profiles by account id. */
  profiles(): Record<string, AccountProfile> {
    const profiles = this.#store.get(PROFILES_SETTING);
    return typeof profiles === 'object' && profiles !== null && !Array.isArray(profiles)
      ? { ...(profiles as Record<string, AccountProfile>) }
      : {};
  }

  /** Stores the account's display profile; no write when the stored one is already the same (a token refresh). */
  setProfile(accountId: string, profile: AccountProfile): void {
    const { email, name, avatarUrl } = profile;
    const profiles = this.profiles();
    const stored: Partial<AccountProfile> | undefined = Object.hasOwn(profiles, accountId) ? profiles[accountId] : undefined;
    if (stored && stored.email === email && stored.name === name && stored.avatarUrl === avatarUrl && Object.keys(stored).length === 3) return;
    this.#store.set(PROFILES_SETTING, { ...profiles, [accountId]: { email, name, avatarUrl } });
  }

  removeProfile(accountId: string): void {
    const profiles = this.profiles();
    if (!Object.hasOwn(profiles, accountId)) return;
    delete profiles[accountId];
    this.#store.set(PROFILES_SETTING, profiles);
  }

  /**
   * The highest generation sealed for `slot` (an account id, or a prefixed one for other kinds of entry);
   * 0 when none was recorded. Kept after the account is removed, so its old entries stay refused.
   */
  generation(slot: string): number {
    const generations = this.#generations();
    const value = Object.hasOwn(generations, slot) ? generations[slot] : undefined;
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
  }

  /** Records that `slot` was sealed at `generation` (never lowers it). */
  setGeneration(slot: string, generation: number): void {
    if (generation <= this.generation(slot)) return;
    this.#store.set(GENERATIONS_SETTING, { ...this.#generations(), [slot]: generation });
  }

  #generations(): Record<string, unknown> {
    const stored = this.#store.get(GENERATIONS_SETTING);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  }

  weakerStorageAllowed(): boolean {
    return this.#store.get(WEAKER_STORAGE_OPT_IN_SETTING) === true;
  }

  allowWeakerStorage(): void {
    this.#store.set(WEAKER_STORAGE_OPT_IN_SETTING, true);
  }
}
