/**
 * What Flow's RPC handlers share: the context they get, the ctx block check (surface id, project, reCAPTCHA
 * token at slot 10), the media record shape, and the per-RPC faults.
 */
import type { EmulatorAccount } from '../emulator-accounts.ts';
import type { EmulatorState } from '../emulator-state.ts';
import { FLOW_ERRORS, invalidArgument, notFound } from '../batchexecute-wire.ts';
import type { RpcOutcome } from '../batchexecute-wire.ts';
import { FLOW_SURFACE_ID } from '../flow-catalog.ts';
import type { FlowMedia, FlowProject } from '../flow-store.ts';
import type { EmulatorFault } from '../faults.ts';

/** One RPC of a batchexecute call, with who made it. */
export interface RpcContext {
  readonly state: EmulatorState;
  readonly account: EmulatorAccount;
  readonly rpcid: string;
  readonly inner: unknown;
  /** A queued fault aimed at this RPC (already recorded in the request log). */
  readonly fault: EmulatorFault | undefined;
}

/** An RPC handler. */
export type RpcHandler = (context: RpcContext) => Promise<RpcOutcome>;

/** Narrows to an array. */
export function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** A failure to report instead of going on. */
export type Refusal = { readonly error: unknown };

/** Checks a ctx block `[null, 22, …, projectId (5), …, [token, 1] (10)]`; returns its token (and project when required). */
export function readCtx(
  context: RpcContext,
  ctx: unknown,
  options: { project: 'required' | 'none' },
): { token: string | undefined; project: FlowProject | undefined } | Refusal {
  if (!isArray(ctx) || ctx[1] !== FLOW_SURFACE_ID) return { error: invalidArgument(`ctx must be [null, ${FLOW_SURFACE_ID}, …]`) };
  const captcha = ctx[10];
  const token = isArray(captcha) && typeof captcha[0] === 'string' && captcha[1] === 1 ? captcha[0] : undefined;
  if (options.project === 'none') return { token, project: undefined };
  const project = context.state.flow.projectOf(context.account.email, ctx[5]);
  if (!project) return { error: notFound(`project ${String(ctx[5])} not found`) };
  return { token, project };
}

/** Uses up the token for this RPC; a refusal is Flow's `PUBLIC_ERROR_UNUSUAL_ACTIVITY`. */
export function redeemToken(context: RpcContext, token: string | undefined, action: string): Refusal | undefined {
  const verdict = context.state.recaptcha.redeem(token, action, context.rpcid);
  return verdict === 'accepted' ? undefined : { error: FLOW_ERRORS.unusualActivity };
}

/** The answer a queued flow fault forces, if it forces one (`flow-slow` only delays, `flow-expired-url` changes URLs). */
export async function faultOutcome(context: RpcContext): Promise<RpcOutcome | undefined> {
  switch (context.fault?.kind) {
    case 'flow-slow':
      await context.state.clock.sleep(context.fault.holdMs);
      return undefined;
    case 'flow-unusual-activity':
      return { error: FLOW_ERRORS.unusualActivity };
    case 'flow-model-access-denied':
      return { error: FLOW_ERRORS.modelAccessDenied };
    case 'flow-overloaded':
      return { error: FLOW_ERRORS.overloaded };
    case 'flow-no-image':
      return { payload: [[null]] };
    default:
      return undefined;
  }
}

/**
 * A media record: `[mediaId, projectId, workflowId, "CAE", [signedUrl, width, height, mimeType], generation,
 * clientIds]`, where generation is `[prompt, seed, model, aspect]` (null for uploads). The slots after "CAE"
 * are UNCONFIRMED (FLOW-NOTES §3); clients should find URLs by walking strings for `flow-content.google/image/`.
 */
export function mediaRecord(context: RpcContext, media: FlowMedia, clientIds: unknown = null): unknown[] {
  const url = context.state.flowUrls.sign(media.id, { expired: context.fault?.kind === 'flow-expired-url' });
  const origin = media.origin;
  const generation = origin.kind === 'generated' ? [origin.prompt, origin.seed, origin.model, origin.aspect] : null;
  return [media.id, media.projectId, media.workflowId, 'CAE', [url, media.width, media.height, media.mimeType], generation, clientIds];
}
