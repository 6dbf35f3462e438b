/**
 * The renderer's only way to the main process: `window.imagefx`, defined by the preload. `invoke` turns a
 * failed reply into an {@link IpcCallError}, so views can `try`/`catch` and branch on the stable code.
 */
import type { AppEvent, InvokeArgs, InvokeResult } from '../shared/ipc-contract.ts';
import { IpcCallError, unwrapIpcResult, type ImageFxBridge, type InvokeChannel } from '../shared/ipc-channels.ts';

declare global {
  interface Window {
    readonly imagefx: ImageFxBridge;
  }
}

/** The typed bridge, as one object the views receive (so nothing else reads the global). */
export class Bridge {
  readonly #api: ImageFxBridge;

  constructor(api: ImageFxBridge) {
    this.#api = api;
  }

  /** Calls `channel`; resolves with its value or rejects with an {@link IpcCallError}. */
  async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
    let reply;
    try {
      reply = await this.#api.invoke(channel, ...args);
    } catch {
      // A rejected invoke means the bridge itself failed (the main process refused the call or went away).
      throw new IpcCallError({ code: 'INTERNAL', message: 'The app did not answer.', reason: null, retryAfterMs: null });
    }
    return unwrapIpcResult(reply);
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    return this.#api.onEvent(listener);
  }
}

/** The error of a failed call as the UI's error shape. */
export function toCallError(error: unknown): IpcCallError {
  return error instanceof IpcCallError ? error : new IpcCallError({ code: 'INTERNAL', message: 'Unexpected error.', reason: null, retryAfterMs: null });
}
