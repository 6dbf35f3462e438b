/**
 * The sign-in window's settings: the user-agent strategy (persisted in the plain settings store; not
 * secret) and the origin allow-list, combined into the {@link LoginPolicy} each new surface gets. Read
 * fresh for every surface, so a changed strategy applies to the next window.
 */
import type { KeyValueStore } from '../../core/index.ts';
import { GOOGLE_SIGN_IN_ORIGINS, createLoginPolicy, type LoginPolicy } from './login-policy.ts';
import { DEFAULT_USER_AGENT_STRATEGY, isUserAgentStrategy, type UserAgentStrategy } from './user-agent-strategy.ts';

export const USER_AGENT_SETTING = 'loginUserAgent';

export class LoginSettings {
  readonly #store: KeyValueStore;
  readonly #allowedOrigins: readonly string[];

  constructor(store: KeyValueStore, allowedOrigins: readonly string[] = GOOGLE_SIGN_IN_ORIGINS) {
    this.#store = store;
    this.#allowedOrigins = allowedOrigins;
    createLoginPolicy(allowedOrigins, DEFAULT_USER_AGENT_STRATEGY); // fail fast on a bad list
  }

  /** The stored strategy; an unknown stored value reads as the default. */
  get userAgentStrategy(): UserAgentStrategy {
    const stored = this.#store.get(USER_AGENT_SETTING);
    return isUserAgentStrategy(stored) ? stored : DEFAULT_USER_AGENT_STRATEGY;
  }

  setUserAgentStrategy(strategy: UserAgentStrategy): void {
    if (!isUserAgentStrategy(strategy)) throw new TypeError(`unknown user-agent strategy: ${String(strategy)}`);
    this.#store.set(USER_AGENT_SETTING, strategy);
  }

  /** The policy for the next login surface. */
  policy(): LoginPolicy {
    return createLoginPolicy(this.#allowedOrigins, this.userAgentStrategy);
  }
}
