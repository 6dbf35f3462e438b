/**
 * The session JSON the old recipe stored, read liberally and mapped to a {@link SessionRecord}. Shapes seen
 * or plausible from that recipe:
 *
 * ```
 * { cookies: "name=value; name2=value2" | Array<"name=value" | Electron.Cookie-like>,   // also `cookie`
 *   token?: string,                // also `access_token`, `accessToken`
 *   expires?: string | number,     // ISO date, epoch ms or epoch seconds; when the token lapses
 *   user?: { name?, email?, image? } }
 * ```
 *
 * A cookie without a domain is a labs.google cookie (the only site the old app signed in to); attributes the
 * old data did not keep get next-auth's defaults (Secure, HttpOnly, SameSite=Lax, path /).
 */
import type { AccountProfile, SessionCookie, SessionRecord } from '../session/index.ts';

const LABS_HOST = 'labs.google';
/** Epoch values below this are seconds, not milliseconds (1e11 ms is 1973; 1e11 s is year 5138). */
const SECONDS_THRESHOLD = 1e11;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function epochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < SECONDS_THRESHOLD ? value * 1000 : value;
  if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value);
    if (Number.isFinite(numeric)) return epochMs(numeric);
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function cookie(name: string, value: string, extra: Partial<SessionCookie> = {}): SessionCookie {
  return { name, value, domain: LABS_HOST, path: '/', secure: true, httpOnly: true, sameSite: 'lax', expiresAt: null, ...extra };
}

function fromPair(pair: string): SessionCookie | null {
  const separator = pair.indexOf('=');
  if (separator <= 0) return null;
  const name = pair.slice(0, separator).trim();
  return name ? cookie(name, pair.slice(separator + 1).trim()) : null;
}

function sameSite(value: unknown): SessionCookie['sameSite'] {
  if (value === 'strict' || value === 'lax' || value === 'none') return value;
  return value === 'no_restriction' ? 'none' : 'lax';
}

function fromObject(item: Record<string, unknown>): SessionCookie | null {
  const name = text(item.name);
  if (!name || typeof item.value !== 'string') return null;
  const domain = text(item.domain)?.replace(/^\./, '');
  return cookie(name, item.value, {
    domain: domain ?? LABS_HOST,
    path: text(item.path) ?? '/',
    secure: typeof item.secure === 'boolean' ? item.secure : true,
    httpOnly: typeof item.httpOnly === 'boolean' ? item.httpOnly : true,
    sameSite: sameSite(item.sameSite),
    // Electron's `expirationDate` is in seconds; other shapes used `expires`/`expiresAt`.
    expiresAt: epochMs(item.expirationDate ?? item.expiresAt ?? item.expires),
  });
}

function readCookies(value: unknown): SessionCookie[] {
  if (typeof value === 'string') return value.split(';').map(fromPair).filter((c): c is SessionCookie => c !== null);
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (typeof item === 'string' ? fromPair(item) : isObject(item) ? fromObject(item) : null))
    .filter((c): c is SessionCookie => c !== null);
}

function readAccount(user: unknown): AccountProfile {
  const source = isObject(user) ? user : {};
  return { email: text(source.email) ?? '', name: text(source.name) ?? '', avatarUrl: text(source.image) ?? text(source.avatarUrl) ?? '' };
}

/** Maps the old session JSON to a record stamped `now`; `null` when it holds no cookie at all. */
export function legacySessionToRecord(value: unknown, now: number): SessionRecord | null {
  if (!isObject(value)) return null;
  const cookies = readCookies(value.cookies ?? value.cookie ?? value.cookieHeader);
  if (cookies.length === 0) return null;
  const accessToken = text(value.token) ?? text(value.access_token) ?? text(value.accessToken);
  return {
    account: readAccount(value.user),
    cookies,
    accessToken,
    accessTokenExpiresAt: accessToken ? epochMs(value.expires ?? value.expiresAt) : null,
    createdAt: now,
    lastRefreshedAt: now,
  };
}
