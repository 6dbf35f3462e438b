/**
 * {@link PartitionCookies} over Electron's `session.cookies` for an account's in-memory sign-in partition:
 * reads and restores the cookies of the Google hosts the account's jar keeps, and reports their changes
 * (the `changed` event — no polling). Thin on purpose: what to keep and when is PartitionCookieJar's.
 */
import type { Cookie, CookiesSetDetails, Session } from 'electron';
import { isJarCookieDomain, loginPartition, type PartitionCookies } from '../../auth/login/index.ts';
import type { SessionCookie } from '../../auth/session/index.ts';
import { toSessionCookie } from './electron-login-surface.ts';

/** The `session` module's one method used here (the app passes Electron's; tests the shim's). */
export interface PartitionSessions {
  fromPartition(partition: string): Pick<Session, 'cookies'>;
}

const SAME_SITE: Readonly<Record<SessionCookie['sameSite'], CookiesSetDetails['sameSite']>> = {
  lax: 'lax',
  strict: 'strict',
  none: 'no_restriction',
  unspecified: 'unspecified',
};

/** Electron's `cookies.set` details for a stored cookie: a leading dot makes a domain cookie, else host-only. */
export function toCookieDetails(cookie: SessionCookie): CookiesSetDetails {
  const domainCookie = cookie.domain.startsWith('.');
  const host = cookie.domain.replace(/^\./, '');
  return {
    url: `https://${host}${cookie.path.startsWith('/') ? cookie.path : '/'}`,
    name: cookie.name,
    value: cookie.value,
    ...(domainCookie ? { domain: cookie.domain } : {}),
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: SAME_SITE[cookie.sameSite],
    ...(cookie.expiresAt === null ? {} : { expirationDate: cookie.expiresAt / 1000 }),
  };
}

export class ElectronPartitionCookies implements PartitionCookies {
  readonly #sessions: PartitionSessions;

  constructor(sessions: PartitionSessions) {
    this.#sessions = sessions;
  }

  async read(accountId: string): Promise<SessionCookie[]> {
    const cookies = await this.#cookies(accountId).get({});
    return cookies.filter((cookie) => isJarCookieDomain(cookie.domain ?? '')).map(toSessionCookie);
  }

  async write(accountId: string, cookies: readonly SessionCookie[]): Promise<void> {
    const jar = this.#cookies(accountId);
    for (const cookie of cookies) {
      try {
        await jar.set(toCookieDetails(cookie));
      } catch {
        // One cookie Chromium refuses (a changed prefix rule, say) must not keep the others out.
      }
    }
  }

  onDidChange(accountId: string, listener: () => void): () => void {
    const jar = this.#cookies(accountId);
    const onChanged = (_event: unknown, cookie: Cookie): void => {
      if (isJarCookieDomain(cookie.domain ?? '')) listener();
    };
    jar.on('changed', onChanged);
    return () => jar.off('changed', onChanged);
  }

  #cookies(accountId: string): Session['cookies'] {
    return this.#sessions.fromPartition(loginPartition(accountId)).cookies;
  }
}
