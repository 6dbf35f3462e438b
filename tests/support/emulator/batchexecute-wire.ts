/**
 * Google's batchexecute wire format as flow.google.com speaks it (FLOW-NOTES §3):
 *
 *   request   POST …/batchexecute?rpcids=<ids>&source-path=…&f.sid=…&bl=…&hl=…&_reqid=…&rt=c
 *             body f.req=[[[rpcid,"<inner JSON>",null,"generic"],…]]&at=<SNlM0e>
 *   reply     )]}'\n\n<len>\n<frame JSON>\n<len>\n<frame JSON>\n…
 *
 * A frame is a JSON array of entries: `["wrb.fr", rpcid, "<payload JSON>", null, null, null, "generic"]` for a
 * result, `["wrb.fr", rpcid, null, null, null, <error detail>]` for an error (slot 5), then the `di` /
 * `af.httprm` bookkeeping frame and the closing `e` frame. `<len>` is the frame's length in UTF-16 code
 * units plus its closing newline — the emulator's choice: the notes only say lengths are advisory and peers
 * decode by scanning the JSON, which clients should do too.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** The anti-JSON-hijacking prefix every reply starts with. */
export const XSSI_PREFIX = ")]}'\n";

/** `[code, null, [[ErrorInfo type, [reason]]]]`: the error detail shape of slot 5. */
export function errorInfo(code: number, reason: string): unknown[] {
  return [code, null, [['type.googleapis.com/google.rpc.ErrorInfo', [reason]]]];
}

/** Error details Flow is known (or, where marked, assumed) to send. */
export const FLOW_ERRORS = {
  /** Replayed, foreign, hijack-tagged, expired or missing reCAPTCHA token (FB-test; HIJACK "code 7"). */
  unusualActivity: errorInfo(7, 'PUBLIC_ERROR_UNUSUAL_ACTIVITY'),
  /** The plan does not include the model (FB-test `LIVE_DENIED`). */
  modelAccessDenied: errorInfo(7, 'PUBLIC_ERROR_MODEL_ACCESS_DENIED'),
  /** Load shedding: gRPC RESOURCE_EXHAUSTED with nothing else (FB-test). */
  overloaded: [8],
  /** UNCONFIRMED: an unknown rpc id. gRPC UNIMPLEMENTED is the plausible answer. */
  unimplemented: [12],
} as const;

/**
 * A malformed inner payload. UNCONFIRMED shape (the notes only saw a bare gRPC 3); the emulator adds the reason
 * in slot 3 so a failing test says what was wrong.
 */
export function invalidArgument(description: string): unknown[] {
  return [3, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_INVALID_ARGUMENT']]], description];
}

/** A referenced project or media item that the account does not have (UNCONFIRMED shape; gRPC 5 NOT_FOUND). */
export function notFound(description: string): unknown[] {
  return [5, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_NOT_FOUND']]], description];
}

/** One RPC's answer: a payload (serialised into slot 2) or an error detail (slot 5). */
export type RpcOutcome = { readonly payload: unknown } | { readonly error: unknown };

/** The `wrb.fr` entry for one RPC. */
export function resultEntry(rpcid: string, outcome: RpcOutcome): unknown[] {
  return 'payload' in outcome
    ? ['wrb.fr', rpcid, JSON.stringify(outcome.payload), null, null, null, 'generic']
    : ['wrb.fr', rpcid, null, null, null, outcome.error];
}

/** Frames (each a JSON array of entries) into the `)]}'` + length-prefixed body. */
export function encodeBatchReply(frames: readonly (readonly unknown[])[]): string {
  let body = `${XSSI_PREFIX}\n`;
  for (const frame of frames) {
    const json = JSON.stringify(frame);
    body += `${json.length + 1}\n${json}\n`;
  }
  return body;
}

/** The bookkeeping frames that close every reply, after the results. */
export function trailerFrames(resultCount: number, elapsedMs: number): unknown[][] {
  const requestId = randomBytes(8).readBigInt64BE().toString();
  return [
    [
      ['di', elapsedMs],
      ['af.httprm', elapsedMs, requestId, 7],
    ],
    [['e', resultCount + 2, null, null, 0]],
  ];
}

/** Sends a reply made of `entries` (one frame each) plus the trailer. */
export function sendBatchReply(res: ServerResponse, status: number, entries: readonly unknown[][], elapsedMs = 0): void {
  const body = encodeBatchReply([...entries.map((entry) => [entry]), ...trailerFrames(entries.length, elapsedMs)]);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/**
 * A failure of the whole call rather than of one RPC: an `er` entry with the HTTP status and a gRPC code.
 * UNCONFIRMED: the notes never saw `er` on Flow; it is what Google's other batchexecute apps send.
 */
export function sendBatchFailure(res: ServerResponse, status: 400 | 401 | 405, grpcCode: number): void {
  sendBatchReply(res, status, [['er', null, null, null, null, status, null, null, null, grpcCode]]);
}

/** One RPC of a parsed request. */
export interface BatchRpc {
  readonly rpcid: string;
  readonly inner: unknown;
}

/** Parses `f.req` and checks `rpcids` against it; returns the RPCs or why the request is malformed. */
export function parseBatchRequest(form: URLSearchParams, query: URLSearchParams): BatchRpc[] | string {
  let envelope: unknown;
  try {
    envelope = JSON.parse(form.get('f.req') ?? '');
  } catch {
    return 'f.req is not JSON';
  }
  const calls = Array.isArray(envelope) && Array.isArray(envelope[0]) ? (envelope[0] as unknown[]) : undefined;
  if (!calls || calls.length === 0) return 'f.req must be [[[rpcid, "<inner JSON>", null, "generic"], …]]';
  const rpcs: BatchRpc[] = [];
  for (const call of calls) {
    if (!Array.isArray(call) || typeof call[0] !== 'string' || typeof call[1] !== 'string') return 'each call must be [rpcid, "<inner JSON>", …]';
    try {
      rpcs.push({ rpcid: call[0], inner: JSON.parse(call[1]) as unknown });
    } catch {
      return `the inner payload of ${call[0]} is not JSON`;
    }
  }
  const named = (query.get('rpcids') ?? '').split(',').filter(Boolean);
  const sent = [...new Set(rpcs.map((rpc) => rpc.rpcid))];
  if (named.length !== sent.length || named.some((id) => !sent.includes(id))) return `rpcids (${named.join(',')}) does not match f.req (${sent.join(',')})`;
  return rpcs;
}
