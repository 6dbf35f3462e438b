/**
 * flow-content.google: `GET /image/<mediaId>?Expires=…&KeyName=labs-flow-prod-cdn-key&Signature=…` answers the
 * image bytes. No cookies needed (GF-spike0905); a bad or missing signature, or a lapsed `Expires`, is 403 as
 * Cloud CDN answers it. The URL alone grants access, so ownership is not checked.
 */
import type { RouteHandler } from '../emulator-state.ts';
import { flowMediaBytes } from '../flow-media-bytes.ts';
import { sendNotFound } from '../http-kit.ts';

function forbidden(res: Parameters<RouteHandler>[0]['res']): void {
  const body = '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Error: Forbidden</h1></body></html>';
  res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'private' });
  res.end(body);
}

/** Dispatches a flow-content.google request. */
export const handleFlowContentRequest: RouteHandler = async (context) => {
  if (context.method !== 'GET' || !context.url.pathname.startsWith('/image/')) return sendNotFound(context.res);
  const verdict = context.state.flowUrls.verify(context.url);
  if ('problem' in verdict) return forbidden(context.res);
  const media = context.state.flow.media.get(verdict.mediaId);
  if (!media) return sendNotFound(context.res);
  const bytes = await flowMediaBytes(media);
  context.res.writeHead(200, {
    'content-type': media.mimeType,
    'content-length': bytes.length,
    'cache-control': 'private, max-age=3600',
    // The editor shows these in <img> on flow.google.com; a fetch from the page may read them too.
    'access-control-allow-origin': '*',
  });
  context.res.end(bytes);
};
