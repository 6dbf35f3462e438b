/**
 * Parses `Set-Cookie` headers into structured cookie records, so a session cookie that next-auth re-issues
 * on a session call is captured exactly (domain, path, flags, expiry) rather than as an opaque string.
 */
import type { SessionCookie } from './session-record.ts';

/**
 * Parses one `Set-Cookie` header value received from `requestHost`. Returns `null` for a header that is
 * malformed or names a domain the response host may not set (RFC 6265 §5.3 step 6).
 */
export function parseSetCookie(header: string, requestHost: string, now: number): SessionCookie | null {
  const [pair = '', ...attributes] = header.split(';');
  const separator = pair.indexOf('=');
  if (separator <= 0) return null;
  const name = pair.slice(0, separator).trim();
  const value = pair.slice(separator + 1).trim();
  if (!name) return null;

  let domain = requestHost;
  let path = '/';
  let secure = false;
  let httpOnly = false;
  let sameSite: SessionCookie['sameSite'] = 'unspecified';
  let expiresAt: number | null = null;
  let maxAgeSeen = false;

  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const attributeValue = rest.join('=').trim();
    switch (key) {
      case 'domain': {
        const candidate = attributeValue.replace(/^\./, '').toLowerCase();
        if (candidate !== requestHost && !requestHost.endsWith(`.${candidate}`)) return null;
        domain = `.${candidate}`;
        break;
      }
      case 'path':
        if (attributeValue.startsWith('/')) path = attributeValue;
        break;
      case 'secure':
        secure = true;
        break;
      case 'httponly':
        httpOnly = true;
        break;
      case 'samesite': {
        const lowered = attributeValue.toLowerCase();
        if (lowered === 'lax' || lowered === 'strict' || lowered === 'none') sameSite = lowered;
        break;
      }
      case 'max-age': {
        const seconds = Number(attributeValue);
        if (Number.isFinite(seconds)) {
          expiresAt = now + seconds * 1000;
          maxAgeSeen = true;
        }
        break;
      }
      case 'expires': {
        const time = Date.parse(attributeValue);
        if (!maxAgeSeen && Number.isFinite(time)) expiresAt = time;
        break;
      }
      default:
        break;
    }
  }
  return { name, value, domain, path, secure, httpOnly, sameSite, expiresAt };
}

/** True when the cookie is a deletion (expired, or emptied): next-auth clears chunks this way. */
export function isCookieDeletion(cookie: SessionCookie, now: number): boolean {
  return cookie.value === '' || (cookie.expiresAt !== null && cookie.expiresAt <= now);
}
