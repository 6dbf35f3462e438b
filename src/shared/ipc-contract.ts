/**
 * The one IPC contract both sides import. Channels are named `domain:verb`.
 * Only types and plain data live here: no `electron`, no `node:*`, no DOM.
 */

/** Basic facts about the running app, safe to show in the UI. */
export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** True when the app talks to the local labs.google emulator instead of Google. */
  readonly demo: boolean;
}

/** Request → response pairs, keyed by channel. */
export interface InvokeContract {
  'app:info': { request: void; response: AppInfo };
}

export type InvokeChannel = keyof InvokeContract;

/** Every invoke channel, in one list the preload and the handler registry both check against. */
export const INVOKE_CHANNELS = ['app:info'] as const satisfies readonly InvokeChannel[];

/** The name of the single global the preload defines in the renderer. */
export const BRIDGE_GLOBAL = 'imagefx';

/** Errors cross IPC as this plain shape, never as an Error with a stack. */
export interface IpcErrorShape {
  readonly code: string;
  readonly message: string;
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcErrorShape };

/** What the preload exposes as `window.imagefx`: the renderer's whole view of the main process. */
export interface ImageFxBridge {
  appInfo(): Promise<AppInfo>;
}
