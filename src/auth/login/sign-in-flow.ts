/**
 * One interactive sign-in: a visible login surface on a brand-new partition, watched until labs.google
 * confirms a session. The user closing the window is a cancellation; a window where nothing navigates for
 * `idleTimeoutMs` times out. Either way the new partition is wiped and nothing else is touched, so the
 * previous state stays exactly as it was. (One-at-a-time is the caller's job: see PersistentAccountManager.)
 */
import type { Clock } from '../../core/index.ts';
import { LoginCancelledError, LoginTimeoutError } from './login-errors.ts';
import { LABS_SIGN_IN_URL, type LoginPolicy } from './login-policy.ts';
import type { LoginSurface, LoginSurfaceProvider } from './login-surface.ts';
import type { SessionClient } from '../session/index.ts';
import { SessionHarvest, type HarvestedSession } from './session-harvester.ts';

/** Fifteen minutes without a navigation: generous for a second step confirmed on a phone. */
export const DEFAULT_SIGN_IN_IDLE_TIMEOUT_MS = 15 * 60_000;

export interface InteractiveSignInOptions {
  readonly surfaces: LoginSurfaceProvider;
  readonly client: SessionClient;
  readonly clock: Clock;
  readonly policy: () => LoginPolicy;
  readonly newAccountId: () => string;
  readonly signInUrl?: string;
  readonly idleTimeoutMs?: number;
}

/** A signed-in session and the (new) account id whose partition holds its Google cookies. */
export interface SignedInAccount extends HarvestedSession {
  readonly accountId: string;
}

/** A sign-in in progress. */
export interface SignInAttempt {
  /** Resolves with the session, or rejects with `LoginCancelledError` / `LoginTimeoutError`. */
  readonly promise: Promise<SignedInAccount>;
  /** Brings the window to the front. */
  focus(): void;
  /** Closes the window; `promise` rejects with `LoginCancelledError`. */
  cancel(): void;
}

/** Opens the sign-in window and watches it (see the module comment). */
export function beginInteractiveSignIn(options: InteractiveSignInOptions): SignInAttempt {
  const accountId = options.newAccountId();
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_SIGN_IN_IDLE_TIMEOUT_MS;
  let surface: LoginSurface | null = null;
  let harvest: SessionHarvest | null = null;
  let cancelled = false;

  async function run(): Promise<SignedInAccount> {
    let openFailure: unknown = null;
    try {
      surface = await options.surfaces.create({ accountId, visible: true, policy: options.policy() });
      harvest = new SessionHarvest({
        surface,
        client: options.client,
        clock: options.clock,
        timeoutMs: idleTimeoutMs,
        restartTimeoutOnNavigation: true,
      });
      if (cancelled) harvest.stop();
      else {
        surface.open(options.signInUrl ?? LABS_SIGN_IN_URL).catch((error: unknown) => {
          openFailure = error;
          harvest?.stop();
        });
      }
      const result = await harvest.result;
      surface.close();
      if (result.kind === 'harvested') {
        const { account, cookies, accessToken, expiresAt } = result;
        return { accountId, account, cookies, accessToken, expiresAt };
      }
      if (openFailure) throw openFailure;
      throw result.kind === 'timeout' ? new LoginTimeoutError(idleTimeoutMs) : new LoginCancelledError();
    } catch (error) {
      surface?.close();
      // The partition only ever held this attempt's cookies: nothing to keep.
      await options.surfaces.clearAccountData(accountId).catch(() => undefined);
      throw error;
    }
  }

  return {
    promise: run(),
    focus: () => surface?.focus(),
    cancel: () => {
      cancelled = true;
      harvest?.stop();
      surface?.close();
    },
  };
}
