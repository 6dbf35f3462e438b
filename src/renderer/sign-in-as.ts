/**
 * "Sign in" for work that belongs to an account: switches to that account when it is listed and not the
 * active one, and opens Google's sign-in window when its session needs the user — or when the account is
 * no longer listed (it was signed out; signing in as the same Google account brings its work back).
 */
import type { AuthState } from '../shared/auth-schemas.ts';
import type { Bridge } from './bridge.ts';

const USABLE: readonly AuthState[] = ['signed-in', 'refreshing', 'offline'];

export async function signInAs(bridge: Bridge, accountId: string): Promise<void> {
  let snapshot = await bridge.invoke('auth:snapshot');
  const listed = snapshot.accounts.some((account) => account.id === accountId);
  if (listed && snapshot.activeAccount?.id !== accountId) {
    await bridge.invoke('auth:switch-account', accountId);
    snapshot = await bridge.invoke('auth:snapshot');
  }
  const usable = listed && snapshot.activeAccount?.id === accountId && USABLE.includes(snapshot.state);
  if (!usable) await bridge.invoke('auth:sign-in');
}
