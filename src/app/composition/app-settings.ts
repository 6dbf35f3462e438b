/**
 * The user's settings behind `settings:*`: the sign-in window's user-agent strategy, how many generation
 * jobs run at once (applied to the queue at once and kept for the next start), and the weaker-storage
 * opt-in (the account layer owns it; the storage mode it leads to is part of every answer).
 */
import type { AccountService } from '../../auth/accounts/account-service.ts';
import type { GenerationQueue } from '../../services/imagefx/generation-queue.ts';
import { AppError } from '../../shared/app-error.ts';
import type { AppSettings, UserAgentStrategy } from '../../shared/ipc-contract.ts';
import { MAX_CONCURRENCY } from '../../shared/ipc-contract.ts';
import type { SettingsControls } from '../ipc/ipc-ports.ts';
import type { KeyValueStore } from '../../core/key-value-store.ts';

export const CONCURRENCY_SETTING = 'generationConcurrency';
export const DEFAULT_CONCURRENCY = 2;

/** Where the user-agent choice is kept (the account layer's `UserAgentSetting`). */
export interface UserAgentStrategySetting {
  get(): UserAgentStrategy;
  set(strategy: UserAgentStrategy): void;
}

function isConcurrency(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_CONCURRENCY;
}

/** The stored concurrency, or the default when none (or nonsense) is stored; read before the queue is made. */
export function storedConcurrency(store: KeyValueStore): number {
  const stored = store.get(CONCURRENCY_SETTING);
  return isConcurrency(stored) ? stored : DEFAULT_CONCURRENCY;
}

export interface AppSettingsServiceOptions {
  readonly store: KeyValueStore;
  readonly userAgent: UserAgentStrategySetting;
  readonly queue: Pick<GenerationQueue, 'concurrency' | 'setConcurrency'>;
  readonly accounts: Pick<AccountService, 'snapshot' | 'optInToWeakerStorage'>;
}

export class AppSettingsService implements SettingsControls {
  readonly #store: KeyValueStore;
  readonly #userAgent: UserAgentStrategySetting;
  readonly #queue: Pick<GenerationQueue, 'concurrency' | 'setConcurrency'>;
  readonly #accounts: Pick<AccountService, 'snapshot' | 'optInToWeakerStorage'>;

  constructor(options: AppSettingsServiceOptions) {
    this.#store = options.store;
    this.#userAgent = options.userAgent;
    this.#queue = options.queue;
    this.#accounts = options.accounts;
  }

  get(): AppSettings {
    return {
      userAgentStrategy: this.#userAgent.get(),
      concurrency: this.#queue.concurrency,
      storage: this.#accounts.snapshot().storage,
    };
  }

  setUserAgentStrategy(strategy: UserAgentStrategy): AppSettings {
    this.#userAgent.set(strategy);
    return this.get();
  }

  setConcurrency(concurrency: number): AppSettings {
    if (!isConcurrency(concurrency)) {
      throw new AppError('INVALID_INPUT', `Concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}.`);
    }
    this.#queue.setConcurrency(concurrency);
    this.#store.set(CONCURRENCY_SETTING, concurrency);
    return this.get();
  }

  async optInToWeakerStorage(): Promise<AppSettings> {
    await this.#accounts.optInToWeakerStorage();
    return this.get();
  }
}
