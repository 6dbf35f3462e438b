/**
 * The {@link PartitionCookies} port on the Chromium stand-in: an account's partition is its Playwright
 * browser context (in memory, like the app's partitions), read with `context.cookies()`, restored with
 * `context.addCookies()`; changes are reported from the `Set-Cookie` headers of responses on the jar's
 * Google hosts (neither Playwright nor DevTools has a cookie-change event; no polling).
 */
import type { BrowserContext, Response } from 'playwright-core';
import { isJarCookieDomain, type PartitionCookies } from '../../src/auth/login/partition-cookie-jar.ts';
import type { SessionCookie } from '../../src/auth/session/session-record.ts';

type PlaywrightCookie = Awaited<ReturnType<BrowserContext['cookies']>>[number];
type NewCookie = Parameters<BrowserContext['addCookies']>[0][number];

const SAME_SITE: Readonly<Record<SessionCookie['sameSite'], NewCookie['sameSite']>> = { lax: 'Lax', strict: 'Strict', none: 'None', unspecified: 'Lax' };

/** A Playwright cookie as the session record keeps it. */
export function toSessionCookie(cookie: PlaywrightCookie): SessionCookie {
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite.toLowerCase() as SessionCookie['sameSite'],
    expiresAt: cookie.expires < 0 ? null : Math.round(cookie.expires * 1000),
  };
}

function toNewCookie(cookie: SessionCookie): NewCookie {
  const base = { name: cookie.name, value: cookie.value, secure: cookie.secure, httpOnly: cookie.httpOnly, sameSite: SAME_SITE[cookie.sameSite], expires: cookie.expiresAt === null ? -1 : cookie.expiresAt / 1000 };
  // A host-only cookie is set by URL; a domain cookie by its dotted domain.
  return cookie.domain.startsWith('.') ? { ...base, domain: cookie.domain, path: cookie.path } : { ...base, url: `https://${cookie.domain}${cookie.path}` };
}

/**
 * True when a response from a jar host sets a cookie. (`response.headers()` leaves cookie headers out, so
 * the full set is asked for.)
 */
async function setsJarCookie(response: Response): Promise<boolean> {
  try {
    return isJarCookieDomain(new URL(response.url()).hostname) && (await response.headerValue('set-cookie')) !== null;
  } catch {
    return false;
  }
}

export class ChromiumPartitionCookies implements PartitionCookies {
  readonly #contextFor: (accountId: string) => Promise<BrowserContext>;

  constructor(contextFor: (accountId: string) => Promise<BrowserContext>) {
    this.#contextFor = contextFor;
  }

  async read(accountId: string): Promise<SessionCookie[]> {
    const context = await this.#contextFor(accountId);
    return (await context.cookies()).filter((cookie) => isJarCookieDomain(cookie.domain)).map(toSessionCookie);
  }

  async write(accountId: string, cookies: readonly SessionCookie[]): Promise<void> {
    const context = await this.#contextFor(accountId);
    if (cookies.length > 0) await context.addCookies(cookies.map(toNewCookie));
  }

  onDidChange(accountId: string, listener: () => void): () => void {
    let stopped = false;
    let detach = (): void => undefined;
    void this.#contextFor(accountId).then((context) => {
      if (stopped) return;
      const onResponse = (response: Response): void => {
        void setsJarCookie(response).then((sets) => {
          if (sets && !stopped) listener();
        });
      };
      context.on('response', onResponse);
      detach = () => context.off('response', onResponse);
    });
    return () => {
      stopped = true;
      detach();
    };
  }
}
