/**
 * The one IPC contract: for every invoke channel (named `domain:verb`, listed in `ipc-channels.ts`) the
 * schema of its arguments and of its result, and the schema of the events main pushes. Types are inferred
 * from the schemas, so a shape is written once. The registry parses each call's arguments with `args`
 * before a handler runs, and each reply with `result`, which drops any field the contract does not name.
 *
 * Adding an operation: one entry here (and its name in `INVOKE_CHANNELS`), one handler in src/app/ipc.
 */
import { z } from 'zod';
import { backendCapabilitiesSchema, diagnosticsExportSchema, referenceUploadSchema, stagedReferenceSchema } from './backend-schemas.ts';
import {
  authSnapshotSchema, accountIdSchema, accountSummarySchema, cookieHeaderSchema, imageBackendSchema, signOutRequestSchema, storageSummarySchema, userAgentStrategySchema,
} from './auth-schemas.ts';
import {
  galleryChangeSchema,
  galleryCountRequestSchema,
  galleryCountSchema,
  galleryExportIdsSchema,
  galleryExportProgressSchema,
  galleryExportResultSchema,
  galleryIdSchema,
  galleryIndexProgressSchema,
  galleryItemSchema,
  galleryPageRequestSchema,
  galleryPageSchema,
  gallerySearchRequestSchema,
  gallerySelectionSchema,
} from './gallery-schemas.ts';
import {
  batchRequestsSchema,
  captionRequestSchema,
  captionResultSchema,
  generateRequestSchema,
  generationJobEventSchema,
  generationJobSchema,
  jobIdSchema,
  jobMoveSchema,
  jobPageRequestSchema,
  queueSnapshotSchema,
} from './generation-schemas.ts';
import type { InvokeChannel } from './ipc-channels.ts';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** True when the app talks to the local Google emulator instead of Google (development builds only). */
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appSettingsSchema = z.object({
  userAgentStrategy: userAgentStrategySchema,
  storage: storageSummarySchema,
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** Everything main pushes to the window, on `EVENT_CHANNEL`. */
export const appEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), snapshot: authSnapshotSchema }),
  z.object({ type: z.literal('job'), event: generationJobEventSchema }),
  z.object({ type: z.literal('gallery'), change: galleryChangeSchema }),
  /** The gallery index's background work (a rebuild, a reconcile), for a progress line; `idle` when it ends. */
  z.object({ type: z.literal('gallery-index'), progress: galleryIndexProgressSchema }),
  /** The export in progress. */
  z.object({ type: z.literal('gallery-export'), progress: galleryExportProgressSchema }),
]);
export type AppEvent = z.infer<typeof appEventSchema>;

const none = z.tuple([]);
const nothing = z.null();

function channel<Args extends z.ZodTuple, Result extends z.ZodType>(args: Args, result: Result) {
  return { args, result };
}

/** Arguments and result of every channel. */
export const IPC_CONTRACT = {
  'app:info': channel(none, appInfoSchema),
  'auth:snapshot': channel(none, authSnapshotSchema),
  'auth:sign-in': channel(none, accountSummarySchema),
  'auth:cancel-sign-in': channel(none, nothing),
  /** Signs the active account out; its unfinished generations are kept for it or discarded, as asked. */
  'auth:sign-out': channel(z.tuple([signOutRequestSchema]), nothing),
  'auth:import-cookie-header': channel(z.tuple([cookieHeaderSchema]), accountSummarySchema),
  'auth:switch-account': channel(z.tuple([accountIdSchema]), nothing),
  'auth:remove-account': channel(z.tuple([accountIdSchema]), nothing),
  /** After VAULT_BACKEND_CHANGED: confirmed in a main-process dialog, sets the old vault aside. The new snapshot. */
  'auth:start-over': channel(none, authSnapshotSchema),
  /**
   * The user switches an account's Google backend (Settings). Checked in main: the account must exist, and
   * classic needs a labs.google session (an account Google moved to Flow has none). The new snapshot follows
   * as an `auth` event.
   */
  'auth:set-backend': channel(z.tuple([accountIdSchema, imageBackendSchema]), nothing),
  'generation:enqueue': channel(z.tuple([generateRequestSchema]), generationJobSchema),
  /** One request per job, each with its own settings (a batch file's lines); all or nothing. */
  'generation:enqueue-batch': channel(z.tuple([batchRequestsSchema]), z.array(generationJobSchema)),
  'generation:pause-job': channel(z.tuple([jobIdSchema]), z.boolean()),
  'generation:resume-job': channel(z.tuple([jobIdSchema]), z.boolean()),
  'generation:cancel-job': channel(z.tuple([jobIdSchema]), z.boolean()),
  /** Moves a waiting job in the line; false when the job is not waiting. */
  'generation:move-job': channel(z.tuple([jobIdSchema, jobMoveSchema]), z.boolean()),
  /** Forgets a job that is not running (a waiting one never runs); false when it runs or is unknown. */
  'generation:remove-job': channel(z.tuple([jobIdSchema]), z.boolean()),
  /** Puts a failed or cancelled job back at the end of the line; false for any other job. */
  'generation:retry-job': channel(z.tuple([jobIdSchema]), z.boolean()),
  /** Puts every failed job back in line; answers how many. */
  'generation:retry-failed': channel(none, z.number().int()),
  'generation:pause-all': channel(none, nothing),
  'generation:resume-all': channel(none, nothing),
  'generation:cancel-all': channel(none, nothing),
  'generation:clear-finished': channel(none, z.number().int()),
  /** One bounded page of the job list (see `jobPageRequestSchema`). */
  'generation:list-jobs': channel(z.tuple([jobPageRequestSchema]), queueSnapshotSchema),
  /** What the active account's backend offers (models, aspects, limits); the UI draws its choices from it. */
  'generation:capabilities': channel(none, backendCapabilitiesSchema),
  /** Stages a reference picture in main; requests name it by the returned id. */
  'generation:add-reference': channel(z.tuple([referenceUploadSchema]), stagedReferenceSchema),
  'caption:describe': channel(z.tuple([captionRequestSchema]), captionResultSchema),
  'gallery:page': channel(z.tuple([galleryPageRequestSchema]), galleryPageSchema),
  'gallery:search': channel(z.tuple([gallerySearchRequestSchema]), galleryPageSchema),
  /** How many images a query matches as of a snapshot, and how many were saved since. */
  'gallery:count': channel(z.tuple([galleryCountRequestSchema]), galleryCountSchema),
  /** What the index's background work is doing now (its changes arrive as `gallery-index` events). */
  'gallery:index-progress': channel(none, galleryIndexProgressSchema),
  'gallery:set-favourite': channel(z.tuple([galleryIdSchema, z.boolean()]), galleryItemSchema),
  'gallery:delete': channel(z.tuple([galleryIdSchema]), nothing),
  /** Shows the image's file in the system file manager (the path is the gallery's, never the renderer's). */
  'gallery:show-in-folder': channel(z.tuple([galleryIdSchema]), nothing),
  /** Puts the full-size picture on the system clipboard. */
  'gallery:copy-image': channel(z.tuple([galleryIdSchema]), nothing),
  /** The destination folder is chosen in a main-process dialog; `null` when the user cancels it. */
  'gallery:export': channel(z.tuple([galleryExportIdsSchema]), galleryExportResultSchema.nullable()),
  /**
   * Exports a selection (ids, or all matching a query) to a folder chosen in a main-process dialog, with
   * `gallery-export` progress events; `null` when the dialog is cancelled, BUSY while another export runs,
   * CANCELLED when `gallery:cancel-export` stopped it.
   */
  'gallery:export-selection': channel(z.tuple([gallerySelectionSchema]), galleryExportResultSchema.nullable()),
  /** Stops the export in progress after the image being copied; false when none runs. */
  'gallery:cancel-export': channel(none, z.boolean()),
  /** The export in progress, or `null` (a window that reloads mid-export shows it again). */
  'gallery:export-status': channel(none, galleryExportProgressSchema.nullable()),
  /** Marks or unmarks every image of the selection as a favourite; answers how many changed. */
  'gallery:set-favourite-many': channel(z.tuple([gallerySelectionSchema, z.boolean()]), z.number().int()),
  /** Deletes every image of the selection; answers how many were deleted. */
  'gallery:delete-many': channel(z.tuple([gallerySelectionSchema]), z.number().int()),
  'settings:get': channel(none, appSettingsSchema),
  'settings:set-user-agent-strategy': channel(z.tuple([userAgentStrategySchema]), appSettingsSchema),
  'settings:opt-in-weaker-storage': channel(none, appSettingsSchema),
  /** Saves the redacted diagnostic captures where the user picks in a main-process dialog; `null` if cancelled. */
  'diagnostics:export': channel(none, diagnosticsExportSchema.nullable()),
} as const satisfies { readonly [C in InvokeChannel]: { readonly args: z.ZodTuple; readonly result: z.ZodType } };

type Contract = typeof IPC_CONTRACT;
/** What the renderer passes after the channel name. */
export type InvokeArgs<C extends InvokeChannel> = z.input<Contract[C]['args']>;
/** What a handler receives: the arguments after parsing. */
export type ParsedArgs<C extends InvokeChannel> = z.output<Contract[C]['args']>;
/** What a handler returns and the renderer receives. */
export type InvokeResult<C extends InvokeChannel> = z.output<Contract[C]['result']>;
