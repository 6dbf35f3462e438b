/**
 * flow.google.com: pages (routes/flow-page-routes.ts), the batchexecute endpoint
 * (routes/flow-batchexecute-routes.ts), the app's static files, and `/accounts/SetOSID`, where
 * accounts.google.com sends a finished sign-in so Flow can set its host-only OSID cookies.
 */
import type { RouteHandler } from '../emulator-state.ts';
import { FLOW_ASSETS, sendStaticFile } from '../flow-assets.ts';
import { FLOW_BATCHEXECUTE_PATH } from '../flow-catalog.ts';
import { flowSessionCookieHeaders } from '../flow-session-store.ts';
import { appendSetCookies, redirect, sendNotFound } from '../http-kit.ts';
import { safeFlowContinue } from './accounts-service-routes.ts';
import { handleBatchExecute } from './flow-batchexecute-routes.ts';
import { flowPageRoute } from './flow-page-routes.ts';

const setOsid: RouteHandler = (context) => {
  const session = context.state.flowSessions.redeemTicket(context.url.searchParams.get('osidt') ?? '');
  if (!session) {
    redirect(context.res, '/about');
    return;
  }
  appendSetCookies(context.res, flowSessionCookieHeaders(session));
  redirect(context.res, safeFlowContinue(context.url.searchParams.get('continue')));
};

/** Dispatches a flow.google.com request. */
export const handleFlowRequest: RouteHandler = (context) => {
  const { pathname } = context.url;
  if (pathname === FLOW_BATCHEXECUTE_PATH) return handleBatchExecute(context);
  if (context.method !== 'GET') return sendNotFound(context.res);
  const asset = FLOW_ASSETS[pathname];
  if (asset) return sendStaticFile(context.res, asset);
  if (pathname === '/accounts/SetOSID') return setOsid(context);
  const page = flowPageRoute(context);
  if (page) return page(context);
  sendNotFound(context.res);
};
