/**
 * `session.cookies` as a real in-memory cookie jar. Its rules follow Electron's `electron_api_cookies.cc`
 * and Chromium's `CanonicalCookie`: `set` validates like Chromium (same rejection messages), `get({url})`
 * returns what would be sent to that URL (domain, path and Secure matching), the other filters match as
 * Electron's `MatchesCookie` does, and every change emits `changed` with Electron's causes.
 */
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import { createPreventableEvent } from './preventable-event.ts';

type ChangeCause = 'inserted' | 'inserted-no-change-overwrite' | 'inserted-no-value-change-overwrite' | 'explicit'
  | 'overwrite' | 'expired' | 'evicted' | 'expired-overwrite';

interface StoredCookie {
  readonly cookie: Electron.Cookie;
  readonly sequence: number;
}

const SAME_SITE_VALUES = ['unspecified', 'no_restriction', 'lax', 'strict'] as const;
const FAILED = 'Failed to set cookie - ';
const INVALID_DOMAIN = `${FAILED}The cookie was set with an invalid Domain attribute.`;

/** Chromium refuses control characters (and `;`, which would end the pair) in a cookie's name or value. */
function hasDisallowedCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || character === ';') return true;
  }
  return false;
}

function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';
}

function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'wss:' || isLocalhost(url.hostname);
}

/** RFC 6265 §5.1.4 default-path: the request path up to, not including, its last `/`. */
function defaultPath(url: URL): string {
  const requestPath = url.pathname;
  if (!requestPath.startsWith('/')) return '/';
  const lastSlash = requestPath.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (cookiePath === requestPath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

function hostMatches(cookie: Electron.Cookie, host: string): boolean {
  const domain = cookie.domain ?? '';
  if (cookie.hostOnly) return host === domain;
  return host === domain.slice(1) || host.endsWith(domain);
}

/** Electron's `MatchesDomain`: the cookie's domain equals the filter or is a subdomain of it. */
function domainFilterMatches(filter: string, cookieDomain: string): boolean {
  const wanted = filter.startsWith('.') ? filter.toLowerCase() : `.${filter.toLowerCase()}`;
  const actual = cookieDomain.startsWith('.') ? cookieDomain : `.${cookieDomain}`;
  return actual === wanted || actual.endsWith(wanted);
}

/** Whether Chromium would send `cookie` with a request to `url`. */
export function cookieMatchesUrl(cookie: Electron.Cookie, url: URL): boolean {
  if (!hostMatches(cookie, url.hostname.toLowerCase())) return false;
  if (!pathMatches(cookie.path ?? '/', url.pathname || '/')) return false;
  return !cookie.secure || isSecureUrl(url);
}

function sameAttributes(a: Electron.Cookie, b: Electron.Cookie): boolean {
  return a.secure === b.secure && a.httpOnly === b.httpOnly && a.sameSite === b.sameSite
    && a.expirationDate === b.expirationDate;
}

/** The fake `Cookies`. `now` is the clock (epoch ms) that decides expiry. */
export class FakeCookies extends EventEmitter implements Pick<Electron.Cookies, 'get' | 'set' | 'remove' | 'flushStore'> {
  readonly #jar: StoredCookie[] = [];
  #sequence = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    super();
    this.#now = now;
  }

  async get(filter: Electron.CookiesGetFilter): Promise<Electron.Cookie[]> {
    await Promise.resolve();
    this.#purgeExpired();
    let url: URL | undefined;
    if (filter.url) {
      try {
        url = new URL(filter.url);
      } catch {
        return [];
      }
    }
    return this.#jar
      .filter(({ cookie }) => !url || cookieMatchesUrl(cookie, url))
      .filter(({ cookie }) => matchesFilter(cookie, filter))
      .sort((a, b) => (b.cookie.path ?? '').length - (a.cookie.path ?? '').length || a.sequence - b.sequence)
      .map(({ cookie }) => ({ ...cookie }));
  }

  async set(details: Electron.CookiesSetDetails): Promise<void> {
    await Promise.resolve();
    const cookie = this.#canonicalize(details);
    const existingIndex = this.#jar.findIndex(
      ({ cookie: c }) => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path,
    );
    const existing = existingIndex >= 0 ? this.#jar[existingIndex] : undefined;
    if (cookie.expirationDate !== undefined && cookie.expirationDate * 1000 <= this.#now()) {
      // An already-expired cookie is how a site deletes one: drop the old, store nothing.
      if (existing) {
        this.#jar.splice(existingIndex, 1);
        this.#emitChange(existing.cookie, 'expired-overwrite');
      }
      return;
    }
    let cause: ChangeCause = 'inserted';
    if (existing) {
      this.#jar.splice(existingIndex, 1);
      if (existing.cookie.value !== cookie.value) this.#emitChange(existing.cookie, 'overwrite');
      else cause = sameAttributes(existing.cookie, cookie) ? 'inserted-no-change-overwrite' : 'inserted-no-value-change-overwrite';
    }
    this.#sequence += 1;
    this.#jar.push({ cookie, sequence: this.#sequence });
    this.#emitChange(cookie, cause);
  }

  async remove(url: string, name: string): Promise<void> {
    await Promise.resolve();
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    for (const stored of [...this.#jar]) {
      if (stored.cookie.name !== name || !cookieMatchesUrl(stored.cookie, parsed)) continue;
      this.#jar.splice(this.#jar.indexOf(stored), 1);
      this.#emitChange(stored.cookie, 'explicit');
    }
  }

  flushStore(): Promise<void> {
    return Promise.resolve();
  }

  /** Empties the jar (as `session.clearStorageData()` does), reporting each removal as `explicit`. */
  clear(): void {
    for (const stored of this.#jar.splice(0)) this.#emitChange(stored.cookie, 'explicit');
  }

  /** Every cookie, expired or not, without emitting anything: for assertions. */
  snapshot(): Electron.Cookie[] {
    return this.#jar.map(({ cookie }) => ({ ...cookie }));
  }

  #purgeExpired(): void {
    for (const stored of [...this.#jar]) {
      const expiry = stored.cookie.expirationDate;
      if (expiry === undefined || expiry * 1000 > this.#now()) continue;
      this.#jar.splice(this.#jar.indexOf(stored), 1);
      this.#emitChange(stored.cookie, 'expired');
    }
  }

  #emitChange(cookie: Electron.Cookie, cause: ChangeCause): void {
    const removed = !cause.startsWith('inserted');
    this.emit('changed', createPreventableEvent(), { ...cookie }, cause, removed);
  }

  #canonicalize(details: Electron.CookiesSetDetails): Electron.Cookie {
    if (typeof details.url !== 'string') throw new Error("Missing required option 'url'");
    const sameSite = details.sameSite ?? 'lax';
    if (!SAME_SITE_VALUES.includes(sameSite)) {
      throw new Error(`Failed to convert '${String(sameSite)}' to an appropriate cookie same site value`);
    }
    let url: URL;
    try {
      url = new URL(details.url);
    } catch {
      throw new Error(INVALID_DOMAIN);
    }
    const host = url.hostname.toLowerCase();
    if (!host) throw new Error(INVALID_DOMAIN);
    const name = details.name ?? '';
    const value = details.value ?? '';
    if (hasDisallowedCharacter(name + value)) throw new Error(`${FAILED}The cookie contains ASCII control characters`);
    if (!name.trim() && !value.trim()) throw new Error(`${FAILED}The cookie contains no content or only whitespace.`);

    let domain = host;
    let hostOnly = true;
    if (details.domain) {
      const wanted = details.domain.toLowerCase().replace(/^\./, '');
      const isIp = /^[\d.]+$/.test(host) || host.startsWith('[');
      if (isIp ? wanted !== host : host !== wanted && !host.endsWith(`.${wanted}`)) throw new Error(INVALID_DOMAIN);
      if (!isIp) {
        domain = `.${wanted}`;
        hostOnly = false;
      }
    }
    const path = details.path?.startsWith('/') ? details.path : defaultPath(url);
    const secure = details.secure ?? sameSite === 'no_restriction';
    if (secure && !isSecureUrl(url)) {
      throw new Error(`${FAILED}The cookie was Secure, but the URL was not allowed to access Secure cookies.`);
    }
    const badPrefix =
      (name.startsWith('__Secure-') && !secure) ||
      (name.startsWith('__Host-') && (!secure || !hostOnly || path !== '/'));
    if (badPrefix) throw new Error(`${FAILED}The cookie was set with an invalid __Host- or __Secure- prefix.`);
    if (sameSite === 'no_restriction' && !secure) {
      throw new Error(`${FAILED}The cookie specified SameSite=None, but it was not Secure.`);
    }
    const cookie: Electron.Cookie = {
      name, value, domain, hostOnly, path, secure, httpOnly: details.httpOnly ?? false,
      session: details.expirationDate === undefined, sameSite,
    };
    if (details.expirationDate !== undefined) cookie.expirationDate = details.expirationDate;
    return cookie;
  }
}

function matchesFilter(cookie: Electron.Cookie, filter: Electron.CookiesGetFilter): boolean {
  if (filter.name !== undefined && filter.name !== cookie.name) return false;
  if (filter.path !== undefined && filter.path !== cookie.path) return false;
  if (filter.domain !== undefined && !domainFilterMatches(filter.domain, cookie.domain ?? '')) return false;
  if (filter.secure !== undefined && filter.secure !== cookie.secure) return false;
  if (filter.session !== undefined && filter.session !== cookie.session) return false;
  if (filter.httpOnly !== undefined && filter.httpOnly !== cookie.httpOnly) return false;
  return true;
}
