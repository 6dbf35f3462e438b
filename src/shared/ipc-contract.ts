/**
 * The one IPC contract both processes import: every invoke channel (named `domain:verb`) with its arguments
 * and result, the single event channel and its events, and the bridge the preload exposes as
 * `window.imagefx`. Only types and plain data live here: no `electron`, no `node:*`, no DOM.
 *
 * The value types mirror the main-process services (src/services/…); the handler table in
 * src/app/ipc is typed by this contract, so the compiler reports any drift, and
 * tests/app/ipc/ipc-contract.test.ts checks the mirrored constants against the services' own.
 */
import type { ErrorCode } from './app-error.ts';
import type { AccountSummary, AuthSnapshot, StorageSummary } from './auth-types.ts';
import type {
  GalleryExportResult,
  GalleryItem,
  GalleryPage,
  GalleryPageRequest,
  GallerySearchRequest,
  GenerationSettings as ReusableSettings,
} from './gallery-types.ts';
import type { BatchSettings, GenerateRequest, ResolvedGenerationSettings } from './generation-types.ts';
import type { UserAgentStrategy } from './auth-types.ts';

export {
  ASPECT_RATIOS,
  IMAGE_MODELS,
  MAX_BATCH_PROMPTS,
  MAX_CAPTION_IMAGE_BYTES,
  MAX_CONCURRENCY,
  MAX_IMAGES_PER_REQUEST,
  MAX_PROMPT_LENGTH,
  MAX_SEED,
} from './generation-types.ts';
export type { AspectRatio, BatchSettings, GenerateRequest, ImageModel, ResolvedGenerationSettings } from './generation-types.ts';
export { USER_AGENT_STRATEGIES } from './auth-types.ts';
export type { UserAgentStrategy } from './auth-types.ts';

/** The MIME types a caption request may declare (the service checks the bytes match). */
export const CAPTION_MIME_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'image/gif'] as const;

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** True when the app talks to the local labs.google emulator instead of Google. */
  readonly demo: boolean;
}

/** What Google reported about one image (no picture: the gallery serves those by id). */
export interface GeneratedImageInfo {
  readonly mediaId: string | null;
  readonly workflowId: string | null;
  readonly prompt: string;
  readonly seed: number | null;
  readonly model: string;
  readonly aspectRatio: string;
  readonly mimeType: 'image/png';
}

/** A generated image, already saved to the gallery. */
export interface SavedImage extends GeneratedImageInfo {
  readonly galleryItem: GalleryItem;
}

export interface GenerateResult {
  readonly settings: ResolvedGenerationSettings;
  /** Google sometimes returns fewer images than asked for. */
  readonly images: readonly SavedImage[];
}

/** An image fetched again by its media id, picture included (base64 PNG). */
export interface FetchedImage extends GeneratedImageInfo {
  readonly encodedImage: string;
}

export type JobStatus = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
/** `USER`: paused by the user; the others: an account-wide block that pauses everything waiting. */
export type PauseReason = 'USER' | 'AUTH_REQUIRED' | 'QUOTA_REACHED' | 'UNUSUAL_ACTIVITY';

/** A failure as data: the stable code, a sentence, Google's reason and how long to wait, when known. */
export interface FailureInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly reason: string | null;
  readonly retryAfterMs: number | null;
}

export interface GenerationJob {
  readonly id: string;
  readonly batchId: string | null;
  readonly request: GenerateRequest;
  readonly status: JobStatus;
  readonly pauseReason: PauseReason | null;
  readonly failure: FailureInfo | null;
  readonly settings: ResolvedGenerationSettings | null;
  readonly images: readonly GeneratedImageInfo[];
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export type GenerationJobEvent =
  | { readonly type: 'queued'; readonly job: GenerationJob }
  | { readonly type: 'running'; readonly job: GenerationJob }
  | { readonly type: 'completed'; readonly job: GenerationJob }
  | { readonly type: 'cancelled'; readonly job: GenerationJob }
  | { readonly type: 'retrying'; readonly job: GenerationJob; readonly attempt: number; readonly delayMs: number; readonly failure: FailureInfo }
  | { readonly type: 'image-received'; readonly job: GenerationJob; readonly image: GeneratedImageInfo }
  | { readonly type: 'failed'; readonly job: GenerationJob; readonly code: ErrorCode; readonly failure: FailureInfo }
  | { readonly type: 'paused'; readonly job: GenerationJob; readonly reason: PauseReason };

export interface QueueSnapshot {
  readonly jobs: readonly GenerationJob[];
  readonly concurrency: number;
  /** Why the whole queue holds (new jobs wait too), or `null`. */
  readonly holdReason: PauseReason | null;
}

/** Caption an image the renderer already holds (e.g. dropped or pasted). */
export interface CaptionBytesRequest {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly count: number;
}

export interface CaptionResult {
  readonly captions: readonly string[];
}

export interface AppSettings {
  readonly userAgentStrategy: UserAgentStrategy;
  /** Generation jobs that run at once, 1 to {@link MAX_CONCURRENCY}. */
  readonly concurrency: number;
  readonly storage: StorageSummary;
}

export type GalleryChange =
  | { readonly type: 'added'; readonly item: GalleryItem }
  | { readonly type: 'updated'; readonly item: GalleryItem }
  | { readonly type: 'deleted'; readonly id: string };

/** Everything main pushes to the window, on {@link EVENT_CHANNEL}. */
export type AppEvent =
  | { readonly type: 'auth'; readonly snapshot: AuthSnapshot }
  | { readonly type: 'job'; readonly event: GenerationJobEvent }
  | { readonly type: 'gallery'; readonly change: GalleryChange };

/** Request → result of every channel. `args` is what the renderer passes after the channel name. */
export interface InvokeContract {
  'app:info': { args: []; result: AppInfo };
  'auth:snapshot': { args: []; result: AuthSnapshot };
  'auth:list-accounts': { args: []; result: readonly AccountSummary[] };
  'auth:sign-in': { args: []; result: AccountSummary };
  'auth:cancel-sign-in': { args: []; result: null };
  'auth:sign-out': { args: []; result: null };
  'auth:import-cookie-header': { args: [header: string]; result: AccountSummary };
  'auth:switch-account': { args: [accountId: string]; result: null };
  'auth:remove-account': { args: [accountId: string]; result: null };
  'generation:generate': { args: [request: GenerateRequest]; result: GenerateResult };
  'generation:enqueue': { args: [request: GenerateRequest]; result: GenerationJob };
  'generation:enqueue-batch': { args: [prompts: readonly string[], settings: BatchSettings]; result: readonly GenerationJob[] };
  'generation:enqueue-prompt-file': { args: [text: string, settings: BatchSettings]; result: readonly GenerationJob[] };
  'generation:pause-job': { args: [jobId: string]; result: boolean };
  'generation:resume-job': { args: [jobId: string]; result: boolean };
  'generation:cancel-job': { args: [jobId: string]; result: boolean };
  'generation:pause-all': { args: []; result: null };
  'generation:resume-all': { args: []; result: null };
  'generation:cancel-all': { args: []; result: null };
  'generation:clear-finished': { args: []; result: number };
  'generation:list-jobs': { args: []; result: QueueSnapshot };
  'caption:describe': { args: [request: CaptionBytesRequest]; result: CaptionResult };
  /** Opens a file dialog in the main process; `null` when the user cancels it. */
  'caption:describe-file': { args: [count: number]; result: CaptionResult | null };
  'media:fetch-by-id': { args: [mediaId: string]; result: FetchedImage };
  'gallery:page': { args: [request: GalleryPageRequest]; result: GalleryPage };
  'gallery:search': { args: [request: GallerySearchRequest]; result: GalleryPage };
  'gallery:get': { args: [id: string]; result: GalleryItem };
  'gallery:set-favourite': { args: [id: string, favourite: boolean]; result: GalleryItem };
  'gallery:delete': { args: [id: string]; result: null };
  /** The destination folder is chosen in a main-process dialog; `null` when the user cancels it. */
  'gallery:export': { args: [ids: readonly string[]]; result: GalleryExportResult | null };
  'gallery:reuse-settings': { args: [id: string]; result: ReusableSettings };
  'settings:get': { args: []; result: AppSettings };
  'settings:set-user-agent-strategy': { args: [strategy: UserAgentStrategy]; result: AppSettings };
  'settings:set-concurrency': { args: [concurrency: number]; result: AppSettings };
  'settings:opt-in-weaker-storage': { args: []; result: AppSettings };
}

export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];

/** The bridge's function names and the channel each one calls: the preload's whole surface. */
export const BRIDGE_METHODS = {
  appInfo: 'app:info',
  authSnapshot: 'auth:snapshot',
  listAccounts: 'auth:list-accounts',
  signIn: 'auth:sign-in',
  cancelSignIn: 'auth:cancel-sign-in',
  signOut: 'auth:sign-out',
  importCookieHeader: 'auth:import-cookie-header',
  switchAccount: 'auth:switch-account',
  removeAccount: 'auth:remove-account',
  generate: 'generation:generate',
  enqueue: 'generation:enqueue',
  enqueueBatch: 'generation:enqueue-batch',
  enqueuePromptFile: 'generation:enqueue-prompt-file',
  pauseJob: 'generation:pause-job',
  resumeJob: 'generation:resume-job',
  cancelJob: 'generation:cancel-job',
  pauseAll: 'generation:pause-all',
  resumeAll: 'generation:resume-all',
  cancelAll: 'generation:cancel-all',
  clearFinishedJobs: 'generation:clear-finished',
  listJobs: 'generation:list-jobs',
  captionImage: 'caption:describe',
  captionImageFile: 'caption:describe-file',
  fetchImageById: 'media:fetch-by-id',
  galleryPage: 'gallery:page',
  gallerySearch: 'gallery:search',
  galleryGet: 'gallery:get',
  gallerySetFavourite: 'gallery:set-favourite',
  galleryDelete: 'gallery:delete',
  galleryExport: 'gallery:export',
  galleryReuseSettings: 'gallery:reuse-settings',
  getSettings: 'settings:get',
  setUserAgentStrategy: 'settings:set-user-agent-strategy',
  setConcurrency: 'settings:set-concurrency',
  optInToWeakerStorage: 'settings:opt-in-weaker-storage',
} as const satisfies Record<string, InvokeChannel>;

export type BridgeMethod = keyof typeof BRIDGE_METHODS;

/** Every invoke channel, once each. */
export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.values(BRIDGE_METHODS);

/** The one channel main pushes {@link AppEvent}s on. */
export const EVENT_CHANNEL = 'app:event';

/** The name of the single global the preload defines in the renderer. */
export const BRIDGE_GLOBAL = 'imagefx';

/** The bridge's only non-invoke member: subscribes to {@link AppEvent}s, returns the unsubscribe function. */
export const BRIDGE_EVENT_SUBSCRIPTION = 'onEvent';

/**
 * Errors cross IPC as this plain shape, never as an Error with a stack. `reason` (Google's, e.g.
 * `PUBLIC_ERROR_UNSAFE_GENERATION`) and `retryAfterMs` are set when known.
 */
export interface IpcErrorShape {
  readonly code: ErrorCode;
  readonly message: string;
  readonly reason?: string | null;
  readonly retryAfterMs?: number | null;
}

/**
 * Every reply. Bridge functions resolve with it rather than throwing, because an Error crossing the
 * contextBridge keeps only its message (electron/electron#28346) and the code would be lost.
 */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcErrorShape };

/** What the preload exposes as `window.imagefx`: the renderer's whole view of the main process. */
export type ImageFxBridge = {
  readonly [M in BridgeMethod]: (
    ...args: InvokeArgs<(typeof BRIDGE_METHODS)[M]>
  ) => Promise<IpcResult<InvokeResult<(typeof BRIDGE_METHODS)[M]>>>;
} & {
  readonly onEvent: (listener: (event: AppEvent) => void) => () => void;
};

/** A failed reply as an exception, for renderer code that prefers `try`/`catch`. */
export class IpcCallError extends Error {
  readonly code: ErrorCode;
  readonly reason: string | null;
  readonly retryAfterMs: number | null;

  constructor(error: IpcErrorShape) {
    super(error.message);
    this.name = 'IpcCallError';
    this.code = error.code;
    this.reason = error.reason ?? null;
    this.retryAfterMs = error.retryAfterMs ?? null;
  }
}

/** The value of a successful reply; throws {@link IpcCallError} for a failed one. */
export function unwrapIpcResult<R extends IpcResult<unknown>>(result: R): Extract<R, { readonly ok: true }>['value'] {
  if (result.ok) return result.value as Extract<R, { readonly ok: true }>['value'];
  throw new IpcCallError(result.error);
}
