/**
 * Response headers for the app's own pages on `app://imagefx` (Electron security checklist item 7).
 * index.html also carries a `<meta>` policy; Chromium enforces both, so this header may only repeat or
 * tighten what the page asks for (tests/security/content-security-policy.test.ts checks that it never
 * blocks anything the page's own policy allows). The header adds what a `<meta>` cannot do:
 * `frame-ancestors` (ignored in `<meta>`) keeps Google's pages in the sign-in window from framing the app.
 */
import { GALLERY_SCHEME } from '../../shared/gallery-urls.ts';

/** The Content-Security-Policy header value for every `app://imagefx` response. */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' ${GALLERY_SCHEME}: data:`,
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers for one `app://imagefx` response of `contentType`: the policy above, no MIME sniffing (a file
 * is only ever what its extension says), no referrer, and its own browsing-context group.
 */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': APP_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}
