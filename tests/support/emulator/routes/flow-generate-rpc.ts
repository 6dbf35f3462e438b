/**
 * `ogiZ0b`, Flow's synchronous image generation (HUB, verified 2026-10-07):
 *
 *   ctx   = [null, 22, null, null, null, projectId, null, null, null, null, [token, 1]]
 *   item  = [null, null, imageInputs|null, seed, aspect 1..5, MODEL, null, ctx, [[[prompt]]], null, null, null, UUID, UUID]
 *   inner = [null, [item, …], 1, ctx, [UUID]]
 *
 * One image per item, one token for the whole call (the same token in the top-level ctx and every item).
 * The reply payload is `[[mediaRecord, …]]` (records as in flow-rpc-kit.ts); `[[null]]` is the silent filter.
 */
import { randomUUID } from 'node:crypto';
import { FLOW_ERRORS, invalidArgument, notFound } from '../batchexecute-wire.ts';
import type { RpcOutcome } from '../batchexecute-wire.ts';
import { FLOW_RECAPTCHA_ACTIONS, FLOW_RPC, MAX_FLOW_IMAGES, flowAspect, flowModel, planIncludes } from '../flow-catalog.ts';
import type { FlowAspect, FlowImageModel } from '../flow-catalog.ts';
import type { FlowProject } from '../flow-store.ts';
import { faultOutcome, isArray, mediaRecord, readCtx, redeemToken } from './flow-rpc-kit.ts';
import type { RpcContext, RpcHandler } from './flow-rpc-kit.ts';

interface GenerationItem {
  readonly prompt: string;
  readonly seed: number;
  readonly aspect: FlowAspect;
  readonly model: FlowImageModel;
  readonly references: readonly string[];
  readonly clientIds: readonly [string, string];
}

const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

function parseItem(context: RpcContext, item: unknown, index: number, token: string | undefined, project: FlowProject): GenerationItem | string {
  if (!isArray(item)) return `item ${index} must be an array`;
  const where = `item ${index}`;
  const ctx = readCtx(context, item[7], { project: 'required' });
  if ('error' in ctx || ctx.project !== project || ctx.token !== token) return `${where}: its ctx must repeat the project and token of the call`;
  const seed = item[3];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0x7fffffff) return `${where}: seed must be a 31-bit integer`;
  const aspect = flowAspect(item[4]);
  if (!aspect) return `${where}: aspect must be 1..5`;
  const model = flowModel(item[5]);
  if (!model) return `${where}: unknown model ${JSON.stringify(item[5])}`;
  const prompt = isArray(item[8]) && isArray(item[8][0]) && isArray(item[8][0][0]) ? item[8][0][0][0] : undefined;
  if (typeof prompt !== 'string' || prompt.trim() === '') return `${where}: the prompt ([[[text]]] at slot 8) is missing`;
  const references: string[] = [];
  if (item[2] !== null) {
    if (!isArray(item[2])) return `${where}: image inputs must be null or [[mediaId, null, null, null, 1|2], …]`;
    for (const input of item[2]) {
      if (!isArray(input) || typeof input[0] !== 'string' || (input[4] !== 1 && input[4] !== 2)) return `${where}: bad image input`;
      references.push(input[0]);
    }
  }
  const [first, second] = [item[12], item[13]];
  if (typeof first !== 'string' || typeof second !== 'string' || !UUID_UPPER.test(first) || !UUID_UPPER.test(second)) {
    return `${where}: slots 12 and 13 must be upper-case UUIDs`;
  }
  return { prompt, seed, aspect, model, references, clientIds: [first, second] };
}

/** Parses the inner payload; returns the project, token and items, or the error to answer. */
function parseGenerate(context: RpcContext): { project: FlowProject; token: string | undefined; items: GenerationItem[] } | { error: unknown } {
  const inner = context.inner;
  if (!isArray(inner) || !isArray(inner[1]) || inner[2] !== 1) return { error: invalidArgument('inner must be [null, [item, …], 1, ctx, [UUID]]') };
  const ctx = readCtx(context, inner[3], { project: 'required' });
  if ('error' in ctx) return ctx;
  const rawItems = inner[1];
  if (rawItems.length < 1 || rawItems.length > MAX_FLOW_IMAGES) return { error: invalidArgument(`1 to ${MAX_FLOW_IMAGES} items per call`) };
  const items: GenerationItem[] = [];
  for (const [index, raw] of rawItems.entries()) {
    const item = parseItem(context, raw, index, ctx.token, ctx.project!);
    if (typeof item === 'string') return { error: invalidArgument(item) };
    const missing = item.references.find((id) => !context.state.flow.mediaOf(context.account.email, id));
    if (missing) return { error: notFound(`media ${missing} not found`) };
    items.push(item);
  }
  return { project: ctx.project!, token: ctx.token, items };
}

/** The `ogiZ0b` handler. */
export const generateImages: RpcHandler = async (context): Promise<RpcOutcome> => {
  const parsed = parseGenerate(context);
  if ('error' in parsed) return parsed;
  const refused = redeemToken(context, parsed.token, FLOW_RECAPTCHA_ACTIONS[FLOW_RPC.generateImages]!);
  if (refused) return refused;
  const forced = await faultOutcome(context);
  if (forced) return forced;
  const denied = parsed.items.find((item) => !planIncludes(context.account.plan, item.model.minPlan));
  if (denied) return { error: FLOW_ERRORS.modelAccessDenied };
  const { state } = context;
  if (state.flowGenerationHoldMs > 0) await state.clock.sleep(state.flowGenerationHoldMs);
  const workflowId = randomUUID();
  const records = parsed.items.map((item) => {
    const media = state.flow.addMedia({
      projectId: parsed.project.id,
      ownerEmail: context.account.email,
      workflowId,
      width: item.aspect.width,
      height: item.aspect.height,
      mimeType: 'image/jpeg',
      origin: { kind: 'generated', prompt: item.prompt, seed: item.seed, model: item.model.id, aspect: item.aspect.value },
      bytes: null,
    });
    return mediaRecord(context, media, [...item.clientIds]);
  });
  return { payload: [records] };
};
