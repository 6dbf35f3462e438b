/**
 * labs.google's next-auth endpoints: start a Google sign-in, receive the OAuth callback, report the
 * session (with its access token), sign out; plus the landing page and avatar images.
 */
import { AUTH_CALLBACK_URL, IMAGE_FX_URL } from '../emulator-endpoints.ts';
import { AVATAR_PATH_PREFIX } from '../emulator-accounts.ts';
import type { RouteContext, RouteHandler } from '../emulator-state.ts';
import { appendSetCookies, redirect, sendHtml, sendJson } from '../http-kit.ts';
import {
  CSRF_COOKIE,
  clearSessionCookieHeaders,
  csrfCookieHeader,
  readSessionToken,
  sessionCookieHeaders,
} from '../labs-cookies.ts';
import { renderGeneratedImage } from '../png-encoder.ts';
import { authErrorPage, imageFxPage, labsFlowPage } from '../sign-in-pages.ts';

/** The OAuth client id the emulated labs.google uses. */
export const LABS_CLIENT_ID = 'imagefx-emulator.apps.googleusercontent.com';

function ensureCsrfCookie(context: RouteContext): void {
  if (!context.cookies.has(CSRF_COOKIE)) appendSetCookies(context.res, [csrfCookieHeader().header]);
}

function safeCallbackUrl(candidate: string | null): string {
  if (!candidate) return IMAGE_FX_URL;
  try {
    const url = new URL(candidate, IMAGE_FX_URL);
    return url.origin === 'https://labs.google' ? url.href : IMAGE_FX_URL;
  } catch {
    return IMAGE_FX_URL;
  }
}

const signIn: RouteHandler = (context) => {
  const callbackUrl = safeCallbackUrl(context.url.searchParams.get('callbackUrl'));
  const state = context.state.signIn.beginLabsSignIn(callbackUrl);
  const authorize = new URL('https://accounts.google.com/o/oauth2/v2/auth');
  authorize.searchParams.set('client_id', LABS_CLIENT_ID);
  authorize.searchParams.set('scope', 'openid email profile');
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('redirect_uri', AUTH_CALLBACK_URL);
  authorize.searchParams.set('state', state);
  ensureCsrfCookie(context);
  redirect(context.res, authorize.href);
};

const callback: RouteHandler = (context) => {
  const params = context.url.searchParams;
  const state = params.get('state') ?? '';
  const pending = context.state.signIn.takeLabsSignIn(state);
  const email = context.state.signIn.redeemCode(params.get('code') ?? '', state);
  if (!pending || !email || !context.state.accounts.get(email)) {
    redirect(context.res, '/fx/api/auth/error?error=OAuthCallback');
    return;
  }
  const { cookieValue } = context.state.sessions.create(email);
  appendSetCookies(context.res, sessionCookieHeaders(cookieValue, context.cookies));
  ensureCsrfCookie(context);
  redirect(context.res, pending.callbackUrl);
};

const session: RouteHandler = (context) => {
  const { sessions, accounts, clock } = context.state;
  const cookieValue = readSessionToken(context.cookies);
  const current = sessions.resolve(cookieValue);
  const account = current && accounts.get(current.email);
  // A migrated account's labs session answers `{}` for good: the ya29 "stopped being minted" (FLOW-NOTES §7).
  if (!current || !account || !cookieValue || account.backend === 'migrated') {
    sendJson(context.res, 200, {});
    return;
  }
  if (sessions.rotation) {
    const rotated = sessions.rotate(cookieValue, sessions.rotation.graceMs);
    appendSetCookies(context.res, sessionCookieHeaders(rotated, context.cookies));
  }
  const user = { name: account.name, email: account.email, image: account.image };
  const token = sessions.currentToken(current);
  if (!token) {
    // next-auth could not renew the Google token: only a new Google sign-in helps.
    const lapsed = Math.min(current.token.expiresAt, clock.now() - 1000);
    sendJson(context.res, 200, {
      user,
      expires: new Date(lapsed).toISOString(),
      access_token: current.token.value,
      error: 'ACCESS_TOKEN_REFRESH_NEEDED',
    });
    return;
  }
  sendJson(context.res, 200, { user, expires: new Date(token.expiresAt).toISOString(), access_token: token.value });
};

const csrf: RouteHandler = (context) => {
  const existing = context.cookies.get(CSRF_COOKIE);
  if (existing) {
    sendJson(context.res, 200, { csrfToken: decodeURIComponent(existing).split('|')[0] });
    return;
  }
  const fresh = csrfCookieHeader();
  appendSetCookies(context.res, [fresh.header]);
  sendJson(context.res, 200, { csrfToken: fresh.token });
};

const signOut: RouteHandler = (context) => {
  const current = context.state.sessions.resolve(readSessionToken(context.cookies));
  if (current) context.state.sessions.end(current);
  appendSetCookies(context.res, clearSessionCookieHeaders(context.cookies));
  sendJson(context.res, 200, { url: 'https://labs.google/fx' });
};

const landingPage: RouteHandler = (context) => {
  const current = context.state.sessions.resolve(readSessionToken(context.cookies));
  sendHtml(context.res, 200, imageFxPage(current?.email));
};

/**
 * Flow on labs.google. For a migrated account the real page runs `location.replace('https://flow.google.com' +
 * path)` from a `useEffect` (GF639); the emulator answers with the equivalent 302.
 */
const labsFlow: RouteHandler = (context) => {
  const current = context.state.sessions.resolve(readSessionToken(context.cookies));
  const account = current && context.state.accounts.get(current.email);
  if (account?.backend === 'migrated') {
    redirect(context.res, `https://flow.google.com${context.url.pathname.slice('/fx/tools/flow'.length) || '/'}`);
    return;
  }
  sendHtml(context.res, 200, labsFlowPage(account?.email));
};

const avatar: RouteHandler = (context) => {
  const png = renderGeneratedImage(context.url.pathname, 0, 'IMAGE_ASPECT_RATIO_SQUARE');
  context.res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
  context.res.end(png);
};

/** The labs.google auth routes, or undefined when the request is not one of them. */
export function labsAuthRoute(context: RouteContext): RouteHandler | undefined {
  const { pathname } = context.url;
  const method = context.method;
  if (pathname === '/fx/api/auth/signin/google' && (method === 'GET' || method === 'POST')) return signIn;
  if (pathname === '/fx/api/auth/callback/google' && method === 'GET') return callback;
  if (pathname === '/fx/api/auth/session' && method === 'GET') return session;
  if (pathname === '/fx/api/auth/csrf' && method === 'GET') return csrf;
  if (pathname === '/fx/api/auth/signout' && method === 'POST') return signOut;
  if (pathname === '/fx/api/auth/error' && method === 'GET') {
    return (ctx) => sendHtml(ctx.res, 200, authErrorPage(ctx.url.searchParams.get('error') ?? 'Unknown'));
  }
  if ((pathname === '/fx/tools/image-fx' || pathname.startsWith('/fx/tools/image-fx/')) && method === 'GET') return landingPage;
  if ((pathname === '/fx/tools/flow' || pathname.startsWith('/fx/tools/flow/')) && method === 'GET') return labsFlow;
  if (pathname.startsWith(AVATAR_PATH_PREFIX) && pathname.endsWith('.png') && method === 'GET') return avatar;
  return undefined;
}
