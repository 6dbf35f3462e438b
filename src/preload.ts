/**
 * The bridge between the sandboxed renderer and the main process: `window.imagefx`, holding one function
 * per contract channel (each returns the channel's `IpcResult`) and `onEvent`, nothing else. No logic:
 * the main process checks the sender and the arguments of every call.
 * Bundled into one CommonJS file, because a sandboxed preload cannot require local modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AppEvent, BridgeMethod, ImageFxBridge } from './shared/ipc-contract.ts';
import { BRIDGE_EVENT_SUBSCRIPTION, BRIDGE_GLOBAL, BRIDGE_METHODS, EVENT_CHANNEL } from './shared/ipc-contract.ts';

const methods = Object.fromEntries(
  (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((method) => {
    const channel = BRIDGE_METHODS[method];
    return [method, (...args: unknown[]) => ipcRenderer.invoke(channel, ...args)];
  }),
);

function onEvent(listener: (event: AppEvent) => void): () => void {
  // The page gets the event's data only, never Electron's event object (it would expose ipcRenderer).
  const forward = (_event: unknown, payload: AppEvent): void => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

const bridge = { ...methods, [BRIDGE_EVENT_SUBSCRIPTION]: onEvent } as unknown as ImageFxBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
