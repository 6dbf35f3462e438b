/**
 * Turns the OS's "you may have been away" signals into wake calls for the session refresher: power resume,
 * screen unlock, and the network coming back. Electron has no main-process "online" event, so connectivity
 * is polled with `net.isOnline()` and only the offline → online transition is reported.
 */
import { net, powerMonitor } from 'electron';
import type { Clock } from '../../core/index.ts';
import type { WakeReason } from '../../auth/session/index.ts';

export interface WakeSignalOptions {
  readonly clock: Clock;
  readonly onWake: (reason: WakeReason) => void;
  /** How often connectivity and the refresh deadline are re-checked. Default 30 s. */
  readonly pollMs?: number;
}

/** Subscribes to the wake signals; returns a function that unsubscribes and stops polling. */
export function watchWakeSignals(options: WakeSignalOptions): () => void {
  const pollMs = options.pollMs ?? 30_000;
  const onResume = (): void => options.onWake('resume');
  const onUnlock = (): void => options.onWake('unlock-screen');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);

  let online = net.isOnline();
  let cancelTimer: (() => void) | null = null;
  const poll = (): void => {
    const nowOnline = net.isOnline();
    if (nowOnline && !online) options.onWake('online');
    else options.onWake('poll');
    online = nowOnline;
    cancelTimer = options.clock.setTimer(poll, pollMs);
  };
  cancelTimer = options.clock.setTimer(poll, pollMs);

  return () => {
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onUnlock);
    cancelTimer?.();
  };
}
