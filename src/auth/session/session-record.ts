/**
 * The signed-in session as the app keeps it: who the account is, the labs.google cookies that make the
 * session, and the access token derived from them — or, for an account Google moved to Flow, only the fact
 * that its Google account cookies (kept in the partition jar) open flow.google.com. Everything here except
 * `account` and `via` is secret.
 */

/** A cookie as a structured record, so it can be re-sent exactly and its expiry reasoned about. */
export interface SessionCookie {
  readonly name: string;
  readonly value: string;
  readonly domain: string;
  readonly path: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: 'lax' | 'strict' | 'none' | 'unspecified';
  /** Expiry as epoch milliseconds; `null` for a session cookie. */
  readonly expiresAt: number | null;
}

/** Non-secret facts about the account, safe to show and to keep in plain settings. */
export interface AccountProfile {
  readonly email: string;
  readonly name: string;
  readonly avatarUrl: string;
}

/**
 * What proves a session: `labs` — labs.google's next-auth cookies and the access token they give (classic
 * ImageFX); `flow` — Google's account cookies alone, which flow.google.com accepts (there is no token: for
 * accounts Google moved to Flow it "stopped being minted", FLOW-NOTES §7).
 */
export type SessionVia = 'labs' | 'flow';

export interface SessionRecord {
  /** Absent in records written before Flow: `labs`. */
  readonly via?: SessionVia;
  readonly account: AccountProfile;
  readonly cookies: readonly SessionCookie[];
  /** Bearer token for aisandbox-pa.googleapis.com; `null` after revocation, until the next sign-in, and always for `flow`. */
  readonly accessToken: string | null;
  /** When the access token stops working, epoch milliseconds; `null` when there is no token. */
  readonly accessTokenExpiresAt: number | null;
  readonly createdAt: number;
  readonly lastRefreshedAt: number;
}

/** The labs.google session cookie; next-auth splits values over 4 KB into `.0`, `.1`, … chunks. */
export const SESSION_COOKIE_NAME = '__Secure-next-auth.session-token';
export const CSRF_COOKIE_NAME = '__Host-next-auth.csrf-token';

const SESSION_CHUNK = /^__Secure-next-auth\.session-token\.(\d+)$/;

/** True for the session cookie itself or one of its chunks. */
export function isSessionCookieName(name: string): boolean {
  return name === SESSION_COOKIE_NAME || SESSION_CHUNK.test(name);
}

/** True when the cookies hold a labs.google session (whole, or chunks starting at `.0`). */
export function hasSessionCookie(cookies: readonly Pick<SessionCookie, 'name'>[]): boolean {
  return cookies.some((cookie) => cookie.name === SESSION_COOKIE_NAME || cookie.name === `${SESSION_COOKIE_NAME}.0`);
}

/**
 * The `Cookie` header the library and the session endpoint need, derived from the records: chunks in
 * numeric order (next-auth reassembles them by index), then the other cookies in their stored order.
 */
export function cookieHeader(cookies: readonly Pick<SessionCookie, 'name' | 'value'>[]): string {
  const chunkIndex = (name: string): number => Number(SESSION_CHUNK.exec(name)?.[1] ?? -1);
  const chunks = cookies.filter((cookie) => chunkIndex(cookie.name) >= 0).sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name));
  const others = cookies.filter((cookie) => chunkIndex(cookie.name) < 0);
  return [...chunks, ...others].map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/** Replaces cookies by name (and drops stale chunks when the session cookie is re-issued). */
export function mergeCookies(current: readonly SessionCookie[], updates: readonly SessionCookie[]): SessionCookie[] {
  if (updates.length === 0) return [...current];
  const sessionReissued = updates.some((cookie) => isSessionCookieName(cookie.name));
  const updatedNames = new Set(updates.map((cookie) => cookie.name));
  const kept = current.filter(
    (cookie) => !updatedNames.has(cookie.name) && !(sessionReissued && isSessionCookieName(cookie.name)),
  );
  return [...kept, ...updates];
}
