/**
/**
 * `auth:*`: sign-in state, sign in / cancel / sign out, paste a cookie, switch / remove accounts, choose an
 * account's Google backend, start over after a keychain change, all through the `AccountService` port. Signing out also settles the
 * account's unfinished generations as the user chose (kept for the account, or cancelled). The registry
 * parses every reply with the contract's schema, so whatever else an implementation's objects carry never
 * reaches the renderer.
 */
import type { AccountService } from '../../auth/accounts/index.ts';
import type { DomainHandlers } from './ipc-handler-table.ts';
import type { GenerationQueueControls, MainProcessDialogs } from './ipc-ports.ts';

export function createAuthHandlers(
  accounts: AccountService,
  dialogs: MainProcessDialogs,
  queue: Pick<GenerationQueueControls, 'cancelAccountJobs'>,
): DomainHandlers<'auth'> {
  return {
    'auth:snapshot': () => accounts.snapshot(),
    'auth:sign-in': () => accounts.signIn(),
    'auth:cancel-sign-in': () => {
      accounts.cancelSignIn();
      return null;
    },
    'auth:sign-out': async ({ queuedWork }) => {
      const accountId = accounts.snapshot().activeAccount?.id;
      // Discarded before signing out, so none of them starts on the way out.
      if (queuedWork === 'discard' && accountId) queue.cancelAccountJobs(accountId);
      await accounts.signOut();
      return null;
    },
    'auth:import-cookie-header': (header) => accounts.importCookieHeader(header),
    'auth:switch-account': async (accountId) => {
      await accounts.switchAccount(accountId);
      return null;
    },
    'auth:remove-account': async (accountId) => {
      await accounts.removeAccount(accountId);
      return null;
    },
    'auth:set-backend': async (accountId, backend) => {
      await accounts.setBackend(accountId, backend);
      return null;
    },
    // Setting a vault aside is the user's decision, asked in the main process: a page cannot make it.
    'auth:start-over': async () => {
      if (accounts.snapshot().storage.reason === 'backend-changed' && (await dialogs.confirmStartOver())) await accounts.startOver();
      return accounts.snapshot();
    },
  };
}
