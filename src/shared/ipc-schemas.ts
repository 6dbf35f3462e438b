/**
 * A zod schema for the arguments of every IPC channel. The registry parses each call with these before a
 * handler runs, so a service only ever sees arguments of the contract's shape: the right number of them,
 * no unknown fields, every number and string within its limits. Services still check their own rules
 * (a prompt file's lines, an id that exists); those failures are INVALID_INPUT too.
 */
import { z } from 'zod';
import type { InvokeArgs, InvokeChannel } from './ipc-contract.ts';
import {
  ASPECT_RATIOS,
  CAPTION_MIME_TYPES,
  IMAGE_MODELS,
  MAX_BATCH_PROMPTS,
  MAX_CAPTION_IMAGE_BYTES,
  MAX_CONCURRENCY,
  MAX_IMAGES_PER_REQUEST,
  MAX_PROMPT_LENGTH,
  MAX_SEED,
  USER_AGENT_STRATEGIES,
} from './ipc-contract.ts';
import { MAX_COOKIE_HEADER_LENGTH } from './auth-types.ts';
import { GALLERY_MAX_PAGE_SIZE } from './gallery-types.ts';

export { MAX_COOKIE_HEADER_LENGTH };

/** Prompt files larger than this are not prompt files (500 prompts of 2000 characters, plus comments). */
export const MAX_PROMPT_FILE_LENGTH = 2 * 1024 * 1024;
export const MAX_EXPORT_IDS = 10_000;

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A strict object that must also be a plain object: zod's object schemas accept a `Date`, `Map` or
 * `RegExp` (structured clone delivers those) as an object without fields.
 */
function plainObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.custom<unknown>(isPlainObject, 'Expected a plain object.').pipe(z.strictObject(shape));
}

const prompt = z.string().refine((value) => {
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= MAX_PROMPT_LENGTH;
}, `A prompt must have 1 to ${MAX_PROMPT_LENGTH} characters.`);

const count = z.number().int().min(1).max(MAX_IMAGES_PER_REQUEST);

const batchSettingsShape = {
  count,
  aspectRatio: z.enum(ASPECT_RATIOS),
  seed: z.number().int().min(0).max(MAX_SEED).nullable(),
  model: z.enum(IMAGE_MODELS),
};
const batchSettings = plainObject(batchSettingsShape);
const generateRequest = plainObject({ ...batchSettingsShape, prompt });

/** Queue job ids (`job-12`); anything else cannot name a job. */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Opaque account ids, as the account manager makes them. */
const accountId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
/** Gallery ids: 26 characters of Crockford base32 (see src/services/gallery/gallery-id.ts). */
const galleryId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
/** ImageFX media ids are base64-ish tokens (the service applies the same pattern). */
const mediaId = z.string().regex(/^[A-Za-z0-9_\-+/=.]{1,1024}$/);

const timestamp = z.number().int().min(0).max(8.64e15);
const galleryFilters = plainObject({
  model: z.string().min(1).max(200).optional(),
  aspectRatio: z.string().min(1).max(200).optional(),
  createdFrom: timestamp.optional(),
  createdBefore: timestamp.optional(),
  favouritesOnly: z.boolean().optional(),
});
const galleryPageShape = {
  cursor: z.string().max(100).nullable().optional(),
  limit: z.number().int().min(1).max(GALLERY_MAX_PAGE_SIZE),
  filters: galleryFilters.optional(),
};
const galleryPage = plainObject(galleryPageShape);
const gallerySearch = plainObject({ ...galleryPageShape, query: z.string().max(10_000) });

const captionBytes = plainObject({
  bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength >= 1 && bytes.byteLength <= MAX_CAPTION_IMAGE_BYTES, {
    message: `The image must have 1 byte to ${MAX_CAPTION_IMAGE_BYTES / (1024 * 1024)} MB.`,
  }),
  mimeType: z.enum(CAPTION_MIME_TYPES),
  count,
});

const none = z.tuple([]);

/** The schema of each channel's argument list. */
export const IPC_ARGUMENT_SCHEMAS: { readonly [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> } = {
  'app:info': none,
  'auth:snapshot': none,
  'auth:list-accounts': none,
  'auth:sign-in': none,
  'auth:cancel-sign-in': none,
  'auth:sign-out': none,
  'auth:import-cookie-header': z.tuple([z.string().min(1).max(MAX_COOKIE_HEADER_LENGTH)]),
  'auth:switch-account': z.tuple([accountId]),
  'auth:remove-account': z.tuple([accountId]),
  'generation:generate': z.tuple([generateRequest]),
  'generation:enqueue': z.tuple([generateRequest]),
  'generation:enqueue-batch': z.tuple([z.array(prompt).min(1).max(MAX_BATCH_PROMPTS), batchSettings]),
  'generation:enqueue-prompt-file': z.tuple([z.string().min(1).max(MAX_PROMPT_FILE_LENGTH), batchSettings]),
  'generation:pause-job': z.tuple([jobId]),
  'generation:resume-job': z.tuple([jobId]),
  'generation:cancel-job': z.tuple([jobId]),
  'generation:pause-all': none,
  'generation:resume-all': none,
  'generation:cancel-all': none,
  'generation:clear-finished': none,
  'generation:list-jobs': none,
  'caption:describe': z.tuple([captionBytes]),
  'caption:describe-file': z.tuple([count]),
  'media:fetch-by-id': z.tuple([mediaId]),
  'gallery:page': z.tuple([galleryPage]),
  'gallery:search': z.tuple([gallerySearch]),
  'gallery:get': z.tuple([galleryId]),
  'gallery:set-favourite': z.tuple([galleryId, z.boolean()]),
  'gallery:delete': z.tuple([galleryId]),
  'gallery:export': z.tuple([z.array(galleryId).min(1).max(MAX_EXPORT_IDS)]),
  'gallery:reuse-settings': z.tuple([galleryId]),
  'settings:get': none,
  'settings:set-user-agent-strategy': z.tuple([z.enum(USER_AGENT_STRATEGIES)]),
  'settings:set-concurrency': z.tuple([z.number().int().min(1).max(MAX_CONCURRENCY)]),
  'settings:opt-in-weaker-storage': none,
};

export type ArgumentParseResult<C extends InvokeChannel> =
  | { readonly ok: true; readonly args: InvokeArgs<C> }
  | { readonly ok: false; readonly message: string };

/**
 * Parses `args` for `channel`. The failure message names argument positions, field names of the contract
 * and what was expected, never a value that was sent (it may be a pasted cookie) nor an unknown field's name.
 */
export function parseInvokeArgs<C extends InvokeChannel>(channel: C, args: readonly unknown[]): ArgumentParseResult<C> {
  const schema: z.ZodType<InvokeArgs<C>> = IPC_ARGUMENT_SCHEMAS[channel];
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data };
  const problems = parsed.error.issues.slice(0, 3).map(describeIssue);
  return { ok: false, message: `Invalid arguments for ${channel}: ${problems.join('; ')}.` };
}

const CONTRACT_FIELD = /^[A-Za-z]{1,32}$/;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'arguments' : issue.path.map(describeSegment).join('.');
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field`;
  return `${where}: ${issue.message}`;
}

function describeSegment(segment: PropertyKey): string {
  if (typeof segment === 'number') return `[${segment}]`;
  // Paths only ever hold the contract's own field names, but a guard costs nothing.
  return typeof segment === 'string' && CONTRACT_FIELD.test(segment) ? segment : '?';
}
