/**
 * Failures a test can queue for the next N matching requests, and how each one is written to the wire.
 * The 4xx bodies follow Google's JSON error shape (`{error:{code,message,status,details}}`); the reasons in
 * ARCHITECTURE.md §2 are used verbatim, the rest are emulator stand-ins. The `flow-*` faults are not
 * responses of their own: the flow.google.com routes apply them (routes/flow-batchexecute-routes.ts and
 * routes/flow-page-routes.ts); `server-error` and `drop-connection` also work on a single Flow RPC.
 */
import type { ServerResponse } from 'node:http';
import { endpointMatch, pathMatches } from './emulator-endpoints.ts';
import type { EndpointMatch, EndpointName } from './emulator-endpoints.ts';
import { sendHtml, sendJson } from './http-kit.ts';

/** A failure (or, for `fewer-images`, a degradation) the emulator can inject. */
export type EmulatorFault =
  /**
   * 429 with a `Retry-After` header and, as Google sends it, a `google.rpc.RetryInfo` detail in the body
   * (unless `retryInfo: false`, for clients that must cope without one).
   */
  | {
      readonly kind: 'rate-limited';
      readonly retryAfterSeconds?: number;
      readonly retryInfo?: boolean;
      /** Send `Retry-After` as an HTTP date (emulator clock + the delay) instead of delta seconds. */
      readonly retryAfterAsDate?: boolean;
    }
  | { readonly kind: 'quota-exhausted' }
  /** A 5xx; with `retryAfterSeconds`, a `Retry-After` header too (what a 503 from a busy front end carries). */
  | { readonly kind: 'server-error'; readonly status?: 500 | 502 | 503 | 504; readonly retryAfterSeconds?: number }
  | { readonly kind: 'unsafe-generation' }
  | { readonly kind: 'prominent-people' }
  | { readonly kind: 'unusual-activity' }
  | { readonly kind: 'unauthenticated' }
  | { readonly kind: 'malformed-json' }
  | { readonly kind: 'html-page' }
  | { readonly kind: 'drop-connection' }
  /** The request is read and never answered: the connection stays open until the client gives up. */
  | { readonly kind: 'hang' }
  /** 200 with the usual runImageFx shape, but each `encodedImage` holds bytes that are not an image. */
  | { readonly kind: 'not-an-image'; readonly count?: number }
  | { readonly kind: 'fewer-images'; readonly count: number }
  | FlowFault;

/** Faults of flow.google.com; all but the page change default to the generate RPC (`ogiZ0b`). */
export type FlowFault =
  /** `[7, …PUBLIC_ERROR_UNUSUAL_ACTIVITY]` in slot 5 (the token is still used up). */
  | { readonly kind: 'flow-unusual-activity' }
  /** `[7, …PUBLIC_ERROR_MODEL_ACCESS_DENIED]`. */
  | { readonly kind: 'flow-model-access-denied' }
  /** `[8]`: load shedding. */
  | { readonly kind: 'flow-overloaded' }
  /** 200 with `[[null]]`: the silent content filter. */
  | { readonly kind: 'flow-no-image' }
  /** The whole call answered as for dead cookies (HTTP 401 + `er`). */
  | { readonly kind: 'flow-dead-session' }
  /** Images come back with signed URLs that lapsed a second ago. */
  | { readonly kind: 'flow-expired-url' }
  /** The RPC is held `holdMs` (emulator clock) before it answers. */
  | { readonly kind: 'flow-slow'; readonly holdMs: number }
  /** The editor page is served with its prompt box and Generate button renamed (default target: editor page). */
  | { readonly kind: 'flow-page-changed' };

/** Every fault kind, for validating faults that arrive over HTTP. */
export const FAULT_KINDS: ReadonlySet<string> = new Set<EmulatorFault['kind']>([
  'rate-limited',
  'quota-exhausted',
  'server-error',
  'unsafe-generation',
  'prominent-people',
  'unusual-activity',
  'unauthenticated',
  'malformed-json',
  'html-page',
  'drop-connection',
  'hang',
  'not-an-image',
  'fewer-images',
  'flow-unusual-activity',
  'flow-model-access-denied',
  'flow-overloaded',
  'flow-no-image',
  'flow-dead-session',
  'flow-expired-url',
  'flow-slow',
  'flow-page-changed',
]);

/** A fault aimed at `{ host, path: ANY_PATH }` applies to every path of that host (e.g. "Google is down"). */
export const ANY_PATH = '*';

function defaultTarget(fault: EmulatorFault): EndpointName {
  if (fault.kind === 'flow-page-changed') return 'flowEditorPage';
  return fault.kind.startsWith('flow-') ? 'flowGenerate' : 'runImageFx';
}

/** Where and how often a queued fault applies. */
export interface FaultOptions {
  /**
   * Endpoint name or host + path (+ rpcid; `path: ANY_PATH` for every path of the host); defaults to
   * `runImageFx`, `flowGenerate` or `flowEditorPage` by kind.
   */
  readonly on?: EndpointName | EndpointMatch;
  /** How many matching requests it applies to (default 1). */
  readonly times?: number;
}

interface QueuedFault {
  readonly fault: EmulatorFault;
  readonly match: EndpointMatch;
  remaining: number;
}

/** Faults waiting for their requests, first queued first served. */
export class FaultQueue {
  #queue: QueuedFault[] = [];

  /** Queues `fault` behind any already waiting; throws on an unknown kind or a bad repetition count. */
  add(fault: EmulatorFault, options: FaultOptions = {}): void {
    if (!FAULT_KINDS.has(fault?.kind)) throw new Error(`unknown fault kind: ${String(fault?.kind)}`);
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    if (fault.kind === 'fewer-images' && (!Number.isInteger(fault.count) || fault.count < 0)) {
      throw new RangeError('fewer-images needs a count ≥ 0');
    }
    if (fault.kind === 'flow-slow' && (typeof fault.holdMs !== 'number' || !(fault.holdMs >= 0))) throw new RangeError('flow-slow needs holdMs ≥ 0');
    const match = endpointMatch(options.on ?? defaultTarget(fault));
    if (fault.kind.startsWith('flow-') && match.host !== 'flow.google.com') throw new Error(`${fault.kind} only applies to flow.google.com`);
    this.#queue.push({ fault, match, remaining: times });
  }

  /**
   * Takes the first fault queued for this host + path, if any (using up one of its repetitions). Without
   * `rpcid` only faults aimed at the whole request match; with it, only those aimed at that RPC.
   */
  take(host: string, path: string, rpcid?: string): EmulatorFault | undefined {
    const entry = this.#queue.find(
      (queued) => queued.match.host === host && pathMatches(queued.match.path, path) && queued.match.rpcid === rpcid,
    );
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining === 0) this.#queue = this.#queue.filter((queued) => queued !== entry);
    return entry.fault;
  }

  /** Repetitions still waiting, over all faults. */
  pending(): number {
    return this.#queue.reduce((sum, queued) => sum + queued.remaining, 0);
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#queue = [];
  }
}

function googleError(code: number, status: string, message: string, reason?: string, extraDetails: readonly unknown[] = []): unknown {
  const details = reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'aisandbox-pa.googleapis.com' }] : [];
  return { error: { code, message, status, details: [...details, ...extraDetails] } };
}

/** Bytes that are no picture (a web page), base64-encoded as `encodedImage` is. */
const NOT_AN_IMAGE_BASE64 = Buffer.from('<!doctype html><html><body>Something went wrong</body></html>').toString('base64');

/** A runImageFx answer of the usual shape whose pictures are not pictures. */
function notAnImageBody(count: number): unknown {
  const generatedImages = Array.from({ length: count }, (_, index) => ({
    encodedImage: NOT_AN_IMAGE_BASE64,
    seed: 1 + index,
    prompt: 'not an image',
    modelNameType: 'IMAGEN_3_5',
    aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
    mediaGenerationId: `CAMaNotAnImage${index}`,
    workflowId: 'not-an-image',
    fingerprintLogRecordId: String(index),
  }));
  return { imagePanels: [{ prompt: 'not an image', generatedImages }] };
}

/**
 * Writes `fault` as the response (`now` is the emulator clock, for HTTP dates). Returns false for
 * `fewer-images`, which is not a response of its own but a limit the handler applies. `hang` writes
 * nothing and returns true: the request stays open.
 */
export function writeFault(res: ServerResponse, fault: EmulatorFault, now: number = Date.now()): boolean {
  switch (fault.kind) {
    case 'rate-limited': {
      const seconds = fault.retryAfterSeconds ?? 30;
      const retryInfo = fault.retryInfo === false ? [] : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` }];
      const retryAfter = fault.retryAfterAsDate ? new Date(now + seconds * 1000).toUTCString() : String(seconds);
      sendJson(res, 429, googleError(429, 'RESOURCE_EXHAUSTED', 'Too many requests, please slow down.', undefined, retryInfo), {
        'retry-after': retryAfter,
      });
      return true;
    }
    case 'quota-exhausted':
      sendJson(res, 429, googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for image generation.', 'PUBLIC_ERROR_QUOTA_EXCEEDED'));
      return true;
    case 'server-error': {
      const status = fault.status ?? 500;
      const name = status === 503 ? 'UNAVAILABLE' : status === 504 ? 'DEADLINE_EXCEEDED' : 'INTERNAL';
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      sendJson(res, status, googleError(status, name, 'Internal error encountered.'), headers);
      return true;
    }
    case 'unsafe-generation':
      sendJson(res, 400, googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', 'PUBLIC_ERROR_UNSAFE_GENERATION'));
      return true;
    case 'prominent-people':
      sendJson(
        res,
        400,
        googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', 'PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED'),
      );
      return true;
    case 'unusual-activity':
      sendJson(res, 403, googleError(403, 'PERMISSION_DENIED', 'We have detected unusual activity from your account.', 'PUBLIC_ERROR_UNUSUAL_ACTIVITY'));
      return true;
    case 'unauthenticated':
      sendJson(res, 401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'ACCESS_TOKEN_EXPIRED'));
      return true;
    case 'malformed-json': {
      const truncated = '{"imagePanels":[{"prompt":"';
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': truncated.length });
      res.end(truncated);
      return true;
    }
    case 'html-page':
      // What a captive portal or a Google interstitial looks like to a JSON client: 200 and a web page.
      sendHtml(res, 200, '<!doctype html><html><head><title>Sign in - Google Accounts</title></head><body><h1>Sign in</h1></body></html>');
      return true;
    case 'drop-connection':
      res.socket?.destroy();
      return true;
    case 'hang':
      return true;
    case 'not-an-image':
      sendJson(res, 200, notAnImageBody(fault.count ?? 1));
      return true;
    case 'fewer-images':
      return false;
    default:
      // A flow fault: the flow.google.com route applies it.
      return false;
  }
}
