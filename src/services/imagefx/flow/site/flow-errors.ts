/**
 * What Flow's answers mean for a job (FLOW-NOTES §5), and the errors the Flow backend throws. The error
 * detail of slot 5 is `[grpcCode, null, [[ErrorInfo type, [reason]]]]`:
 *
 * | answer                                   | job                                                     |
 * |------------------------------------------|---------------------------------------------------------|
 * | `[7, …PUBLIC_ERROR_UNUSUAL_ACTIVITY]`    | pauses the queue (UNUSUAL_ACTIVITY); never retried       |
 * | `[7, …PUBLIC_ERROR_MODEL_ACCESS_DENIED]` | MODEL_NOT_ALLOWED, terminal, names the model             |
 * | `[8]` (load shedding)                    | retryable once, after a cool-down (the backend's policy) |
 * | 200 with no image (`[[null]]`)           | SAFETY_REFUSED: Flow's silent content filter             |
 * | HTTP 401 / `er` gRPC 16, `/about`, sign-in pages | AUTH_REQUIRED (the queue waits for sign-in)      |
 * | a reply that does not parse, a control not found | PAGE_CHANGED, with a redacted diagnostic capture |
 */
import { IMAGE_MODEL_NAMES, type ImageModel } from '../../../../shared/generation-options.ts';
import { ImageServiceError } from '../../image-service-error.ts';
import { UNUSUAL_ACTIVITY_REASON } from '../../library-error-classifier.ts';
import { FLOW_RPC } from './flow-site.ts';
import { decodeFlowReply, findMediaRecords, FlowReplyUnreadableError, uploadedMediaId, type FlowBatchReply, type FlowMediaRecord, type FlowRpcResult } from './flow-wire.ts';

/** Google's reason when the plan does not include the model (FB-test `LIVE_DENIED`). */
export const MODEL_ACCESS_DENIED_REASON = 'PUBLIC_ERROR_MODEL_ACCESS_DENIED';
/** Our reason for a 200 that carries no picture. */
export const SILENT_FILTER_REASON = 'FLOW_SILENT_FILTER';
/** Our reason for `[8]`. */
export const OVERLOADED_REASON = 'FLOW_OVERLOADED';

const REASON = /^[A-Z][A-Z0-9_]{1,80}$/;

/** The gRPC code and ErrorInfo reasons of a slot-5 detail (identifiers only: no free text is kept). */
export function readErrorDetail(detail: unknown): { readonly code: number | null; readonly reasons: readonly string[] } {
  if (!Array.isArray(detail)) return { code: null, reasons: [] };
  const code = typeof detail[0] === 'number' && Number.isInteger(detail[0]) ? detail[0] : null;
  const reasons: string[] = [];
  for (const info of Array.isArray(detail[2]) ? detail[2] : []) {
    if (!Array.isArray(info) || !Array.isArray(info[1])) continue;
    for (const reason of info[1]) if (typeof reason === 'string' && REASON.test(reason)) reasons.push(reason);
  }
  return { code, reasons };
}

/** A page that no longer looks as the app expects. `missing` says what, in words that hold no user data. */
export class FlowPageChangedError extends ImageServiceError {
  readonly missing: string;

  constructor(missing: string, reason = 'FLOW_CONTROL_MISSING') {
    super('PAGE_CHANGED', `Google changed the Flow page: ${missing}. Nothing was generated; a diagnostic record was kept.`, { reason });
    this.name = 'FlowPageChangedError';
    this.missing = missing;
  }
}

/** The account has no usable Flow session. */
export function flowSignedOut(httpStatus: number | null = null): ImageServiceError {
  return new ImageServiceError('AUTH_REQUIRED', 'Your Google Flow session has ended. Sign in again to continue.', { reason: 'FLOW_SIGNED_OUT', httpStatus });
}

/** The account's Flow lives on labs.google still: it belongs on the classic backend. */
export function flowNotEnabled(): ImageServiceError {
  return new ImageServiceError('SERVICE_ERROR', 'This Google account is not on flow.google.com yet. Switch it to the classic ImageFX backend in Settings.', {
    reason: 'FLOW_NOT_ENABLED',
  });
}

/** The page could not be loaded at all (offline, or Google unreachable). */
export function flowUnreachable(): ImageServiceError {
  return new ImageServiceError('NETWORK', 'Could not load flow.google.com. Check the internet connection.', { reason: 'FLOW_UNREACHABLE' });
}

/** The page pressed Generate (or uploaded) and Google did not answer in time. */
export function flowNoReply(what: string, seconds: number): ImageServiceError {
  return new ImageServiceError('SERVICE_ERROR', `Flow did not answer the ${what} within ${seconds} seconds. Try again later.`, { reason: 'FLOW_NO_REPLY' });
}

/** What one RPC's error detail means. */
function rpcFailure(detail: unknown, model: ImageModel | null): ImageServiceError {
  const { code, reasons } = readErrorDetail(detail);
  const reason = reasons[0] ?? null;
  if (reasons.includes(UNUSUAL_ACTIVITY_REASON)) {
    return new ImageServiceError(
      'SERVICE_ERROR',
      'Google reported unusual activity on this account and refused to generate. The queue is paused: wait a while (or open Flow in a browser) before resuming.',
      { reason: UNUSUAL_ACTIVITY_REASON },
    );
  }
  if (reasons.includes(MODEL_ACCESS_DENIED_REASON)) {
    const named = model ? `${IMAGE_MODEL_NAMES[model]} (${model})` : 'the chosen model';
    return new ImageServiceError(
      'MODEL_NOT_ALLOWED',
      `This account's Google AI plan does not include ${named}. Choose another model, or use an account whose plan includes it.`,
      { reason: MODEL_ACCESS_DENIED_REASON },
    );
  }
  if (code === 8) {
    return new ImageServiceError('SERVICE_ERROR', 'Flow is overloaded and turned the request away. Try again in a few minutes.', { reason: OVERLOADED_REASON, retryable: true });
  }
  if (code === 16) return flowSignedOut();
  if (reasons.some((candidate) => candidate.includes('QUOTA'))) {
    return new ImageServiceError('QUOTA_REACHED', 'This account has used its Flow allowance for now. Try again later.', { reason });
  }
  if (reasons.some((candidate) => /FILTER|SAFETY|UNSAFE|PROMINENT/.test(candidate))) {
    return new ImageServiceError('SAFETY_REFUSED', 'Flow declined this prompt under its content policy. Rephrase it and try again.', { reason });
  }
  return new ImageServiceError('SERVICE_ERROR', `Flow refused the request${code === null ? '' : ` (code ${code})`}.`, { reason });
}

function httpFailure(status: number): ImageServiceError {
  return new ImageServiceError('SERVICE_ERROR', `Flow answered with an error (HTTP ${status}). Try again later.`, { reason: `HTTP_${status}`, httpStatus: status });
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** The `wrb.fr` result for `rpcid` in a reply; throws what the whole call's answer means when there is none. */
function resultOf(rpcid: string, status: number, body: string): FlowRpcResult {
  if (status === 401) throw flowSignedOut(401);
  let reply: FlowBatchReply;
  try {
    reply = decodeFlowReply(body);
  } catch (error) {
    if (isSuccess(status) && error instanceof FlowReplyUnreadableError) throw new FlowPageChangedError(`the ${rpcid} reply could not be read`, 'FLOW_REPLY_UNREADABLE');
    throw httpFailure(status);
  }
  if (reply.callFailure?.grpcCode === 16 || reply.callFailure?.httpStatus === 401) throw flowSignedOut(status);
  if (!isSuccess(status) || reply.callFailure) throw httpFailure(status);
  const result = reply.results.find((candidate) => candidate.rpcid === rpcid);
  if (!result) throw new FlowPageChangedError(`the ${rpcid} reply carried no result`, 'FLOW_REPLY_UNREADABLE');
  return result;
}

/** The pictures of an `ogiZ0b` reply; throws what the answer means when there are none. */
export function readGenerateReply(status: number, body: string, model: ImageModel): FlowMediaRecord[] {
  const result = resultOf(FLOW_RPC.generate, status, body);
  if (result.error !== null) throw rpcFailure(result.error, model);
  const records = findMediaRecords(result.payload);
  if (records.length === 0) {
    throw new ImageServiceError(
      'SAFETY_REFUSED',
      'Flow answered without an image: its content filter most likely declined the prompt without saying so. Rephrase it and try again.',
      { reason: SILENT_FILTER_REASON },
    );
  }
  return records;
}

/** The media id of a `maseQ` reply; throws what the answer means when there is none. */
export function readUploadReply(status: number, body: string): string {
  const result = resultOf(FLOW_RPC.upload, status, body);
  if (result.error !== null) throw rpcFailure(result.error, null);
  const mediaId = uploadedMediaId(result.payload);
  if (!mediaId) throw new FlowPageChangedError('the maseQ reply carried no media id', 'FLOW_REPLY_UNREADABLE');
  return mediaId;
}
