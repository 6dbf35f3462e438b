/**
 * The vault's plain (unencrypted) settings: each account's display profile, so the UI can name the account
 * at start without the keychain, and whether the user accepted weaker (Linux `basic_text`) storage.
 * Nothing secret is ever written here.
 */
import type { KeyValueStore } from '../platform/key-value-store.ts';
import type { AccountProfile } from './session-record.ts';

export const PROFILES_SETTING = 'accountProfiles';
export const WEAKER_STORAGE_OPT_IN_SETTING = 'weakerStorageOptIn';

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

  setProfile(accountId: string, profile: AccountProfile): void {
    const { email, name, avatarUrl } = profile;
    this.#store.set(PROFILES_SETTING, { ...this.profiles(), [accountId]: { email, name, avatarUrl } });
  }

  removeProfile(accountId: string): void {
    const profiles = this.profiles();
    if (!(accountId in profiles)) return;
    delete profiles[accountId];
    this.#store.set(PROFILES_SETTING, profiles);
  }

  weakerStorageAllowed(): boolean {
    return this.#store.get(WEAKER_STORAGE_OPT_IN_SETTING) === true;
  }

  allowWeakerStorage(): void {
    this.#store.set(WEAKER_STORAGE_OPT_IN_SETTING, true);
  }
}
