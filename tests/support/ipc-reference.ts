/**
 * What the IPC contract accepts, written out by hand from its documented limits and independent of the
 * zod schemas: the fuzzer's oracle. Each function takes a channel's argument list as IPC delivers it (a
 * structured clone) and says whether the boundary must let it through.
 */
import {
  ASPECT_RATIOS,
  CAPTION_MIME_TYPES,
  IMAGE_MODELS,
  MAX_BATCH_PROMPTS,
  MAX_CAPTION_IMAGE_BYTES,
  MAX_IMAGES_PER_REQUEST,
  MAX_PROMPT_LENGTH,
  MAX_REFERENCE_IMAGE_BYTES,
  MAX_REFERENCE_IMAGES,
  MAX_SEED,
} from '../../src/shared/generation-options.ts';
import { USER_AGENT_STRATEGIES } from '../../src/shared/auth-options.ts';
import type { InvokeChannel } from '../../src/shared/ipc-channels.ts';

type Check = (value: unknown) => boolean;

const isInteger = (min: number, max: number): Check => (value) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
/** String limits count Unicode code points (as zod 4 does), not UTF-16 units; a lone surrogate counts as one. */
const codePoints = (value: string): number => [...value].length;
const isStringOf = (min: number, max: number): Check => (value) =>
  typeof value === 'string' && codePoints(value) >= min && codePoints(value) <= max;
const matches = (pattern: RegExp): Check => (value) => typeof value === 'string' && pattern.test(value);
const isOneOf = (values: readonly string[]): Check => (value) => typeof value === 'string' && values.includes(value);
const isBoolean: Check = (value) => typeof value === 'boolean';
const optional = (check: Check): Check => (value) => value === undefined || check(value);
const nullable = (check: Check): Check => (value) => value === null || check(value);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A plain object whose own keys are all in `fields`, each value passing its check (absent = `undefined`). */
const isRecordOf = (fields: Record<string, Check>): Check => (value) =>
  isPlainObject(value) &&
  Object.keys(value).every((key) => Object.hasOwn(fields, key)) &&
  Object.entries(fields).every(([key, check]) => check(Object.hasOwn(value, key) ? value[key] : undefined));

const isArrayOf = (check: Check, min: number, max: number): Check => (value) => {
  if (!Array.isArray(value) || value.length < min || value.length > max) return false;
  for (let index = 0; index < value.length; index += 1) if (!check(value[index])) return false;
  return true;
};

export const isPrompt: Check = (value) => {
  if (typeof value !== 'string' || value.length > 4 * MAX_PROMPT_LENGTH) return false;
  const trimmed = value.trim();
  return trimmed.length >= 1 && trimmed.length <= MAX_PROMPT_LENGTH;
};
const isCount = isInteger(1, MAX_IMAGES_PER_REQUEST);
const batchFields = {
  count: isCount,
  aspectRatio: isOneOf(ASPECT_RATIOS),
  seed: nullable(isInteger(0, MAX_SEED)),
  model: isOneOf(IMAGE_MODELS),
  referenceIds: optional(isArrayOf(matches(/^ref-[0-9a-f]{32}$/), 0, MAX_REFERENCE_IMAGES)),
};
const isGenerateRequest = isRecordOf({ ...batchFields, prompt: isPrompt });
const isJobId = matches(/^[A-Za-z0-9_-]{1,64}$/);
const isAccountId = matches(/^[0-9a-f]{24}$/);
const isGalleryId = matches(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const isTimestamp = isInteger(0, 8.64e15);
const isPosition = optional(nullable(isStringOf(0, 100)));
const isFilters = optional(
  isRecordOf({
    model: optional(isStringOf(1, 200)),
    aspectRatio: optional(isStringOf(1, 200)),
    createdFrom: optional(isTimestamp),
    createdBefore: optional(isTimestamp),
    favouritesOnly: optional(isBoolean),
  }),
);
const isSort = optional(isOneOf(['newest', 'oldest']));
const isQuery = isStringOf(0, 10_000);
const pageFields = {
  cursor: isPosition,
  limit: isInteger(1, 200),
  filters: isFilters,
  sort: isSort,
  offset: optional(isInteger(0, 10_000_000)),
  snapshot: isPosition,
};
const isLiteral = (expected: string): Check => (value) => value === expected;
/** Ids (1 to 10,000), or all matching a query except up to 10,000 ids. */
const isSelection: Check = (value) =>
  isRecordOf({ kind: isLiteral('ids'), ids: isArrayOf(isGalleryId, 1, 10_000) })(value) ||
  isRecordOf({
    kind: isLiteral('matching'),
    query: optional(isQuery),
    filters: isFilters,
    sort: isSort,
    snapshot: isPosition,
    except: optional(isArrayOf(isGalleryId, 0, 10_000)),
  })(value);
const isCaptionBytes = isRecordOf({
  bytes: (value) => value instanceof Uint8Array && value.byteLength >= 1 && value.byteLength <= MAX_CAPTION_IMAGE_BYTES,
  mimeType: isOneOf(CAPTION_MIME_TYPES),
  count: isCount,
});

const isReferenceUpload = isRecordOf({
  bytes: (value) => value instanceof Uint8Array && value.byteLength >= 1 && value.byteLength <= MAX_REFERENCE_IMAGE_BYTES,
});

/** An argument list of exactly these checks. */
const args = (...checks: Check[]) => (values: readonly unknown[]): boolean =>
  values.length === checks.length && checks.every((check, index) => check(values[index]));

export const CONTRACT_ACCEPTS: { readonly [C in InvokeChannel]: (values: readonly unknown[]) => boolean } = {
  'app:info': args(),
  'auth:snapshot': args(),
  'auth:sign-in': args(),
  'auth:cancel-sign-in': args(),
  'auth:sign-out': args(isRecordOf({ queuedWork: isOneOf(['keep', 'discard']) })),
  'auth:import-cookie-header': args(isStringOf(1, 64 * 1024)),
  'auth:switch-account': args(isAccountId),
  'auth:remove-account': args(isAccountId),
  'auth:start-over': args(),
  'auth:set-backend': args(isAccountId, isOneOf(['flow', 'classic'])),
  'generation:enqueue': args(isGenerateRequest),
  'generation:enqueue-batch': args(isArrayOf(isGenerateRequest, 1, MAX_BATCH_PROMPTS)),
  'generation:pause-job': args(isJobId),
  'generation:resume-job': args(isJobId),
  'generation:cancel-job': args(isJobId),
  'generation:move-job': args(isJobId, isOneOf(['top', 'up', 'down'])),
  'generation:remove-job': args(isJobId),
  'generation:retry-job': args(isJobId),
  'generation:retry-failed': args(),
  'generation:pause-all': args(),
  'generation:resume-all': args(),
  'generation:cancel-all': args(),
  'generation:clear-finished': args(),
  'generation:list-jobs': args(isRecordOf({ after: nullable(isJobId), limit: isInteger(1, 200) })),
  'generation:capabilities': args(),
  'generation:add-reference': args(isReferenceUpload),
  'caption:describe': args(isCaptionBytes),
  'gallery:page': args(isRecordOf(pageFields)),
  'gallery:search': args(isRecordOf({ ...pageFields, query: isQuery })),
  'gallery:count': args(isRecordOf({ query: optional(isQuery), filters: isFilters, snapshot: isPosition })),
  'gallery:index-progress': args(),
  'gallery:set-favourite': args(isGalleryId, isBoolean),
  'gallery:delete': args(isGalleryId),
  'gallery:show-in-folder': args(isGalleryId),
  'gallery:copy-image': args(isGalleryId),
  'gallery:export': args(isArrayOf(isGalleryId, 1, 10_000)),
  'gallery:export-selection': args(isSelection),
  'gallery:cancel-export': args(),
  'gallery:export-status': args(),
  'gallery:set-favourite-many': args(isSelection, isBoolean),
  'gallery:delete-many': args(isSelection),
  'settings:get': args(),
  'settings:set-user-agent-strategy': args(isOneOf(USER_AGENT_STRATEGIES)),
  'settings:opt-in-weaker-storage': args(),
  'diagnostics:export': args(),
};
