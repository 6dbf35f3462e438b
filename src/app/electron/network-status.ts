/**
 * The operating system's network state for the generation queue's reachability checks: Electron's
 * `net.isOnline()` (true when the machine has a network connection; it says nothing about Google, which
 * the queue probes itself).
 */
import { net } from 'electron';
import type { NetworkStatus } from '../../services/imagefx/index.ts';

export const electronNetworkStatus: NetworkStatus = { isOnline: () => net.isOnline() };
