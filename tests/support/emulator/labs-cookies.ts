/**
 * labs.google's next-auth cookies: the session token (split into `.0`, `.1`, … chunks when too big for one
 * cookie, exactly as next-auth does) and the CSRF token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { serializeSetCookie } from './http-kit.ts';

/** next-auth's session cookie name on HTTPS. */
export const SESSION_COOKIE = '__Secure-next-auth.session-token';
/** next-auth's CSRF cookie name on HTTPS. */
export const CSRF_COOKIE = '__Host-next-auth.csrf-token';

/** next-auth's chunk size: 4096 bytes per cookie minus its estimate (163) for name and attributes. */
export const SESSION_CHUNK_SIZE = 4096 - 163;
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

const sessionAttributes = { path: '/', httpOnly: true, secure: true, sameSite: 'Lax' } as const;

function chunkIndex(name: string): number | undefined {
  if (!name.startsWith(`${SESSION_COOKIE}.`)) return undefined;
  const suffix = name.slice(SESSION_COOKIE.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : undefined;
}

/** The session token from request cookies, reassembled from chunks in index order when chunked. */
export function readSessionToken(cookies: ReadonlyMap<string, string>): string | undefined {
  const chunks: [number, string][] = [];
  for (const [name, value] of cookies) {
    const index = chunkIndex(name);
    if (index !== undefined) chunks.push([index, value]);
  }
  if (chunks.length > 0) return chunks.sort((a, b) => a[0] - b[0]).map(([, value]) => value).join('');
  return cookies.get(SESSION_COOKIE);
}

/**
 * Set-Cookie values that store `token`, chunked when over {@link SESSION_CHUNK_SIZE}, and expire whatever
 * the request carried that the new layout no longer uses (the whole cookie, or surplus chunks).
 */
export function sessionCookieHeaders(token: string, requestCookies: ReadonlyMap<string, string>): string[] {
  const headers: string[] = [];
  const written = new Set<string>();
  if (token.length <= SESSION_CHUNK_SIZE) {
    headers.push(serializeSetCookie(SESSION_COOKIE, token, { ...sessionAttributes, maxAgeSeconds: SESSION_MAX_AGE_SECONDS }));
    written.add(SESSION_COOKIE);
  } else {
    for (let index = 0; index * SESSION_CHUNK_SIZE < token.length; index++) {
      const name = `${SESSION_COOKIE}.${index}`;
      const chunk = token.slice(index * SESSION_CHUNK_SIZE, (index + 1) * SESSION_CHUNK_SIZE);
      headers.push(serializeSetCookie(name, chunk, { ...sessionAttributes, maxAgeSeconds: SESSION_MAX_AGE_SECONDS }));
      written.add(name);
    }
  }
  for (const name of requestCookies.keys()) {
    const stale = name === SESSION_COOKIE || chunkIndex(name) !== undefined;
    if (stale && !written.has(name)) headers.push(serializeSetCookie(name, '', { ...sessionAttributes, maxAgeSeconds: 0 }));
  }
  return headers;
}

/** Set-Cookie values removing every session cookie (and chunk) the request carried. */
export function clearSessionCookieHeaders(requestCookies: ReadonlyMap<string, string>): string[] {
  return [...requestCookies.keys()]
    .filter((name) => name === SESSION_COOKIE || chunkIndex(name) !== undefined)
    .map((name) => serializeSetCookie(name, '', { ...sessionAttributes, maxAgeSeconds: 0 }));
}

/** A CSRF cookie as next-auth writes it: `token|sha256(token + secret)`, URL-encoded. */
export function csrfCookieHeader(): { token: string; header: string } {
  const token = randomBytes(32).toString('hex');
  const hash = createHash('sha256').update(`${token}emulator-secret`).digest('hex');
  return {
    token,
    header: serializeSetCookie(CSRF_COOKIE, encodeURIComponent(`${token}|${hash}`), { path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }),
  };
}
