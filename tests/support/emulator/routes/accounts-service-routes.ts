/**
 * accounts.google.com's service sign-in, the way flow.google.com uses it (it has no OAuth client: it gets
 * the `.google.com` cookies plus its own host-only OSID):
 *
 *   flow.google.com/?pli=1 (or the /about CTA) → /ServiceLogin?continue=https://flow.google.com/?pli=1
 *     signed in           → flow.google.com/accounts/SetOSID?osidt=…&continue=…  (sets OSID) → continue
 *     signed out          → /v3/signin/identifier (form) → POST …/pwd [→ …/totp] → /CheckCookie → SetOSID → continue
 *     confirm identity    → /v3/signin/confirmidentifier (password again) → POST …/pwd → /CheckCookie → SetOSID → continue
 *
 * The SetOSID hop and the `service` name are UNCONFIRMED for Flow (FLOW-NOTES §1 only records "302 to Google
 * Accounts" and `/?pli=1`); it is how Google's other OSID services sign in.
 */
import { FLOW_SIGN_IN_URL } from '../emulator-endpoints.ts';
import type { RouteContext, RouteHandler } from '../emulator-state.ts';
import type { GoogleAccountSession } from '../google-account-cookies.ts';
import type { SignInFlow } from '../google-sign-in-store.ts';
import { redirect, sendHtml } from '../http-kit.ts';
import { signInPage } from '../sign-in-pages.ts';

/** The `service` parameter Flow's sign-in links carry (UNCONFIRMED name). */
export const FLOW_SERVICE_NAME = 'aisandbox';

/** The live Google sign-in behind the request's cookies (SID, __Secure-1PSID and a live __Secure-1PSIDTS). */
export function googleSignIn(context: RouteContext): GoogleAccountSession | undefined {
  return context.state.googleCookies.resolve(context.cookies);
}

/** The identifier (email + password) page for a flow. */
export function identifierLocation(flow: SignInFlow): string {
  return `/v3/signin/identifier?flow=${encodeURIComponent(flow.id)}`;
}

/** The "Confirm it's you" page for a flow. */
export function confirmIdentifierLocation(flow: SignInFlow): string {
  return `/v3/signin/confirmidentifier?flow=${encodeURIComponent(flow.id)}`;
}

/** A URL on flow.google.com, or the Flow sign-in landing when `candidate` is anything else. */
export function safeFlowContinue(candidate: string | null): string {
  try {
    const url = new URL(candidate ?? '');
    return url.origin === 'https://flow.google.com' ? url.href : FLOW_SIGN_IN_URL;
  } catch {
    return FLOW_SIGN_IN_URL;
  }
}

/** flow.google.com's SetOSID URL with a fresh one-time ticket for `session`. */
export function setOsidLocation(context: RouteContext, session: GoogleAccountSession, continueUrl: string): string {
  const ticket = context.state.flowSessions.issueTicket(session.email, session.id);
  const target = new URL('https://flow.google.com/accounts/SetOSID');
  target.searchParams.set('authuser', '0');
  target.searchParams.set('osidt', ticket);
  target.searchParams.set('continue', continueUrl);
  return target.href;
}

/** The URL that starts a Flow sign-in ending at `continueUrl`. */
export function serviceLoginUrl(continueUrl: string): string {
  const url = new URL('https://accounts.google.com/ServiceLogin');
  url.searchParams.set('service', FLOW_SERVICE_NAME);
  url.searchParams.set('passive', '1209600');
  url.searchParams.set('continue', continueUrl);
  return url.href;
}

const serviceLogin: RouteHandler = (context) => {
  const continueUrl = safeFlowContinue(context.url.searchParams.get('continue'));
  const session = googleSignIn(context);
  if (session && !session.confirmIdentity) {
    redirect(context.res, setOsidLocation(context, session, continueUrl));
    return;
  }
  const flow = context.state.signIn.createServiceFlow(continueUrl);
  if (session) {
    flow.confirmEmail = session.email;
    redirect(context.res, confirmIdentifierLocation(flow));
  } else {
    redirect(context.res, identifierLocation(flow));
  }
};

const confirmIdentifier: RouteHandler = (context) => {
  const flow = context.state.signIn.getFlow(context.url.searchParams.get('flow'));
  if (!flow?.confirmEmail) {
    // Nothing to confirm (a stale link): a plain sign-in that ends on Flow.
    redirect(context.res, identifierLocation(flow ?? context.state.signIn.createServiceFlow(FLOW_SIGN_IN_URL)));
    return;
  }
  sendHtml(context.res, 200, signInPage(flow.id, { email: flow.confirmEmail, confirmIdentity: true, service: 'Flow' }));
};

/** The service sign-in routes, or undefined when the request is not one of them. */
export function accountsServiceRoute(context: RouteContext): RouteHandler | undefined {
  if (context.method !== 'GET') return undefined;
  if (context.url.pathname === '/ServiceLogin') return serviceLogin;
  if (context.url.pathname === '/v3/signin/confirmidentifier') return confirmIdentifier;
  return undefined;
}
