/**
 * accounts.google.com: the OAuth authorize endpoint, the sign-in pages (password, optional second step),
 * the account cookies, and CheckCookie — the hop that hands labs.google an authorization code.
 *
 * Form sign-in:   /o/oauth2/v2/auth → /v3/signin/identifier (form) → POST …/pwd [→ …/totp] → /CheckCookie → callback
 * Silent sign-in: /o/oauth2/v2/auth (valid account cookies) → /CheckCookie → labs.google callback
 */
import { AUTH_CALLBACK_URL, IMAGE_FX_URL } from '../emulator-endpoints.ts';
import type { EmulatorAccount } from '../emulator-accounts.ts';
import type { RouteContext, RouteHandler } from '../emulator-state.ts';
import type { SignInFlow } from '../google-sign-in-store.ts';
import { appendSetCookies, redirect, sendHtml, sendNotFound, serializeSetCookie } from '../http-kit.ts';
import { SECOND_STEP_FORM, SIGN_IN_FORM, oauthErrorPage, secondStepPage, signInPage } from '../sign-in-pages.ts';

/** Google account cookie names the emulator sets (and requires for a silent sign-in). */
export const ACCOUNT_COOKIES = { sid: 'SID', psid: '__Secure-1PSID' } as const;

const ACCOUNT_COOKIE_MAX_AGE = 2 * 365 * 24 * 60 * 60;
/** Redirect URIs the emulated OAuth client accepts. */
const REGISTERED_REDIRECT_URIS = new Set([AUTH_CALLBACK_URL]);

function signedInEmail(context: RouteContext): string | undefined {
  return context.state.signIn.emailForAccountCookies(
    context.cookies.get(ACCOUNT_COOKIES.sid),
    context.cookies.get(ACCOUNT_COOKIES.psid),
  );
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

function identifierLocation(flow: SignInFlow): string {
  return `/v3/signin/identifier?flow=${encodeURIComponent(flow.id)}`;
}

/** The password (and, if any, second step) succeeded: set account cookies and continue to CheckCookie. */
function completeSignIn(context: RouteContext, flow: SignInFlow, account: EmulatorAccount): void {
  const values = context.state.signIn.createAccountCookies(account.email);
  const attributes = { path: '/', domain: '.google.com', httpOnly: true, secure: true, maxAgeSeconds: ACCOUNT_COOKIE_MAX_AGE };
  appendSetCookies(context.res, [
    serializeSetCookie(ACCOUNT_COOKIES.sid, values.sid, { ...attributes, sameSite: 'Lax' }),
    serializeSetCookie(ACCOUNT_COOKIES.psid, values.psid, { ...attributes, sameSite: 'None' }),
  ]);
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
  if (signedInEmail(context)) redirect(context.res, `/CheckCookie?flow=${encodeURIComponent(flow.id)}`);
  else redirect(context.res, identifierLocation(flow));
};

const identifierPage: RouteHandler = (context) => {
  const flow = flowFor(context, context.url.searchParams.get('flow'));
  sendHtml(context.res, 200, signInPage(flow.id));
};

const passwordChallenge: RouteHandler = (context) => {
  const fields = formFields(context);
  const flow = flowFor(context, fields.get(SIGN_IN_FORM.flowName));
  const email = fields.get(SIGN_IN_FORM.emailName) ?? '';
  const account = context.state.accounts.verifyPassword(email, fields.get(SIGN_IN_FORM.passwordName) ?? '');
  if (!account) {
    sendHtml(context.res, 200, signInPage(flow.id, { email, error: 'Wrong email or password. Try again.' }));
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
  const code = context.state.signIn.issueCode(flow, email);
  const target = new URL(flow.redirectUri);
  target.searchParams.set('state', flow.state);
  target.searchParams.set('code', code);
  target.searchParams.set('scope', 'email profile openid');
  target.searchParams.set('authuser', '0');
  redirect(context.res, target.href);
};

const logout: RouteHandler = (context) => {
  const email = signedInEmail(context);
  if (email) context.state.signIn.revokeAccountCookies(email);
  const expired = { path: '/', domain: '.google.com', httpOnly: true, secure: true, maxAgeSeconds: 0 };
  appendSetCookies(context.res, [
    serializeSetCookie(ACCOUNT_COOKIES.sid, '', expired),
    serializeSetCookie(ACCOUNT_COOKIES.psid, '', expired),
  ]);
  redirect(context.res, '/v3/signin/identifier');
};

/** Dispatches an accounts.google.com request. */
export const handleAccountsRequest: RouteHandler = (context) => {
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
