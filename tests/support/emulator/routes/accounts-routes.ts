/**
 * accounts.google.com: the OAuth authorize endpoint, the sign-in pages (password, optional second step),
 * the account cookies, and CheckCookie — the hop that hands labs.google an authorization code, or sends a
 * Flow sign-in on to flow.google.com (routes/accounts-service-routes.ts has ServiceLogin and confirmidentifier).
 *
 * Form sign-in:   /o/oauth2/v2/auth → /v3/signin/identifier (form) → POST …/pwd [→ …/totp] → /CheckCookie → callback
 * Silent sign-in: /o/oauth2/v2/auth (valid account cookies) → /CheckCookie → labs.google callback
 */
import { AUTH_CALLBACK_URL, IMAGE_FX_URL } from '../emulator-endpoints.ts';
import type { EmulatorAccount } from '../emulator-accounts.ts';
import type { RouteContext, RouteHandler } from '../emulator-state.ts';
import type { SignInFlow } from '../google-sign-in-store.ts';
import { appendSetCookies, redirect, sendHtml, sendNotFound } from '../http-kit.ts';
import { SECOND_STEP_FORM, SIGN_IN_FORM, oauthErrorPage, secondStepPage, signInPage } from '../sign-in-pages.ts';
import type { SignInPageOptions } from '../sign-in-pages.ts';
import {
  accountsServiceRoute,
  confirmIdentifierLocation,
  googleSignIn,
  identifierLocation,
  setOsidLocation,
} from './accounts-service-routes.ts';

/** The two Google account cookies the labs.google sign-in tests look at (the whole family is set). */
export const ACCOUNT_COOKIES = { sid: 'SID', psid: '__Secure-1PSID' } as const;

/** Redirect URIs the emulated OAuth client accepts. */
const REGISTERED_REDIRECT_URIS = new Set([AUTH_CALLBACK_URL]);

/** The signed-in email, unless Google first wants the user to confirm their identity. */
function signedInEmail(context: RouteContext): string | undefined {
  const session = googleSignIn(context);
  return session && !session.confirmIdentity ? session.email : undefined;
}

function formFields(context: RouteContext): URLSearchParams {
  return new URLSearchParams(context.body.toString('utf8'));
}

/** A flow from the query/form, or a fresh one for labs.google when the id is missing or stale. */
function flowFor(context: RouteContext, id: string | null): SignInFlow {
  const signIn = context.state.signIn;
  // Opening a sign-in page directly (not via labs.google) still ends signed in to labs.google.
  return signIn.getFlow(id) ?? signIn.createFlow(AUTH_CALLBACK_URL, signIn.beginLabsSignIn(IMAGE_FX_URL));
}

/** A Flow (service) sign-in names Flow; a confirmation keeps its heading after a wrong password. */
function pageOptions(flow: SignInFlow): SignInPageOptions {
  return {
    ...(flow.continueUrl ? { service: 'Flow' } : {}),
    ...(flow.confirmEmail ? { confirmIdentity: true, email: flow.confirmEmail } : {}),
  };
}

/** The password (and, if any, second step) succeeded: set account cookies and continue to CheckCookie. */
function completeSignIn(context: RouteContext, flow: SignInFlow, account: EmulatorAccount): void {
  const session = context.state.googleCookies.create(account.email);
  appendSetCookies(context.res, context.state.googleCookies.setCookieHeaders(session));
  redirect(context.res, `/CheckCookie?flow=${encodeURIComponent(flow.id)}`);
}

const authorize: RouteHandler = (context) => {
  const params = context.url.searchParams;
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!REGISTERED_REDIRECT_URIS.has(redirectUri) || params.get('response_type') !== 'code') {
    sendHtml(context.res, 400, oauthErrorPage('Error 400: redirect_uri_mismatch'));
    return;
  }
  const flow = context.state.signIn.createFlow(redirectUri, params.get('state') ?? '');
  const session = googleSignIn(context);
  if (session?.confirmIdentity) {
    flow.confirmEmail = session.email;
    redirect(context.res, confirmIdentifierLocation(flow));
  } else if (session) redirect(context.res, `/CheckCookie?flow=${encodeURIComponent(flow.id)}`);
  else redirect(context.res, identifierLocation(flow));
};

const identifierPage: RouteHandler = (context) => {
  const flow = flowFor(context, context.url.searchParams.get('flow'));
  sendHtml(context.res, 200, signInPage(flow.id, pageOptions(flow)));
};

const passwordChallenge: RouteHandler = (context) => {
  const fields = formFields(context);
  const flow = flowFor(context, fields.get(SIGN_IN_FORM.flowName));
  const email = fields.get(SIGN_IN_FORM.emailName) ?? '';
  const account = context.state.accounts.verifyPassword(email, fields.get(SIGN_IN_FORM.passwordName) ?? '');
  if (!account) {
    sendHtml(context.res, 200, signInPage(flow.id, { ...pageOptions(flow), email, error: 'Wrong email or password. Try again.' }));
    return;
  }
  if (account.secondStepCode) {
    flow.pendingEmail = account.email;
    redirect(context.res, `/v3/signin/challenge/totp?flow=${encodeURIComponent(flow.id)}`);
    return;
  }
  completeSignIn(context, flow, account);
};

const secondStepPageRoute: RouteHandler = (context) => {
  const flow = flowFor(context, context.url.searchParams.get('flow'));
  if (!flow.pendingEmail) redirect(context.res, identifierLocation(flow));
  else sendHtml(context.res, 200, secondStepPage(flow.id, flow.pendingEmail));
};

const secondStepChallenge: RouteHandler = (context) => {
  const fields = formFields(context);
  const flow = flowFor(context, fields.get(SECOND_STEP_FORM.flowName));
  const account = flow.pendingEmail ? context.state.accounts.get(flow.pendingEmail) : undefined;
  if (!account) {
    redirect(context.res, identifierLocation(flow));
    return;
  }
  if ((fields.get(SECOND_STEP_FORM.codeName) ?? '').trim() !== account.secondStepCode) {
    sendHtml(context.res, 200, secondStepPage(flow.id, account.email, 'Wrong code. Try again.'));
    return;
  }
  completeSignIn(context, flow, account);
};

const checkCookie: RouteHandler = (context) => {
  const flow = flowFor(context, context.url.searchParams.get('flow'));
  const email = signedInEmail(context);
  if (!email) {
    // The browser did not keep the account cookies (or they were revoked): sign in with the form.
    redirect(context.res, identifierLocation(flow));
    return;
  }
  if (flow.continueUrl) {
    context.state.signIn.endFlow(flow);
    redirect(context.res, setOsidLocation(context, googleSignIn(context)!, flow.continueUrl));
    return;
  }
  const code = context.state.signIn.issueCode(flow, email);
  const target = new URL(flow.redirectUri);
  target.searchParams.set('state', flow.state);
  target.searchParams.set('code', code);
  target.searchParams.set('scope', 'email profile openid');
  target.searchParams.set('authuser', '0');
  redirect(context.res, target.href);
};

const logout: RouteHandler = (context) => {
  const session = googleSignIn(context);
  if (session) {
    context.state.googleCookies.revoke(session.email);
    context.state.flowSessions.end(session.email);
  }
  appendSetCookies(context.res, context.state.googleCookies.clearingHeaders());
  redirect(context.res, '/v3/signin/identifier');
};

/** Dispatches an accounts.google.com request. */
export const handleAccountsRequest: RouteHandler = (context) => {
  const service = accountsServiceRoute(context);
  if (service) return service(context);
  const route = `${context.method} ${context.url.pathname}`;
  switch (route) {
    case 'GET /o/oauth2/v2/auth':
      return authorize(context);
    case 'GET /v3/signin/identifier':
      return identifierPage(context);
    case 'POST /v3/signin/challenge/pwd':
      return passwordChallenge(context);
    case 'GET /v3/signin/challenge/totp':
      return secondStepPageRoute(context);
    case 'POST /v3/signin/challenge/totp':
      return secondStepChallenge(context);
    case 'GET /CheckCookie':
      return checkCookie(context);
    case 'GET /Logout':
      return logout(context);
    default:
      return sendNotFound(context.res);
  }
};
