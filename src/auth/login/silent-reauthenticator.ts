/**
 * Silent re-sign-in: when labs.google says the access token can no longer be renewed
 * (`ACCESS_TOKEN_REFRESH_NEEDED`) or the labs session is gone, a hidden surface on the account's own
 * partition loads the sign-in URL. If Google's account cookies there are still good, Google redirects
 * straight back with a fresh labs.google session, which is harvested with no user action. If Google shows
 * a page instead (the sign-in form, an account chooser), only the user can continue: the answer is `null`
 * and SecureSessionManager turns that into `reauth-required`.
 *
 * Never visible, bounded by one deadline, one attempt per call (SecureSessionManager calls it once per
 * failed refresh and stops after a `null`), and concurrent calls for an account share one attempt.
 */
import type { Clock } from '../../core/index.ts';
import { LABS_SIGN_IN_URL, type LoginPolicy } from './login-policy.ts';
import type { LoginNavigation, LoginSurfaceProvider } from './login-surface.ts';
import { LABS_ORIGIN, type SessionClient, type SessionCookie, type SilentReauthenticator } from '../session/index.ts';
import { SessionHarvest, harvestableCookies } from './session-harvester.ts';

export const DEFAULT_SILENT_SIGN_IN_TIMEOUT_MS = 45_000;

const GOOGLE_ACCOUNTS_ORIGIN = 'https://accounts.google.com';

/**
 * True when a hidden sign-in has reached a page that waits for a person. Google's pass-through hops
 * (`/o/oauth2/v2/auth`, `CheckCookie`) are redirects and never commit, so any page that commits on
 * accounts.google.com is a form, a chooser or a challenge; labs.google's auth error page ends it too.
 */
export function needsUser(navigation: LoginNavigation): boolean {
  if (navigation.sameDocument) return false;
  let url: URL;
  try {
    url = new URL(navigation.url);
  } catch {
    return false;
  }
  if (url.origin === GOOGLE_ACCOUNTS_ORIGIN) return true;
  return url.origin === LABS_ORIGIN && url.pathname.startsWith('/fx/api/auth/error');
}

export interface HiddenSurfaceReauthenticatorOptions {
  readonly surfaces: LoginSurfaceProvider;
  readonly client: SessionClient;
  readonly clock: Clock;
  readonly policy: () => LoginPolicy;
  readonly signInUrl?: string;
  readonly timeoutMs?: number;
}

export class HiddenSurfaceReauthenticator implements SilentReauthenticator {
  readonly #options: HiddenSurfaceReauthenticatorOptions;
  readonly #inFlight = new Map<string, Promise<readonly SessionCookie[] | null>>();

  constructor(options: HiddenSurfaceReauthenticatorOptions) {
    this.#options = options;
  }

  reauthenticate(accountId: string): Promise<readonly SessionCookie[] | null> {
    let attempt = this.#inFlight.get(accountId);
    if (!attempt) {
      attempt = this.#attempt(accountId).finally(() => this.#inFlight.delete(accountId));
      this.#inFlight.set(accountId, attempt);
    }
    return attempt;
  }

  async #attempt(accountId: string): Promise<readonly SessionCookie[] | null> {
    const options = this.#options;
    const surface = await options.surfaces.create({ accountId, visible: false, policy: options.policy() });
    try {
      // Whatever labs.google session the partition holds now is the one that stopped working.
      const stale = harvestableCookies(await surface.readCookies(LABS_ORIGIN));
      const harvest = new SessionHarvest({
        surface,
        client: options.client,
        clock: options.clock,
        timeoutMs: options.timeoutMs ?? DEFAULT_SILENT_SIGN_IN_TIMEOUT_MS,
        restartTimeoutOnNavigation: false,
        ignore: stale,
        needsUser,
      });
      surface.open(options.signInUrl ?? LABS_SIGN_IN_URL).catch(() => harvest.stop());
      const result = await harvest.result;
      return result.kind === 'harvested' ? result.cookies : null;
    } finally {
      surface.close();
    }
  }
}
