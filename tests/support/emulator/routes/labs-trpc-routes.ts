/**
 * labs.google's tRPC endpoints the library uses: `media.fetchMedia` (a generated image by id) and
 * `backbone.captionImage` (describe an uploaded image). Both need a live labs session cookie, as the real
 * ones run server-side with the next-auth session; responses use tRPC's superjson envelope.
 */
import { randomBytes } from 'node:crypto';
import type { RouteContext, RouteHandler, StoredMedia } from '../emulator-state.ts';
import { isRecord, parseJson, sendJson } from '../http-kit.ts';
import { readSessionToken } from '../labs-cookies.ts';
import type { LabsSession } from '../labs-session-store.ts';
import { PNG_SIGNATURE } from '../png-encoder.ts';

const TRPC_CODES = {
  BAD_REQUEST: { code: -32600, httpStatus: 400 },
  UNAUTHORIZED: { code: -32001, httpStatus: 401 },
  NOT_FOUND: { code: -32004, httpStatus: 404 },
} as const;

function sendTrpcError(context: RouteContext, kind: keyof typeof TRPC_CODES, message: string, path: string): void {
  const { code, httpStatus } = TRPC_CODES[kind];
  sendJson(context.res, httpStatus, { error: { json: { message, code, data: { code: kind, httpStatus, path } } } });
}

function sendTrpcResult(context: RouteContext, result: unknown): void {
  sendJson(context.res, 200, { result: { data: { json: { result } } } });
}

/** The signed-in session with a usable token, or undefined after answering 401. */
function requireSession(context: RouteContext, path: string): LabsSession | undefined {
  const session = context.state.sessions.resolve(readSessionToken(context.cookies));
  if (!session || !context.state.sessions.currentToken(session)) {
    sendTrpcError(context, 'UNAUTHORIZED', 'UNAUTHORIZED', path);
    return undefined;
  }
  return session;
}

const fetchMedia: RouteHandler = (context) => {
  const path = 'media.fetchMedia';
  const session = requireSession(context, path);
  if (!session) return;
  const input = parseJson(Buffer.from(context.url.searchParams.get('input') ?? '', 'utf8'));
  const mediaKey = isRecord(input) && isRecord(input.json) ? input.json.mediaKey : undefined;
  if (typeof mediaKey !== 'string' || mediaKey.trim() === '') {
    sendTrpcError(context, 'BAD_REQUEST', 'input.json.mediaKey must be a non-empty string', path);
    return;
  }
  const stored = context.state.media.get(mediaKey);
  if (!stored || stored.ownerEmail !== session.email) {
    sendTrpcError(context, 'NOT_FOUND', 'Media not found', path);
    return;
  }
  sendTrpcResult(context, { image: { ...stored.image, mediaVisibility: 'PRIVATE', previousMediaGenerationId: '' } });
};

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function describe(bytes: Buffer, media: Iterable<StoredMedia>): string {
  const base64 = bytes.toString('base64');
  for (const stored of media) {
    if (stored.image.encodedImage === base64) return `An image of ${stored.image.prompt}`;
  }
  const size = pngSize(bytes);
  return size ? `A ${size.width}×${size.height} picture with a smooth diagonal colour gradient` : 'An uploaded picture';
}

const captionImage: RouteHandler = (context) => {
  const path = 'backbone.captionImage';
  if (!requireSession(context, path)) return;
  const body = parseJson(context.body);
  const json = isRecord(body) && isRecord(body.json) ? body.json : {};
  const captionInput = isRecord(json.captionInput) ? json.captionInput : {};
  const mediaInput = isRecord(captionInput.mediaInput) ? captionInput.mediaInput : {};
  const count = captionInput.candidatesCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 8) {
    sendTrpcError(context, 'BAD_REQUEST', 'captionInput.candidatesCount must be an integer from 1 to 8', path);
    return;
  }
  const rawBytes = mediaInput.rawBytes;
  const match = typeof rawBytes === 'string' ? /^data:image\/[\w.+-]+;base64,([A-Za-z0-9+/=]+)$/.exec(rawBytes) : null;
  const bytes = match ? Buffer.from(match[1]!, 'base64') : Buffer.alloc(0);
  if (bytes.length === 0 || typeof mediaInput.mediaCategory !== 'string') {
    sendTrpcError(context, 'BAD_REQUEST', 'captionInput.mediaInput needs mediaCategory and a base64 image data URL', path);
    return;
  }
  const description = describe(bytes, context.state.media.values());
  const candidates = Array.from({ length: count }, (_, index) => ({
    output: index === 0 ? description : `${description} (variation ${index + 1})`,
    mediaGenerationId: `CAMa${randomBytes(24).toString('base64url')}`,
  }));
  sendTrpcResult(context, { candidates });
};

/** The tRPC routes, or undefined when the request is not one of them. */
export function labsTrpcRoute(context: RouteContext): RouteHandler | undefined {
  const { pathname } = context.url;
  if (pathname === '/fx/api/trpc/media.fetchMedia' && context.method === 'GET') return fetchMedia;
  if (pathname === '/fx/api/trpc/backbone.captionImage' && context.method === 'POST') return captionImage;
  return undefined;
}
