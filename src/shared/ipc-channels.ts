/**
 * The IPC surface as plain names, for the preload and the renderer (no zod here: the preload is one small
 * bundle and the renderer never evaluates a schema library). The schemas behind each channel are in
 * `ipc-contract.ts`; its `satisfies` check keeps the two lists equal.
 */
import type { ErrorCode } from './app-error.ts';
import type { FailureInfo } from './failure-info.ts';
import type { AppEvent, InvokeArgs, InvokeResult } from './ipc-contract.ts';

/** Every invoke channel, `domain:verb`, once each. */
export const INVOKE_CHANNELS = [
  'app:info',
  'auth:snapshot',
  'auth:sign-in',
  'auth:cancel-sign-in',
  'auth:sign-out',
  'auth:import-cookie-header',
  'auth:switch-account',
  'auth:remove-account',
  'auth:start-over',
  'auth:set-backend',
  'generation:enqueue',
  'generation:enqueue-batch',
  'generation:pause-job',
  'generation:resume-job',
  'generation:cancel-job',
  'generation:move-job',
  'generation:remove-job',
  'generation:retry-job',
  'generation:retry-failed',
  'generation:pause-all',
  'generation:resume-all',
  'generation:cancel-all',
  'generation:clear-finished',
  'generation:list-jobs',
  'generation:capabilities',
  'generation:add-reference',
  'caption:describe',
  'gallery:page',
  'gallery:search',
  'gallery:count',
  'gallery:index-progress',
  'gallery:set-favourite',
  'gallery:delete',
  'gallery:show-in-folder',
  'gallery:copy-image',
  'gallery:export',
  'gallery:export-selection',
  'gallery:cancel-export',
  'gallery:export-status',
  'gallery:set-favourite-many',
  'gallery:delete-many',
  'settings:get',
  'settings:set-user-agent-strategy',
  'settings:opt-in-weaker-storage',
  'diagnostics:export',
] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

/** The one channel main pushes {@link AppEvent}s on. */
export const EVENT_CHANNEL = 'app:event';

/** The name of the single global the preload defines in the renderer. */
export const BRIDGE_GLOBAL = 'imagefx';

/**
 * Every reply. The bridge resolves with it rather than throwing, because an Error crossing the
 * contextBridge keeps only its message (electron/electron#28346) and the code would be lost.
 */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FailureInfo };

/** What the preload exposes as `window.imagefx`: the renderer's whole view of the main process. */
export interface ImageFxBridge {
  /** Calls `channel` with its arguments; resolves with the reply (never rejects for a failed operation). */
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>>;
  /** Subscribes to {@link AppEvent}s; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

/** A failed reply as an exception, for renderer code that prefers `try`/`catch`. */
export class IpcCallError extends Error {
  readonly code: ErrorCode;
  readonly reason: string | null;
  readonly retryAfterMs: number | null;

  constructor(error: FailureInfo) {
    super(error.message);
    this.name = 'IpcCallError';
    this.code = error.code;
    this.reason = error.reason;
    this.retryAfterMs = error.retryAfterMs;
  }
}

/** The value of a successful reply; throws {@link IpcCallError} for a failed one. */
export function unwrapIpcResult<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new IpcCallError(result.error);
}
