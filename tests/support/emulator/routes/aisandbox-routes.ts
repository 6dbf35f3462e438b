/**
 * aisandbox-pa.googleapis.com `POST /v1:runImageFx`: checks the bearer token, validates the body the
 * library sends, and answers with real PNGs that depend on prompt + seed (remembered for fetchMedia).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { GeneratedImage, RouteContext, RouteHandler } from '../emulator-state.ts';
import { isRecord, parseJson, sendJson, sendNotFound } from '../http-kit.ts';
import type { TokenRejection } from '../labs-session-store.ts';
import { EMULATED_IMAGE_SIZES, renderGeneratedImage } from '../png-encoder.ts';

/** Aspect ratios runImageFx accepts. */
export const ASPECT_RATIOS = Object.keys(EMULATED_IMAGE_SIZES);
/** Model names runImageFx accepts (the library only sends IMAGEN_3_5). */
export const MODEL_NAMES = ['IMAGEN_3', 'IMAGEN_3_1', 'IMAGEN_3_5', 'IMAGEN_4'];
/** candidatesCount must lie in 1…MAX_CANDIDATES. */
export const MAX_CANDIDATES = 8;

/** A parsed, valid runImageFx request. */
interface ImageRequest {
  readonly prompt: string;
  readonly count: number;
  readonly seed: number;
  readonly model: string;
  readonly aspectRatio: string;
}

interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/** Checks the body shape; returns the request or the violations to report. */
export function parseImageRequest(body: unknown): ImageRequest | FieldViolation[] {
  if (!isRecord(body)) return [{ field: '', description: 'body must be a JSON object' }];
  const violations: FieldViolation[] = [];
  const userInput = isRecord(body.userInput) ? body.userInput : {};
  const clientContext = isRecord(body.clientContext) ? body.clientContext : {};
  const modelInput = isRecord(body.modelInput) ? body.modelInput : {};
  const count = userInput.candidatesCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_CANDIDATES) {
    violations.push({ field: 'userInput.candidatesCount', description: `must be an integer from 1 to ${MAX_CANDIDATES}` });
  }
  const prompts = userInput.prompts;
  const prompt = Array.isArray(prompts) ? prompts[0] : undefined;
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    violations.push({ field: 'userInput.prompts', description: 'prompts[0] must be a non-empty string' });
  }
  const seed = userInput.seed;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    violations.push({ field: 'userInput.seed', description: 'must be a number' });
  }
  if (clientContext.tool !== 'IMAGE_FX') violations.push({ field: 'clientContext.tool', description: 'must be IMAGE_FX' });
  const model = modelInput.modelNameType;
  if (typeof model !== 'string' || !MODEL_NAMES.includes(model)) {
    violations.push({ field: 'modelInput.modelNameType', description: `must be one of ${MODEL_NAMES.join(', ')}` });
  }
  const aspectRatio = body.aspectRatio;
  if (typeof aspectRatio !== 'string' || !ASPECT_RATIOS.includes(aspectRatio)) {
    violations.push({ field: 'aspectRatio', description: `must be one of ${ASPECT_RATIOS.join(', ')}` });
  }
  if (violations.length > 0) return violations;
  return {
    prompt: prompt as string,
    count: count as number,
    seed: seed as number,
    model: model as string,
    aspectRatio: aspectRatio as string,
  };
}

/** Google's 400 for a malformed request. */
export function sendInvalidArgument(context: RouteContext, violations: readonly FieldViolation[]): void {
  sendJson(context.res, 400, {
    error: {
      code: 400,
      message: 'Request contains an invalid argument.',
      status: 'INVALID_ARGUMENT',
      details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations }],
    },
  });
}

/** Google's 401 for a missing, unknown, expired or revoked bearer token. */
export function sendUnauthenticated(context: RouteContext, rejection: TokenRejection): void {
  const reason = rejection === 'expired' ? 'ACCESS_TOKEN_EXPIRED' : rejection === 'missing' ? 'CREDENTIALS_MISSING' : 'ACCESS_TOKEN_INVALID';
  sendJson(context.res, 401, {
    error: {
      code: 401,
      message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      status: 'UNAUTHENTICATED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }],
    },
  });
}

/** The bearer token from an Authorization header. */
export function bearerToken(context: RouteContext): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(context.req.headers.authorization ?? '');
  return match?.[1];
}

function generate(request: ImageRequest, count: number): GeneratedImage[] {
  const workflowId = randomUUID();
  return Array.from({ length: count }, (_, index) => {
    // Each candidate gets its own seed; asking again with that seed reproduces the same picture.
    const seed = request.seed + index;
    return {
      encodedImage: renderGeneratedImage(request.prompt, seed, request.aspectRatio).toString('base64'),
      seed,
      prompt: request.prompt,
      modelNameType: request.model,
      aspectRatio: request.aspectRatio,
      mediaGenerationId: `CAMa${randomBytes(30).toString('base64url')}`,
      workflowId,
      fingerprintLogRecordId: String(randomBytes(6).readUIntBE(0, 6)),
    };
  });
}

const runImageFx: RouteHandler = (context) => {
  const verdict = context.state.sessions.verifyBearer(bearerToken(context));
  if ('rejection' in verdict) {
    sendUnauthenticated(context, verdict.rejection);
    return;
  }
  if (context.state.accounts.get(verdict.session.email)?.backend === 'migrated') {
    // Migrated accounts lost the REST path (KA16: "401 UNAUTHENTICATED").
    sendUnauthenticated(context, 'revoked');
    return;
  }
  const request = parseImageRequest(parseJson(context.body));
  if (Array.isArray(request)) {
    sendInvalidArgument(context, request);
    return;
  }
  const count = Math.min(request.count, context.imageLimit ?? request.count);
  const images = generate(request, count);
  for (const image of images) {
    context.state.media.set(image.mediaGenerationId, { ownerEmail: verdict.session.email, image });
  }
  sendJson(context.res, 200, { imagePanels: [{ prompt: request.prompt, generatedImages: images }] });
};

/** Answers a CORS preflight the way Google's API front end does for labs.google. */
function preflight(context: RouteContext): void {
  context.res.writeHead(204, {
    'access-control-allow-origin': context.req.headers.origin ?? 'https://labs.google',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-credentials': 'true',
    'access-control-max-age': '3600',
  });
  context.res.end();
}

/** Dispatches an aisandbox-pa.googleapis.com request. */
export const handleAisandboxRequest: RouteHandler = (context) => {
  if (context.method === 'OPTIONS') return preflight(context);
  if (context.method === 'POST' && context.url.pathname === '/v1:runImageFx') return runImageFx(context);
  return sendNotFound(context.res);
};
