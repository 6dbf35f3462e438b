/**
 * `POST flow.google.com/_/AiSandboxAngularFrontend/data/batchexecute`: checks the call the way the notes say
 * Flow does (form encoding, `X-Same-Domain: 1`, cookies, `at` from this session's page load, `rpcids` against
 * `f.req`), then answers each RPC in a `wrb.fr` frame.
 *
 * Whole-call failures (every shape here is UNCONFIRMED; FLOW-NOTES §2 records only "HTTP 401" for a dead cookie):
 *   wrong method                           → 405 + `er`
 *   not form-encoded, no X-Same-Domain: 1  → 400 + `er` (gRPC 3)
 *   no live session (signed-out, /about)   → 401 + `er` (gRPC 16 UNAUTHENTICATED)
 *   `at` not issued to this session        → 400 + `er` (gRPC 3)
 *   malformed f.req / rpcids mismatch      → 400 + `er` (gRPC 3)
 */
import { FLOW_ERRORS, parseBatchRequest, resultEntry, sendBatchFailure, sendBatchReply } from '../batchexecute-wire.ts';
import type { BatchRpc, RpcOutcome } from '../batchexecute-wire.ts';
import type { RouteContext, RouteHandler } from '../emulator-state.ts';
import { FLOW_RPC } from '../flow-catalog.ts';
import { resolveFlowVisitor } from '../flow-visitor.ts';
import { writeFault } from '../faults.ts';
import type { EmulatorFault } from '../faults.ts';
import type { EmulatorAccount } from '../emulator-accounts.ts';
import { generateImages } from './flow-generate-rpc.ts';
import { createProject, getMedia, uploadImage, upscaleImage } from './flow-media-rpcs.ts';
import type { RpcHandler } from './flow-rpc-kit.ts';

const RPC_HANDLERS: Readonly<Record<string, RpcHandler>> = {
  [FLOW_RPC.createProject]: createProject,
  [FLOW_RPC.generateImages]: generateImages,
  [FLOW_RPC.uploadImage]: uploadImage,
  [FLOW_RPC.getMedia]: getMedia,
  [FLOW_RPC.upscaleImage]: upscaleImage,
};

function recordFault(context: RouteContext, fault: EmulatorFault): void {
  if (context.logEntry) context.logEntry.fault = context.logEntry.fault ? `${context.logEntry.fault},${fault.kind}` : fault.kind;
}

async function answer(context: RouteContext, account: EmulatorAccount, rpc: BatchRpc, fault: EmulatorFault | undefined): Promise<RpcOutcome> {
  const handler = RPC_HANDLERS[rpc.rpcid];
  if (!handler) return { error: FLOW_ERRORS.unimplemented };
  return handler({ state: context.state, account, rpcid: rpc.rpcid, inner: rpc.inner, fault });
}

/** The batchexecute handler. */
export const handleBatchExecute: RouteHandler = async (context) => {
  const { req, res, state } = context;
  const started = state.clock.now();
  if (context.method !== 'POST') return sendBatchFailure(res, 405, 12);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/x-www-form-urlencoded') || req.headers['x-same-domain'] !== '1') {
    return sendBatchFailure(res, 400, 3);
  }
  // A fault aimed at the whole endpoint (no rpcid) arrives here from the pipeline; it applies to the first RPC.
  const callFault = context.fault;
  const visitor = resolveFlowVisitor(context);
  if (visitor.kind !== 'signed-in' || callFault?.kind === 'flow-dead-session') return sendBatchFailure(res, 401, 16);
  const form = new URLSearchParams(context.body.toString('utf8'));
  if (!state.flowSessions.pageLoadFor(visitor.session, form.get('at'))) return sendBatchFailure(res, 400, 3);
  const rpcs = parseBatchRequest(form, context.url.searchParams);
  if (typeof rpcs === 'string') return sendBatchFailure(res, 400, 3);

  const entries: unknown[][] = [];
  for (const [index, rpc] of rpcs.entries()) {
    const fault: EmulatorFault | undefined = state.faults.take('flow.google.com', context.url.pathname, rpc.rpcid) ?? (index === 0 ? callFault : undefined);
    if (fault && fault !== callFault) recordFault(context, fault);
    // HTTP-level faults (server-error, drop-connection, …) replace the whole response.
    if (fault && writeFault(res, fault)) return;
    if (fault?.kind === 'flow-dead-session') return sendBatchFailure(res, 401, 16);
    entries.push(resultEntry(rpc.rpcid, await answer(context, visitor.account, rpc, fault)));
  }
  sendBatchReply(res, 200, entries, state.clock.now() - started);
};
