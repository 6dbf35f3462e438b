/**
 * The user's settings behind `settings:*`: the sign-in window's user-agent strategy (kept by the login
 * room) and the weaker-storage opt-in (the account layer owns it; the storage mode it leads to is part of
 * every answer).
 */
import type { AccountService } from '../../auth/accounts/index.ts';
import type { LoginSettings } from '../../auth/login/index.ts';
import type { UserAgentStrategy } from '../../shared/auth-options.ts';
import type { AppSettings } from '../../shared/ipc-contract.ts';

export interface AppSettingsServiceOptions {
  readonly login: Pick<LoginSettings, 'userAgentStrategy' | 'setUserAgentStrategy'>;
  readonly accounts: Pick<AccountService, 'snapshot' | 'optInToWeakerStorage'>;
}

export class AppSettingsService {
  readonly #login: AppSettingsServiceOptions['login'];
  readonly #accounts: AppSettingsServiceOptions['accounts'];

  constructor(options: AppSettingsServiceOptions) {
    this.#login = options.login;
    this.#accounts = options.accounts;
  }

  get(): AppSettings {
    return { userAgentStrategy: this.#login.userAgentStrategy, storage: this.#accounts.snapshot().storage };
  }

  setUserAgentStrategy(strategy: UserAgentStrategy): AppSettings {
    this.#login.setUserAgentStrategy(strategy);
    return this.get();
  }

  async optInToWeakerStorage(): Promise<AppSettings> {
    await this.#accounts.optInToWeakerStorage();
    return this.get();
  }
}
