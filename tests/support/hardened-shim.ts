/**
 * A fresh shimmed Electron app hardened as main.ts hardens it (the contents guard on every webContents),
 * and ready: what the window adapters' tests start from.
 */
import { systemClock, type Clock } from '../../src/core/index.ts';
import { hardenApp } from '../../src/app/security/app-hardening.ts';
import type { WebContentsGuard } from '../../src/app/security/hardening-contents-guard.ts';
import { __shim } from './electron-shim.ts';

/** Resets the shim, hardens the app (as the one instance) and makes it ready; returns its contents guard. */
export function startHardenedShim(clock: Pick<Clock, 'now'> = systemClock): { readonly contentsGuard: WebContentsGuard } {
  __shim.reset();
  const hardening = hardenApp({ onSecondInstance: () => {}, clock });
  if (!hardening.isPrimaryInstance) throw new Error('expected the single-instance lock');
  __shim.makeReady();
  return hardening;
}
