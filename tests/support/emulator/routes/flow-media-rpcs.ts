/**
 * Flow's other RPCs: `jHPbke` (create project), `maseQ` (upload a reference image), `as29s` (a media record
 * with fresh signed URLs) and `SPrCad` (upscale). Shapes from FLOW-NOTES §3; where a shape is UNCONFIRMED the
 * handler says so.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { FLOW_ERRORS, invalidArgument, notFound } from '../batchexecute-wire.ts';
import type { RpcOutcome } from '../batchexecute-wire.ts';
import { FLOW_RECAPTCHA_ACTIONS, FLOW_RPC, FLOW_SURFACE_ID, planIncludes } from '../flow-catalog.ts';
import { sniffImageType } from '../flow-image-renderer.ts';
import { flowMediaBytes } from '../flow-media-bytes.ts';
import { faultOutcome, isArray, mediaRecord, readCtx, redeemToken } from './flow-rpc-kit.ts';
import type { RpcHandler } from './flow-rpc-kit.ts';

/** Uploads above this are refused (the emulator's limit; Flow's is unknown). */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** `jHPbke`: inner `["projects/*", [null, [title]], [null, 22]]` → `[projectId, [title]]`. No captcha. */
export const createProject: RpcHandler = async (context) => {
  const inner = context.inner;
  const title = isArray(inner) && isArray(inner[1]) && isArray(inner[1][1]) ? inner[1][1][0] : undefined;
  if (!isArray(inner) || inner[0] !== 'projects/*' || typeof title !== 'string' || !isArray(inner[2]) || inner[2][1] !== FLOW_SURFACE_ID) {
    return { error: invalidArgument('inner must be ["projects/*", [null, [title]], [null, 22]]') };
  }
  const forced = await faultOutcome(context);
  if (forced) return forced;
  const project = context.state.flow.createProject(context.account.email, title, context.state.clock.now());
  return { payload: [project.id, [project.title]] };
};

/**
 * `maseQ`: inner `[ctx, "<bare base64>", mimeType, 1, null, null, null, null, fileName, null, UUID, UUID]` →
 * `[[mediaId, projectId, opId, "CAE"]]`. One `UPLOAD_IMAGE` token per file (HUB 2026-10-07).
 */
export const uploadImage: RpcHandler = async (context): Promise<RpcOutcome> => {
  const inner = context.inner;
  if (!isArray(inner) || typeof inner[1] !== 'string' || typeof inner[2] !== 'string' || inner[3] !== 1) {
    return { error: invalidArgument('inner must be [ctx, base64, mimeType, 1, …, fileName, …]') };
  }
  const ctx = readCtx(context, inner[0], { project: 'required' });
  if ('error' in ctx) return ctx;
  const bytes = Buffer.from(inner[1], 'base64');
  const type = sniffImageType(bytes);
  // A header that sniffs right over bytes sharp cannot read is as unusable as no image at all.
  const size = type && bytes.length <= MAX_UPLOAD_BYTES ? await sharp(bytes).metadata().catch(() => undefined) : undefined;
  if (!type || !size?.width || !size.height) return { error: invalidArgument('the upload is not a JPEG, PNG or WebP image under 20 MB') };
  const refused = redeemToken(context, ctx.token, FLOW_RECAPTCHA_ACTIONS[FLOW_RPC.uploadImage]!);
  if (refused) return refused;
  const forced = await faultOutcome(context);
  if (forced) return forced;
  const { width, height } = size;
  const operationId = randomUUID();
  const media = context.state.flow.addMedia({
    projectId: ctx.project!.id,
    ownerEmail: context.account.email,
    workflowId: operationId,
    width,
    height,
    mimeType: type,
    origin: { kind: 'uploaded', fileName: typeof inner[8] === 'string' ? inner[8] : 'image' },
    bytes,
  });
  return { payload: [[media.id, media.projectId, operationId, 'CAE']] };
};

/** `as29s`: inner `[mediaId]` (UNCONFIRMED shape) → `[mediaRecord]` with a freshly signed URL. No captcha. */
export const getMedia: RpcHandler = async (context) => {
  const id = isArray(context.inner) ? context.inner[0] : undefined;
  if (typeof id !== 'string') return { error: invalidArgument('inner must be [mediaId]') };
  const media = context.state.flow.mediaOf(context.account.email, id);
  if (!media) return { error: notFound(`media ${id} not found`) };
  const forced = await faultOutcome(context);
  if (forced) return forced;
  return { payload: [mediaRecord(context, media)] };
};

/**
 * `SPrCad`: inner `[mediaId, 1 (2K) | 2 (4K), ctx with a null project]` → `[mediaId, "<base64 PNG>"]` (the notes:
 * "payload[1] is the base64 image"). 4K needs Ultra. Action `IMAGE_GENERATION` is UNCONFIRMED.
 */
export const upscaleImage: RpcHandler = async (context): Promise<RpcOutcome> => {
  const inner = context.inner;
  if (!isArray(inner) || typeof inner[0] !== 'string' || (inner[1] !== 1 && inner[1] !== 2)) {
    return { error: invalidArgument('inner must be [mediaId, 1|2, ctx]') };
  }
  const ctx = readCtx(context, inner[2], { project: 'none' });
  if ('error' in ctx) return ctx;
  const media = context.state.flow.mediaOf(context.account.email, inner[0]);
  if (!media) return { error: notFound(`media ${inner[0]} not found`) };
  const refused = redeemToken(context, ctx.token, FLOW_RECAPTCHA_ACTIONS[FLOW_RPC.upscaleImage]!);
  if (refused) return refused;
  const forced = await faultOutcome(context);
  if (forced) return forced;
  if (inner[1] === 2 && !planIncludes(context.account.plan, 'ultra')) return { error: FLOW_ERRORS.modelAccessDenied };
  const longSide = inner[1] === 2 ? 4096 : 2048;
  const scale = longSide / Math.max(media.width, media.height, 1);
  const png = await sharp(await flowMediaBytes(media))
    .resize(Math.round(media.width * scale), Math.round(media.height * scale))
    .png()
    .toBuffer();
  return { payload: [media.id, png.toString('base64')] };
};
