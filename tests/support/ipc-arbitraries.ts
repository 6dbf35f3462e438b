/**
 * fast-check arbitraries of argument lists for every IPC channel: valid ones (built from the contract's
 * limits, edges included), near misses (one argument or field replaced by anything, an unknown field, an
 * argument too many or too few) and anything at all. The oracle (ipc-reference.ts) decides which is which.
 */
import fc from 'fast-check';
import { ASPECT_RATIOS, CAPTION_MIME_TYPES, IMAGE_MODELS, JOB_MOVES, MAX_PROMPT_LENGTH, MAX_REFERENCE_IMAGES, MAX_SEED } from '../../src/shared/generation-options.ts';
import { USER_AGENT_STRATEGIES } from '../../src/shared/auth-options.ts';
import { type InvokeChannel } from '../../src/shared/ipc-channels.ts';
import { FAKE_ACCESS_TOKEN, FAKE_SESSION_COOKIE_VALUE, KNOWN_ACCOUNT_IDS, KNOWN_GALLERY_IDS, KNOWN_JOB_IDS } from './ipc-fakes.ts';

type Args = readonly unknown[];

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withObjectString: true,
  maxDepth: 2,
});

/** Strings that matter to this app: secrets (a reply must never echo them), paths, markup, huge ones. */
const hostileString = fc.constantFrom(
  FAKE_SESSION_COOKIE_VALUE,
  `__Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}`,
  FAKE_ACCESS_TOKEN,
  '../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\system32',
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  '\u0000',
  '\uD800',
  ' ',
  'x'.repeat(MAX_PROMPT_LENGTH + 1),
  `${' '.repeat(4 * MAX_PROMPT_LENGTH)}x`,
);

const text = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) }, { weight: 1, arbitrary: hostileString });
const prompt = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).filter((value) => value.trim() !== '') },
  { weight: 1, arbitrary: fc.constant(` ${'p'.repeat(MAX_PROMPT_LENGTH)} `) },
);
const count = fc.integer({ min: 1, max: 8 });
const referenceId = fc.stringMatching(/^ref-[0-9a-f]{32}$/);
const batchSettings = fc.record(
  {
    count,
    aspectRatio: fc.constantFrom(...ASPECT_RATIOS),
    seed: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: MAX_SEED }), fc.constantFrom(0, MAX_SEED)),
    model: fc.constantFrom(...IMAGE_MODELS),
    referenceIds: fc.array(referenceId, { maxLength: MAX_REFERENCE_IMAGES }),
  },
  { requiredKeys: ['count', 'aspectRatio', 'seed', 'model'] },
);
const generateRequest = fc.tuple(prompt, batchSettings).map(([value, settings]) => ({ prompt: value, ...settings }));
const galleryId = fc.oneof(
  fc.constantFrom(...KNOWN_GALLERY_IDS),
  fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
);
const jobId = fc.oneof(fc.constantFrom(...KNOWN_JOB_IDS), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/));
const accountId = fc.oneof(fc.constantFrom(...KNOWN_ACCOUNT_IDS), fc.stringMatching(/^[0-9a-f]{24}$/));
const timestamp = fc.integer({ min: 0, max: 8.64e15 });
const filters = fc.record(
  {
    model: fc.string({ minLength: 1, maxLength: 20 }),
    aspectRatio: fc.constantFrom(...ASPECT_RATIOS),
    createdFrom: timestamp,
    createdBefore: timestamp,
    favouritesOnly: fc.boolean(),
  },
  { requiredKeys: [] },
);
const position = fc.oneof(fc.constant(null), fc.string({ maxLength: 100 }));
const sort = fc.constantFrom('newest', 'oldest');
const pageRequest = fc.record(
  { cursor: position, limit: fc.integer({ min: 1, max: 200 }), filters, sort, offset: fc.integer({ min: 0, max: 10_000_000 }), snapshot: position },
  { requiredKeys: ['limit'] },
);
const countRequest = fc.record({ query: text, filters, snapshot: position }, { requiredKeys: [] });
const selection = fc.oneof(
  fc.record({ kind: fc.constant('ids'), ids: fc.array(galleryId, { minLength: 1, maxLength: 4 }) }),
  fc.record(
    { kind: fc.constant('matching'), query: text, filters, sort, snapshot: position, except: fc.array(galleryId, { maxLength: 3 }) },
    { requiredKeys: ['kind'] },
  ),
);

/** Valid argument lists for each channel. */
export const VALID_ARGS: { readonly [C in InvokeChannel]: fc.Arbitrary<Args> } = {
  'app:info': fc.constant([]),
  'auth:snapshot': fc.constant([]),
  'auth:sign-in': fc.constant([]),
  'auth:cancel-sign-in': fc.constant([]),
  'auth:sign-out': fc.tuple(fc.record({ queuedWork: fc.constantFrom('keep', 'discard') })),
  'auth:import-cookie-header': fc.tuple(
    fc.oneof(text.filter((value) => value.length >= 1), fc.constant(`__Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}; other=1`)),
  ),
  'auth:switch-account': fc.tuple(accountId),
  'auth:remove-account': fc.tuple(accountId),
  'auth:start-over': fc.constant([]),
  'auth:set-backend': fc.tuple(accountId, fc.constantFrom('flow', 'classic')),
  'generation:enqueue': fc.tuple(generateRequest),
  'generation:enqueue-batch': fc.tuple(fc.array(generateRequest, { minLength: 1, maxLength: 5 })),
  'generation:pause-job': fc.tuple(jobId),
  'generation:resume-job': fc.tuple(jobId),
  'generation:cancel-job': fc.tuple(jobId),
  'generation:move-job': fc.tuple(jobId, fc.constantFrom(...JOB_MOVES)),
  'generation:remove-job': fc.tuple(jobId),
  'generation:retry-job': fc.tuple(jobId),
  'generation:retry-failed': fc.constant([]),
  'generation:pause-all': fc.constant([]),
  'generation:resume-all': fc.constant([]),
  'generation:cancel-all': fc.constant([]),
  'generation:clear-finished': fc.constant([]),
  'generation:list-jobs': fc.tuple(fc.record({ after: fc.option(jobId, { nil: null }), limit: fc.integer({ min: 1, max: 200 }) })),
  'generation:capabilities': fc.constant([]),
  'generation:add-reference': fc.tuple(fc.record({ bytes: fc.uint8Array({ minLength: 1, maxLength: 48 }) })),
  'caption:describe': fc.tuple(
    fc.record({ bytes: fc.uint8Array({ minLength: 1, maxLength: 48 }), mimeType: fc.constantFrom(...CAPTION_MIME_TYPES), count }),
  ),
  'gallery:page': fc.tuple(pageRequest),
  'gallery:search': fc.tuple(fc.tuple(pageRequest, text).map(([request, query]) => ({ ...request, query }))),
  'gallery:count': fc.tuple(countRequest),
  'gallery:index-progress': fc.constant([]),
  'gallery:set-favourite': fc.tuple(galleryId, fc.boolean()),
  'gallery:delete': fc.tuple(galleryId),
  'gallery:show-in-folder': fc.tuple(galleryId),
  'gallery:copy-image': fc.tuple(galleryId),
  'gallery:export': fc.tuple(fc.array(galleryId, { minLength: 1, maxLength: 4 })),
  'gallery:export-selection': fc.tuple(selection),
  'gallery:cancel-export': fc.constant([]),
  'gallery:export-status': fc.constant([]),
  'gallery:set-favourite-many': fc.tuple(selection, fc.boolean()),
  'gallery:delete-many': fc.tuple(selection),
  'settings:get': fc.constant([]),
  'settings:set-user-agent-strategy': fc.tuple(fc.constantFrom(...USER_AGENT_STRATEGIES)),
  'settings:opt-in-weaker-storage': fc.constant([]),
  'diagnostics:export': fc.constant([]),
};

/** Values just inside and just outside the contract's limits (counts, seeds, lengths, list sizes). */
const boundary = fc.oneof(
  fc.integer({ min: -2, max: 260 }),
  fc.constantFrom(MAX_SEED, MAX_SEED + 1, 8.64e15, 8.64e15 + 1, 2 ** 53, -0, 0.5, 1.5, NaN, Infinity, -Infinity),
  fc.constantFrom(1, 26, 64, 65, 100, 101, 128, 129, 200, 201, MAX_PROMPT_LENGTH, MAX_PROMPT_LENGTH + 1, 10_000, 10_001).map((length) => 'x'.repeat(length)),
  fc.constantFrom(0, 1, 500, 501).map((length) => Array.from({ length }, () => 'a prompt')),
  fc.constantFrom('01JBZ5Q7N4V4TTMQ0V8GQX2ZKI', '01jbz5q7n4v4ttmq0v8gqx2zk1', '01JBZ5Q7N4V4TTMQ0V8GQX2ZK12', 'job 1', 'IMAGE_ASPECT_RATIO_SQUARE ', 'image/svg+xml'),
);

const replacement = fc.oneof(anything, hostileString, boundary, fc.constantFrom(undefined, null, '', [], {}));

/** Values close to `value`: one more or less, the limits around it, a changed letter or length, another type. */
function nearValue(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'number') {
    return fc.oneof(
      fc.constantFrom(value + 1, value - 1, -value, value + 0.5, String(value), 0, 9, 201, MAX_SEED + 1, 8.64e15 + 1),
      fc.integer({ min: -2, max: 260 }),
    );
  }
  if (typeof value === 'string') {
    return fc.oneof(
      fc.constantFrom(`${value}x`, value.slice(1), ` ${value}`, value.toLowerCase(), value.toUpperCase(), '', ' ', `${value}\n`),
      fc.constantFrom(26, 65, 101, 129, 201, MAX_PROMPT_LENGTH + 1, 10_001).map((length) => value.padEnd(length, 'x')),
    );
  }
  if (typeof value === 'boolean') return fc.constantFrom(String(value), Number(value), null, undefined);
  if (value === null) return fc.constantFrom(undefined, 0, 'null', false);
  if (Array.isArray(value)) return fc.constantFrom([], [...value, ...value].concat(Array(501).fill(value[0])), [value]);
  return replacement;
}

const nearOrAny = (value: unknown): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: nearValue(value) }, { weight: 1, arbitrary: replacement });

function isObjectArgument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** One small change that usually (not always) makes `args` invalid. */
function nearMiss(args: Args): fc.Arbitrary<Args> {
  const objectPositions = args.map((value, index) => (isObjectArgument(value) ? index : -1)).filter((index) => index >= 0);
  const mutations: fc.Arbitrary<Args>[] = [
    replacement.map((extra) => [...args, extra]),
    fc.constant(args.slice(0, -1)),
  ];
  if (args.length > 0) {
    mutations.push(
      fc.nat({ max: args.length - 1 }).chain((at) => nearOrAny(args[at]).map((value) => args.map((old, index) => (index === at ? value : old)))),
    );
  }
  for (const at of objectPositions) {
    const target = args[at] as Record<string, unknown>;
    const keys = Object.keys(target);
    const withField = (key: string, value: unknown): Args => args.map((old, index) => (index === at ? { ...target, [key]: value } : old));
    mutations.push(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), hostileString), replacement).map(([key, value]) => withField(key, value)));
    if (keys.length > 0) {
      mutations.push(fc.constantFrom(...keys).chain((key) => nearOrAny(target[key]).map((value) => withField(key, value))));
      mutations.push(fc.constantFrom(...keys).chain((key) => nearOrAny(target[key]).map((value) => withField(key, value))));
      mutations.push(
        fc.constantFrom(...keys).map((key) => args.map((old, index) => (index === at ? Object.fromEntries(Object.entries(target).filter(([name]) => name !== key)) : old))),
      );
    }
  }
  return fc.oneof(...mutations);
}

/** What the fuzzer sends to `channel`: valid lists, near misses and anything, in roughly equal parts. */
export function fuzzArgs(channel: InvokeChannel): fc.Arbitrary<Args> {
  const valid = VALID_ARGS[channel];
  return fc.oneof(valid, valid.chain(nearMiss), fc.array(anything, { maxLength: 3 }));
}
