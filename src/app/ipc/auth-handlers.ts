/**
 * `auth:*`: sign-in state, sign in / cancel / sign out, paste a cookie, list / switch / remove accounts,
 * all through the `AccountService` port. Replies are rebuilt field by field from the contract's types, so
 * whatever else an implementation's objects carry never reaches the renderer.
 */
import type { AccountService } from '../../auth/accounts/account-service.ts';
import type { AccountSummary, AuthSnapshot, StorageSummary } from '../../shared/auth-types.ts';
import type { DomainHandlers } from './ipc-handler-table.ts';

export function toAccountSummary(account: AccountSummary): AccountSummary {
  return { id: account.id, email: account.email, name: account.name, avatarUrl: account.avatarUrl };
}

export function toStorageSummary(storage: StorageSummary): StorageSummary {
  return {
    mode: storage.mode,
    ...(storage.reason !== undefined ? { reason: storage.reason } : {}),
    ...(storage.detail !== undefined ? { detail: storage.detail } : {}),
  };
}

export function toAuthSnapshot(snapshot: AuthSnapshot): AuthSnapshot {
  return {
    state: snapshot.state,
    reason: snapshot.reason,
    activeAccount: snapshot.activeAccount ? toAccountSummary(snapshot.activeAccount) : null,
    accounts: snapshot.accounts.map(toAccountSummary),
    storage: toStorageSummary(snapshot.storage),
  };
}

export function createAuthHandlers(accounts: AccountService): DomainHandlers<'auth'> {
  return {
    'auth:snapshot': () => toAuthSnapshot(accounts.snapshot()),
    'auth:list-accounts': () => accounts.snapshot().accounts.map(toAccountSummary),
    'auth:sign-in': async () => toAccountSummary(await accounts.signIn()),
    'auth:cancel-sign-in': () => {
      accounts.cancelSignIn();
      return null;
    },
    'auth:sign-out': async () => {
      await accounts.signOut();
      return null;
    },
    'auth:import-cookie-header': async (header) => toAccountSummary(await accounts.importCookieHeader(header)),
    'auth:switch-account': async (accountId) => {
      await accounts.switchAccount(accountId);
      return null;
    },
    'auth:remove-account': async (accountId) => {
      await accounts.removeAccount(accountId);
      return null;
    },
  };
}
