/**
 * flow.google.com's pages. Signed in (a migrated account with live Google cookies and a live `__Secure-OSID`):
 * the grid at `/` and the editor at `/project/<id>`, each page load minting fresh `WIZ_global_data` values and,
 * when due, rotating `__Secure-1PSIDTS`/`SIDCC`. Anyone else is sent on (FLOW-NOTES §1):
 *
 *   no usable session, or identity to confirm → 302 /about   (with `?pli=1`: 302 accounts.google.com/ServiceLogin)
 *   Google cookies but no OSID yet            → 302 accounts.google.com/ServiceLogin (silent, sets OSID, comes back)
 *   a classic (not migrated) account          → 302 labs.google/fx/tools/flow
 *
 * `/about` is public and answers everyone.
 */
import { FLOW_SIGN_IN_URL, LABS_FLOW_URL } from '../emulator-endpoints.ts';
import type { RouteContext, RouteHandler } from '../emulator-state.ts';
import { editorPage } from '../flow-editor-page.ts';
import { FLOW_PAGE_CSP, aboutPage, gridPage, projectNotFoundPage, wizGlobalData } from '../flow-pages.ts';
import type { WizGlobalData } from '../flow-pages.ts';
import { resolveFlowVisitor } from '../flow-visitor.ts';
import type { FlowVisitor } from '../flow-visitor.ts';
import { appendSetCookies, redirect } from '../http-kit.ts';
import { serviceLoginUrl } from './accounts-service-routes.ts';

type SignedIn = Extract<FlowVisitor, { kind: 'signed-in' }>;

function sendFlowPage(context: RouteContext, status: number, html: string): void {
  context.res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
    'content-security-policy': FLOW_PAGE_CSP,
    'x-frame-options': 'SAMEORIGIN',
  });
  context.res.end(html);
}

/** Sends anyone but a signed-in visitor where they belong; returns the signed-in visitor otherwise. */
function signedInOrRedirect(context: RouteContext): SignedIn | undefined {
  const visitor = resolveFlowVisitor(context);
  const here = `https://flow.google.com${context.url.pathname}${context.url.search}`;
  switch (visitor.kind) {
    case 'signed-in':
      return visitor;
    case 'classic':
      redirect(context.res, LABS_FLOW_URL);
      return undefined;
    case 'needs-osid':
      redirect(context.res, serviceLoginUrl(here));
      return undefined;
    case 'confirm-identity':
    case 'signed-out':
      redirect(context.res, context.url.searchParams.get('pli') === '1' ? serviceLoginUrl(here) : '/about');
      return undefined;
  }
}

/** What every signed-in page load does: maybe rotate the Google cookies, and mint this load's WIZ values. */
function beginPageLoad(context: RouteContext, visitor: SignedIn): WizGlobalData {
  const cookies = context.state.googleCookies;
  if (cookies.rotateIfDue(visitor.google)) appendSetCookies(context.res, cookies.rotatedCookieHeaders(visitor.google));
  return wizGlobalData(context.state.flowSessions.recordPageLoad(visitor.session));
}

const about: RouteHandler = (context) => {
  sendFlowPage(context, 200, aboutPage(serviceLoginUrl(FLOW_SIGN_IN_URL)));
};

const grid: RouteHandler = (context) => {
  const visitor = signedInOrRedirect(context);
  if (!visitor) return;
  const wiz = beginPageLoad(context, visitor);
  sendFlowPage(context, 200, gridPage(visitor.account.email, context.state.flow.projectsOf(visitor.account.email), wiz));
};

const editor: RouteHandler = (context) => {
  const visitor = signedInOrRedirect(context);
  if (!visitor) return;
  let id: string | undefined;
  try {
    id = decodeURIComponent(context.url.pathname.slice('/project/'.length));
  } catch {
    id = undefined; // a malformed %-escape names no project
  }
  const project = context.state.flow.projectOf(visitor.account.email, id);
  if (!project) {
    sendFlowPage(context, 404, projectNotFoundPage(visitor.account.email));
    return;
  }
  const wiz = beginPageLoad(context, visitor);
  const changed = context.fault?.kind === 'flow-page-changed';
  sendFlowPage(context, 200, editorPage({ email: visitor.account.email, project, wiz, changed }));
};

/** The page routes, or undefined when the request is not one of them. */
export function flowPageRoute(context: RouteContext): RouteHandler | undefined {
  const { pathname } = context.url;
  if (pathname === '/about') return about;
  if (pathname === '/') return grid;
  if (/^\/project\/[^/]+$/.test(pathname)) return editor;
  return undefined;
}
