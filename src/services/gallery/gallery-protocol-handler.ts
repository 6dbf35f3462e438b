/**
 * Serves `imagefx-gallery://image/<id>` (the PNG or JPEG) and `imagefx-gallery://thumb/<id>` (a WebP
 * thumbnail, or the image itself while the thumbnail is being made). A pure function of the request: the
 * Electron adapter only hands it to `protocol.handle`. The content type comes from the bytes served (their
 * magic numbers), never from a name, and with `nosniff` the renderer takes it as given.
 *
 * Pictures are addressed by id, never by path. The raw path must be exactly `/` + a well-formed id: nothing
 * is percent-decoded, so `..`, encoded or double-encoded separators and absolute paths cannot even be
 * expressed, and the files behind an id are read without following links (see `GalleryFiles`).
 */
import { GALLERY_SCHEME } from '../../shared/gallery-urls.ts';
import { GALLERY_ID_PATTERN } from './gallery-id.ts';
import { IMAGE_FORMATS, isWebp, sniffImageFormat } from './image-format.ts';
import { THUMBNAIL_CONTENT_TYPE } from './thumbnail-maker.ts';

/** Where the handler gets bytes from (the `Gallery`). `null` means "no such picture". */
export interface GalleryAssetSource {
  readImage(id: string): Promise<Uint8Array | null>;
  /** The WebP thumbnail, or the image itself while there is none yet. */
  readThumbnail(id: string): Promise<Uint8Array | null>;
}

/** The parts of a fetch `Request` the handler looks at (Electron adds `initiatorOrigin`). */
export interface GalleryProtocolRequest {
  readonly url: string;
  readonly method?: string;
  readonly initiatorOrigin?: string | null;
}

export interface GalleryProtocolOptions {
  /**
   * Origins allowed to load gallery pictures (e.g. `app://imagefx`). A request from web content whose
   * `initiatorOrigin` is not listed (including `null`, an opaque origin) gets 403; requests the browser
   * started itself carry no initiator and pass. Unset: any initiator (the scheme only exists on the app's
   * session anyway).
   */
  readonly allowedInitiatorOrigins?: readonly string[];
}

export type GalleryProtocolHandler = (request: GalleryProtocolRequest) => Promise<Response>;

const ROUTES = {
  image: (source: GalleryAssetSource, id: string) => source.readImage(id),
  thumb: (source: GalleryAssetSource, id: string) => source.readThumbnail(id),
} as const;

const ID_PATH = new RegExp(`^/(${GALLERY_ID_PATTERN.source.slice(1, -1)})$`);

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Opened as a page, a picture still runs nothing and loads nothing.
  'content-security-policy': "default-src 'none'; sandbox",
} as const;

/** A handler for `protocol.handle(GALLERY_SCHEME, …)`. */
export function createGalleryProtocolHandler(source: GalleryAssetSource, options: GalleryProtocolOptions = {}): GalleryProtocolHandler {
  const allowedOrigins = options.allowedInitiatorOrigins ? new Set(options.allowedInitiatorOrigins) : null;
  return async (request) => {
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method not allowed', { allow: 'GET, HEAD' });
    const initiator = request.initiatorOrigin;
    if (allowedOrigins && initiator !== undefined && (initiator === null || !allowedOrigins.has(initiator))) {
      return plain(403, 'Forbidden');
    }
    const target = parseTarget(request.url);
    if (target === 'bad-request') return plain(400, 'Bad request');
    if (target === 'not-found') return plain(404, 'Not found');
    let bytes: Uint8Array | null;
    try {
      bytes = await ROUTES[target.kind](source, target.id);
    } catch {
      return plain(500, 'Internal error');
    }
    if (!bytes) return plain(404, 'Not found');
    const format = sniffImageFormat(bytes);
    const contentType = isWebp(bytes) ? THUMBNAIL_CONTENT_TYPE : format ? IMAGE_FORMATS[format].contentType : null;
    // Only pictures leave here: a file that is none of these is not served, whatever it is called.
    if (!contentType) return plain(500, 'Internal error');
    // A thumbnail stand-in must not be kept in place of the thumbnail that will exist shortly.
    const standIn = target.kind === 'thumb' && contentType !== THUMBNAIL_CONTENT_TYPE;
    const headers = {
      ...COMMON_HEADERS,
      'content-type': contentType,
      'content-length': String(bytes.byteLength),
      // Ids are never reused and a picture's pixels never change, so the renderer may keep it a while.
      'cache-control': standIn ? 'no-store' : 'private, max-age=86400',
    };
    return new Response(method === 'HEAD' ? null : (bytes as Uint8Array<ArrayBuffer>), { status: 200, headers });
  };
}

type Target = { kind: keyof typeof ROUTES; id: string } | 'bad-request' | 'not-found';

function parseTarget(rawUrl: string): Target {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'bad-request';
  }
  if (url.protocol !== `${GALLERY_SCHEME}:` || url.username || url.password || url.port) return 'bad-request';
  const host = url.hostname.toLowerCase();
  if (host !== 'image' && host !== 'thumb') return 'not-found';
  const match = ID_PATH.exec(url.pathname);
  if (!match) return 'bad-request';
  return { kind: host, id: match[1]! };
}

function plain(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra },
  });
}
