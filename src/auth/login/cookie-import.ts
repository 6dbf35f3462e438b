/**
 * The last-resort sign-in: a `Cookie` header the user copied from a browser where labs.google is signed in.
 * Only the labs.google session cookie (or its chunks) and the CSRF cookie are kept — anything else in the
 * header (analytics, Google account cookies) is dropped unread — and the result is confirmed by the session
 * endpoint before anything is stored, as that call left it (with any cookie it re-issued). Error messages
 * never quote the header.
 */
import { AppError } from '../../shared/app-error.ts';
import { LoginRejectedError } from './login-errors.ts';
import { hasSessionCookie, mergeCookies, SESSION_COOKIE_NAME, type SessionClient, type SessionCookie } from '../session/index.ts';
import { MAX_COOKIE_HEADER_LENGTH } from '../../shared/auth-options.ts';
import { harvestableCookies, type HarvestedSession } from './session-harvester.ts';

/** Headers longer than this are refused unparsed (a real one is a few KB, a chunked session under 20 KB). */

/** Whitespace and control characters never belong in a cookie name or value (RFC 6265 §4.1.1). */
function hasForbiddenCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Parses a `Cookie` header (with or without the `Cookie:` prefix, as copied from devtools) into labs.google
 * cookie records, keeping only the session and CSRF cookies. A later duplicate replaces an earlier one.
 */
export function parseCookieHeader(header: string): SessionCookie[] {
  const text = header.trim().replace(/^cookie\s*:/i, '');
  const byName = new Map<string, SessionCookie>();
  for (const pair of text.split(';')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim().replace(/^"(.*)"$/, '$1');
    if (!name || !value || hasForbiddenCharacter(name + value)) continue;
    byName.set(name, {
      name,
      value,
      domain: 'labs.google',
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      expiresAt: null,
    });
  }
  return harvestableCookies([...byName.values()]);
}

/**
 * Parses and validates a pasted header. Resolves with the confirmed session; rejects with
 * `LoginRejectedError` (not a signed-in labs.google session) or `AppError('NETWORK')` (could not ask).
 */
export async function validateCookieHeader(header: string, client: SessionClient): Promise<HarvestedSession> {
  if (typeof header !== 'string' || header.length > MAX_COOKIE_HEADER_LENGTH) {
    throw new LoginRejectedError('That does not look like a Cookie header copied from labs.google. Nothing was stored.');
  }
  const cookies = parseCookieHeader(header);
  if (!hasSessionCookie(cookies)) {
    throw new LoginRejectedError(
      `The pasted cookies hold no labs.google session cookie (${SESSION_COOKIE_NAME}). Copy the Cookie header of a request to labs.google while signed in. Nothing was stored.`,
    );
  }
  const outcome = await client.fetchSession(cookies);
  switch (outcome.class) {
    case 'ok':
      // The check may rotate the cookie (the pasted value then dies after a grace period): keep the new one.
      return { account: outcome.account, cookies: mergeCookies(cookies, outcome.setCookies), accessToken: outcome.accessToken, expiresAt: outcome.expiresAt };
    case 'revoked':
      throw new LoginRejectedError(
        'labs.google says these cookies are not signed in (signed out, expired or revoked). Sign in to labs.google in your browser and copy the header again. Nothing was stored.',
      );
    case 'refresh-needed':
      throw new LoginRejectedError(
        "labs.google recognised the session but its Google access has lapsed, and a pasted cookie cannot renew it. Reload labs.google in your browser and copy the header again. Nothing was stored.",
      );
    case 'transient':
      throw new AppError('NETWORK', `Could not reach labs.google to check the cookies (${outcome.detail}). Nothing was stored; try again.`);
  }
}
