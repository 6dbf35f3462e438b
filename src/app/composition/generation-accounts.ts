/**
 * The generation queue's view of the accounts, read from the account layer's snapshot: which account new
 * jobs belong to, and whether it can make requests now. `offline` and `refreshing` count as signed in: the
 * session is intact, and the queue waits for the network by itself.
 */
import type { AccountService } from '../../auth/accounts/index.ts';
import type { GenerationAccounts } from '../../services/imagefx/index.ts';
import type { AuthState } from '../../shared/auth-schemas.ts';

const USABLE_STATES: ReadonlySet<AuthState> = new Set(['signed-in', 'refreshing', 'offline']);

export function generationAccounts(accounts: Pick<AccountService, 'snapshot'>): GenerationAccounts {
  return {
    activeAccountId: () => accounts.snapshot().activeAccount?.id ?? null,
    isSignedIn: () => {
      const snapshot = accounts.snapshot();
      return snapshot.activeAccount !== null && USABLE_STATES.has(snapshot.state);
    },
  };
}
