/**
 * One interactive sign-in: a visible login surface on a brand-new partition, watched until Google confirms
 * a session for the app — labs.google's session endpoint handing out a token (classic ImageFX), or, when the
 * app can open Flow ({@link FlowAccountProbe}), flow.google.com's project grid for the account. With Flow
 * the window starts on flow.google.com (Flow is the default); an account Google has not moved there is sent
 * to labs.google, and the window then goes on to labs.google's sign-in, which needs no second form. What
 * was found decides the account's backend (see account-backends.ts). The user closing the window is a
 * cancellation; a window where nothing navigates for `idleTimeoutMs` times out. Either way the new
 * partition is wiped and nothing else is touched, so the previous state stays exactly as it was.
 * (One-at-a-time is the caller's job: see PersistentAccountManager.)
 */
import type { Clock } from '../../core/index.ts';
import type { AccountProfile } from '../session/index.ts';
import { FlowSignInWatch, type FlowAccountProbe } from './flow-sign-in-watch.ts';
import { LoginCancelledError, LoginTimeoutError } from './login-errors.ts';
import { FLOW_SIGN_IN_URL, LABS_SIGN_IN_URL, type LoginPolicy } from './login-policy.ts';
import type { LoginSurface, LoginSurfaceProvider } from './login-surface.ts';
import type { SessionClient } from '../session/index.ts';
import { SessionHarvest, type HarvestedSession, type HarvestResult } from './session-harvester.ts';

/** Fifteen minutes without a navigation: generous for a second step confirmed on a phone. */
export const DEFAULT_SIGN_IN_IDLE_TIMEOUT_MS = 15 * 60_000;

export interface InteractiveSignInOptions {
  readonly surfaces: LoginSurfaceProvider;
  readonly client: SessionClient;
  readonly clock: Clock;
  readonly policy: () => LoginPolicy;
  readonly newAccountId: () => string;
  /** Opens Flow on the account's partition; without it the sign-in is labs.google's alone. */
  readonly flow?: FlowAccountProbe;
  readonly signInUrl?: string;
  readonly idleTimeoutMs?: number;
}

/**
 * What a sign-in found, for the (new) account id whose partition holds its Google cookies: who the
 * account is, labs.google's session when it handed one out, and whether flow.google.com opened for it.
 */
export interface SignedInAccount {
  readonly accountId: string;
  readonly account: AccountProfile;
  /** labs.google's session with its token, or `null` when labs.google has none for the account. */
  readonly labs: HarvestedSession | null;
  /** True when flow.google.com showed the account its project grid; `null` when Flow was not asked. */
  readonly flow: boolean | null;
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
  let flowWatch: FlowSignInWatch | null = null;
  let cancelled = false;

  async function run(): Promise<SignedInAccount> {
    let openFailure: unknown = null;
    try {
      const opened = await options.surfaces.create({ accountId, visible: true, policy: options.policy() });
      surface = opened;
      harvest = new SessionHarvest({
        surface: opened,
        client: options.client,
        clock: options.clock,
        timeoutMs: idleTimeoutMs,
        restartTimeoutOnNavigation: true,
      });
      const open = (url: string): void => {
        opened.open(url).catch((error: unknown) => {
          openFailure = error;
          harvest?.stop();
        });
      };
      let labsAsked = false;
      flowWatch = options.flow
        ? new FlowSignInWatch({
            surface: opened,
            accountId,
            probe: options.flow,
            onNotOnFlow: () => {
              if (labsAsked) return;
              labsAsked = true;
              open(LABS_SIGN_IN_URL);
            },
          })
        : null;
      if (cancelled) harvest.stop();
      else open(options.signInUrl ?? (options.flow ? FLOW_SIGN_IN_URL : LABS_SIGN_IN_URL));
      const viaFlow = flowWatch ? flowWatch.signedIn.then((account) => ({ kind: 'flow' as const, account })) : new Promise<never>(() => {});
      const result: HarvestResult | { kind: 'flow'; account: AccountProfile } = await Promise.race([harvest.result, viaFlow]);
      harvest.stop();
      if (result.kind === 'flow') {
        flowWatch?.stop();
        opened.close();
        return { accountId, account: result.account, labs: null, flow: true };
      }
      if (result.kind === 'harvested') {
        // labs.google works; does Flow too? (Where both do, the account uses Flow.)
        const finding = flowWatch ? await flowWatch.finding() : null;
        flowWatch?.stop();
        opened.close();
        const { account, cookies, accessToken, expiresAt } = result;
        return { accountId, account, labs: { account, cookies, accessToken, expiresAt }, flow: finding === null ? null : finding.kind === 'signed-in' };
      }
      flowWatch?.stop();
      opened.close();
      if (openFailure) throw openFailure;
      throw result.kind === 'timeout' ? new LoginTimeoutError(idleTimeoutMs) : new LoginCancelledError();
    } catch (error) {
      flowWatch?.stop();
      surface?.close();
      // The partition only ever held this attempt's cookies: nothing to keep (nor a Flow page on it).
      await options.flow?.release(accountId).catch(() => undefined);
      await options.surfaces.clearAccountData(accountId).catch(() => undefined);
      throw error;
    }
  }

  return {
    promise: run(),
    focus: () => surface?.focus(),
    cancel: () => {
      cancelled = true;
      flowWatch?.stop();
      harvest?.stop();
      surface?.close();
    },
  };
}
