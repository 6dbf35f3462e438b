/**
 * Flow's batchexecute replies, read the way FLOW-NOTES §3 says they must be: `)]}'`, then frames each
 * preceded by a length line that is only advisory — so every frame is found by scanning its JSON (brackets
 * outside strings), never by trusting the number. Entries: `["wrb.fr", rpcid, "<payload JSON>", …]` for a
 * result, `["wrb.fr", rpcid, null, null, null, <error detail>]` for an error (slot 5), `["er", …]` for a
 * failed call, and bookkeeping (`di`, `af.httprm`, `e`) that is skipped. Also the walk that finds media
 * records (signed `flow-content.google/image/` URLs with their ids, sizes and seeds) in a payload whose
 * slot layout Google never documented.
 */

/** One `wrb.fr` entry: a payload, or the error detail of slot 5. */
export interface FlowRpcResult {
  readonly rpcid: string;
  readonly payload: unknown;
  readonly error: unknown;
}

/** A decoded reply: its `wrb.fr` results and, when the call failed as a whole, the `er` entry's gRPC code. */
export interface FlowBatchReply {
  readonly results: readonly FlowRpcResult[];
  readonly callFailure: { readonly httpStatus: number | null; readonly grpcCode: number | null } | null;
}

/** The reply is not batchexecute framing (or a payload is not JSON): Google changed the wire. */
export class FlowReplyUnreadableError extends Error {
  constructor(why: string) {
    super(`Unreadable batchexecute reply: ${why}`);
    this.name = 'FlowReplyUnreadableError';
  }
}

/** Index just past the JSON array starting at `start`, or -1 when it never closes. */
function endOfArray(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[') depth += 1;
    else if (char === ']' && --depth === 0) return index + 1;
  }
  return -1;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FlowReplyUnreadableError(`${what} is not JSON`);
  }
}

/** The frames of a reply, each a parsed JSON array. */
function frames(text: string): unknown[][] {
  if (!text.startsWith(")]}'")) throw new FlowReplyUnreadableError("no )]}' prefix");
  const found: unknown[][] = [];
  let index = text.indexOf('\n');
  if (index < 0) return found;
  for (;;) {
    while (index < text.length && /\s/.test(text[index]!)) index += 1;
    if (index >= text.length) return found;
    // The length line is advisory: skip its digits, then scan the frame itself.
    while (index < text.length && /\d/.test(text[index]!)) index += 1;
    while (index < text.length && /\s/.test(text[index]!)) index += 1;
    if (text[index] !== '[') throw new FlowReplyUnreadableError(`expected a frame at offset ${index}`);
    const end = endOfArray(text, index);
    if (end < 0) throw new FlowReplyUnreadableError('a frame never closes');
    const frame = parseJson(text.slice(index, end), 'a frame');
    if (!Array.isArray(frame)) throw new FlowReplyUnreadableError('a frame is not an array');
    found.push(frame);
    index = end;
  }
}

const integerOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

/** Decodes a batchexecute reply body; throws {@link FlowReplyUnreadableError} when it is not one. */
export function decodeFlowReply(text: string): FlowBatchReply {
  const results: FlowRpcResult[] = [];
  let callFailure: FlowBatchReply['callFailure'] = null;
  for (const entry of frames(text).flat()) {
    if (!Array.isArray(entry)) continue;
    if (entry[0] === 'wrb.fr' && typeof entry[1] === 'string') {
      const payload = typeof entry[2] === 'string' ? parseJson(entry[2], `the ${entry[1]} payload`) : null;
      results.push({ rpcid: entry[1], payload, error: typeof entry[2] === 'string' ? null : (entry[5] ?? null) });
    } else if (entry[0] === 'er') {
      callFailure = { httpStatus: integerOrNull(entry[5]), grpcCode: integerOrNull(entry[9]) };
    }
  }
  return { results, callFailure };
}

/** One generated (or uploaded) picture as a payload describes it. Anything not found is `null`. */
export interface FlowMediaRecord {
  readonly mediaId: string;
  readonly url: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly workflowId: string | null;
  /** What the page sent for this picture: its prompt, seed and model (UNCONFIRMED slot, looked for by shape). */
  readonly prompt: string | null;
  readonly seed: number | null;
  readonly model: string | null;
}

const IMAGE_URL_MARK = 'flow-content.google/image/';
const isImageUrl = (value: unknown): value is string => typeof value === 'string' && value.includes(IMAGE_URL_MARK);
const WIRE_NAME = /^[A-Z][A-Z0-9_]{1,40}$/;

/** `[url, width, height, …]` inside a record. */
function urlSlot(record: readonly unknown[]): readonly unknown[] | undefined {
  return record.find((slot): slot is unknown[] => Array.isArray(slot) && isImageUrl(slot[0]));
}

/** `[prompt, seed, MODEL, aspect]` inside a record: a 31-bit seed next to a wire-style model name. */
function generationSlot(record: readonly unknown[]): readonly unknown[] | undefined {
  return record.find(
    (slot): slot is unknown[] => Array.isArray(slot) && integerOrNull(slot[1]) !== null && typeof slot[2] === 'string' && WIRE_NAME.test(slot[2]),
  );
}

function toRecord(record: readonly unknown[], urlHolder: readonly unknown[]): FlowMediaRecord {
  const generation = generationSlot(record);
  const workflow = record[2];
  return {
    mediaId: record[0] as string,
    url: urlHolder[0] as string,
    width: integerOrNull(urlHolder[1]),
    height: integerOrNull(urlHolder[2]),
    workflowId: typeof workflow === 'string' && !isImageUrl(workflow) ? workflow : null,
    prompt: generation && typeof generation[0] === 'string' ? generation[0] : null,
    seed: generation ? integerOrNull(generation[1]) : null,
    model: generation ? (generation[2] as string) : null,
  };
}

/** The media id in a signed URL's path (`/image/<mediaId>`), for a URL found outside any record. */
function mediaIdOfUrl(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '');
  } catch {
    return '';
  }
}

/**
 * Every picture a payload carries, in order: each array starting with an id and holding a
 * `[signedUrl, width, height, …]` slot is a record (how FB-batch and HUB find them: by walking for
 * `flow-content.google/image/`); a URL found outside any record still counts, with its id from the path.
 */
export function findMediaRecords(payload: unknown): FlowMediaRecord[] {
  const found: FlowMediaRecord[] = [];
  const seen = new Set<string>();
  const add = (record: FlowMediaRecord): void => {
    if (seen.has(record.url)) return;
    seen.add(record.url);
    found.push(record);
  };
  const walk = (node: unknown, depth: number): void => {
    if (depth > 32) return;
    if (isImageUrl(node)) {
      add({ mediaId: mediaIdOfUrl(node), url: node, width: null, height: null, workflowId: null, prompt: null, seed: null, model: null });
      return;
    }
    if (!Array.isArray(node)) return;
    const holder = typeof node[0] === 'string' && !isImageUrl(node[0]) ? urlSlot(node) : undefined;
    if (holder) {
      add(toRecord(node, holder));
      return;
    }
    for (const child of node) walk(child, depth + 1);
  };
  walk(payload, 0);
  return found;
}

/** The media id of an upload (`maseQ` → `[[mediaId, projectId, opId, "CAE", …]]`), or `null`. */
export function uploadedMediaId(payload: unknown): string | null {
  const record = Array.isArray(payload) && Array.isArray(payload[0]) ? payload[0] : null;
  return record && typeof record[0] === 'string' && record[0] !== '' ? record[0] : null;
}
