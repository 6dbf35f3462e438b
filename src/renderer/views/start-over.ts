/**
 * "Start over" after VAULT_BACKEND_CHANGED: asks the main process, which confirms with the user in its own
 * dialog before the old vault is set aside. A cancelled dialog leaves everything as it was.
 */
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import type { Toasts } from './toasts.ts';

export async function startOver(bridge: Bridge, toasts: Toasts): Promise<void> {
  try {
    const snapshot = await bridge.invoke('auth:start-over');
    if (snapshot.storage.reason !== 'backend-changed') toasts.show({ kind: 'success', title: 'The old session was set aside. Sign in to continue.' });
  } catch (failure) {
    toasts.error(toCallError(failure));
  }
}
