/**
 * The bridge between the sandboxed renderer and the main process: `window.imagefx` with `invoke(channel,
 * ...args)` for the contract's channels and `onEvent`, nothing else. No logic beyond refusing a channel the
 * contract does not list: the main process checks the sender and parses the arguments of every call.
 * Bundled into one CommonJS file, because a sandboxed preload cannot require local modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AppEvent } from './shared/ipc-contract.ts';
import { BRIDGE_GLOBAL, EVENT_CHANNEL, isInvokeChannel, type ImageFxBridge } from './shared/ipc-channels.ts';

const bridge: ImageFxBridge = {
  invoke(channel, ...args) {
    if (!isInvokeChannel(channel)) return Promise.reject(new Error('Unknown IPC channel.'));
    return ipcRenderer.invoke(channel, ...args);
  },
  onEvent(listener: (event: AppEvent) => void): () => void {
    // The page gets the event's data only, never Electron's event object (it would expose ipcRenderer).
    const forward = (_event: unknown, payload: AppEvent): void => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
