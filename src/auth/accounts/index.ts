/**
 * auth/accounts — the accounts a user has signed in with: `PersistentAccountManager` (sign in, paste a
 * cookie, switch, remove, sign out; the snapshot the UI shows), the account registry and the active-account
 * setting. The top room of auth: it builds on session, login and vault; the IPC layer sees it through the
 * `AccountService` port.
 */
export { ActiveAccountSetting, createAccountId } from './account-registry.ts';
export type { AccountService } from './account-service.ts';
export { PersistentAccountManager } from './persistent-account-manager.ts';
