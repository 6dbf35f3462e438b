/**
 * The bridge between the sandboxed renderer and the main process: named functions only, no logic.
 * Bundled into one CommonJS file, because a sandboxed preload cannot require local modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, type AppInfo, type ImageFxBridge, type IpcResult } from './shared/ipc-contract.ts';

async function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
  const result = (await ipcRenderer.invoke(channel, ...args)) as IpcResult<T>;
  if (result.ok) return result.value;
  throw Object.assign(new Error(result.error.message), { code: result.error.code });
}

const bridge: ImageFxBridge = {
  appInfo: (): Promise<AppInfo> => invoke<AppInfo>('app:info'),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
