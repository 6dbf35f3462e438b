/**
 * The renderer's only way to the main process: `window.imagefx`, defined by the preload. `call` turns a
 * failed reply into an {@link IpcCallError}, so views can `try`/`catch` and branch on the stable code.
 */
import { IpcCallError, unwrapIpcResult, type BridgeMethod, type ImageFxBridge } from '../shared/ipc-contract.ts';

declare global {
  interface Window {
    readonly imagefx: ImageFxBridge;
  }
}

type MethodArgs<M extends BridgeMethod> = Parameters<ImageFxBridge[M]>;
type MethodValue<M extends BridgeMethod> = Awaited<ReturnType<ImageFxBridge[M]>> extends infer R
  ? R extends { ok: true; value: infer V }
    ? V
    : never
  : never;

/** The typed bridge, as one object the views receive (so nothing else reads the global). */
export class Bridge {
  readonly #api: ImageFxBridge;

  constructor(api: ImageFxBridge) {
    this.#api = api;
  }

  /** Calls `method`; resolves with its value or rejects with an {@link IpcCallError}. */
  async call<M extends BridgeMethod>(method: M, ...args: MethodArgs<M>): Promise<MethodValue<M>> {
    const invoke = this.#api[method] as (...values: MethodArgs<M>) => ReturnType<ImageFxBridge[M]>;
    let reply;
    try {
      reply = await invoke(...args);
    } catch {
      // A rejected invoke means the bridge itself failed (the main process refused the call or went away).
      throw new IpcCallError({ code: 'INTERNAL', message: 'The app did not answer.' });
    }
    return unwrapIpcResult(reply) as MethodValue<M>;
  }

  onEvent(listener: Parameters<ImageFxBridge['onEvent']>[0]): () => void {
    return this.#api.onEvent(listener);
  }
}

/** The error of a failed call as the UI's error shape. */
export function toCallError(error: unknown): IpcCallError {
  return error instanceof IpcCallError ? error : new IpcCallError({ code: 'INTERNAL', message: 'Unexpected error.' });
}
