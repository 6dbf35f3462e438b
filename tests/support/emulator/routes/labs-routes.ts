/**
 * labs.google: next-auth routes, tRPC routes, and a harmless 404 for everything else.
 */
import type { RouteHandler } from '../emulator-state.ts';
import { sendNotFound } from '../http-kit.ts';
import { labsAuthRoute } from './labs-auth-routes.ts';
import { labsTrpcRoute } from './labs-trpc-routes.ts';

/** Dispatches a labs.google request. */
export const handleLabsRequest: RouteHandler = (context) => {
  const route = labsAuthRoute(context) ?? labsTrpcRoute(context);
  if (route) return route(context);
  sendNotFound(context.res);
};
