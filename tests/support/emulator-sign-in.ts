/**
 * Signs the emulator's default account in as the app does after a harvest: the emulator issues a
 * labs.google session cookie (as the login window would collect it), the session client validates it at
 * /fx/api/auth/session, and the session manager stores it. Shared by the image-service tests and the bench.
 */
import type { SecureSessionManager } from '../../src/auth/session/secure-session-manager.ts';
import type { SessionClient } from '../../src/auth/session/session-client.ts';
import { SESSION_COOKIE_NAME, type SessionCookie } from '../../src/auth/session/session-record.ts';
import type { Clock } from '../../src/core/clock.ts';
import { DEFAULT_ACCOUNT, type Emulator, type IssuedSession } from './emulator/index.ts';

export interface EmulatorSignInDeps {
  readonly emu: Emulator;
  readonly client: SessionClient;
  readonly manager: SecureSessionManager;
  readonly clock: Pick<Clock, 'now'>;
  readonly accountId: string;
}

/** Returns what the emulator issued (so tests can check those secrets never leak). */
export async function signInOnEmulator(deps: EmulatorSignInDeps): Promise<{ issued: IssuedSession; accessToken: string }> {
  const issued = deps.emu.control.createSession(DEFAULT_ACCOUNT.email);
  const cookie: SessionCookie = {
    name: SESSION_COOKIE_NAME,
    value: issued.sessionToken,
    domain: 'labs.google',
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    expiresAt: null,
  };
  const outcome = await deps.client.fetchSession([cookie]);
  if (outcome.class !== 'ok') throw new Error(`emulator sign-in failed: ${outcome.class}`);
  const now = deps.clock.now();
  await deps.manager.storeSession(deps.accountId, {
    account: outcome.account,
    cookies: [cookie],
    accessToken: outcome.accessToken,
    accessTokenExpiresAt: outcome.expiresAt,
    createdAt: now,
    lastRefreshedAt: now,
  });
  return { issued, accessToken: outcome.accessToken };
}
