/**
 * The request pipeline: read the body, log the request, apply injected latency and faults, then hand it
 * to the routes of the host named in the `Host` header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isGoogleHost } from '../../../src/app/demo/emulator-routing.ts';
import type { EmulatorState, RouteHandler } from './emulator-state.ts';
import { writeFault } from './faults.ts';
import { parseCookieHeader, readBody, sendJson, sendNotFound } from './http-kit.ts';
import { handleAccountsRequest } from './routes/accounts-routes.ts';
import { handleAisandboxRequest } from './routes/aisandbox-routes.ts';
import { handleControlRequest } from './routes/control-routes.ts';
import { handleFlowContentRequest } from './routes/flow-content-routes.ts';
import { handleFlowRequest } from './routes/flow-routes.ts';
import { handleLabsRequest } from './routes/labs-routes.ts';
import { handleRecaptchaRequest } from './routes/recaptcha-routes.ts';

const HOST_ROUTES: Readonly<Record<string, RouteHandler>> = {
  'labs.google': handleLabsRequest,
  'accounts.google.com': handleAccountsRequest,
  'aisandbox-pa.googleapis.com': handleAisandboxRequest,
  'flow.google.com': handleFlowRequest,
  'flow-content.google': handleFlowContentRequest,
  'www.google.com': handleRecaptchaRequest,
};

/** Hosts (as in the `Host` header) that reach the control surface instead of an emulated service. */
const CONTROL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostnameOf(req: IncomingMessage): string {
  try {
    return new URL(`https://${req.headers.host ?? ''}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function summariseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Builds the `request` listener for the HTTPS server. */
export function createRequestListener(state: EmulatorState): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = hostnameOf(req);
    const url = new URL(req.url ?? '/', `https://${host || 'invalid.invalid'}`);
    const body = await readBody(req);
    const cookies = parseCookieHeader(req.headers.cookie);
    const method = (req.method ?? 'GET').toUpperCase();
    const base = { req, res, url, method, body, cookies, state };

    if (CONTROL_HOSTS.has(host)) {
      await handleControlRequest({ ...base, imageLimit: undefined });
      return;
    }
    const route = isGoogleHost(host) ? HOST_ROUTES[host] : undefined;
    if (!route) {
      sendNotFound(res);
      return;
    }

    const entry = state.log.record({
      time: state.clock.now(),
      host,
      servername: (req.socket as TLSSocket).servername || null,
      method,
      path: url.pathname,
      search: url.search,
      headers: summariseHeaders(req),
      cookies: Object.fromEntries(cookies),
      bearerToken: /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null,
      body: body.toString('utf8'),
    });

    const latency = state.latency.for(host);
    if (latency > 0) await state.clock.sleep(latency);

    // Preflights never consume faults: a fault is meant for the request the test is thinking of.
    const fault = method === 'OPTIONS' ? undefined : state.faults.take(host, url.pathname);
    if (fault) entry.fault = fault.kind;
    if (!fault || !writeFault(res, fault, state.clock.now())) {
      await route({ ...base, imageLimit: fault?.kind === 'fewer-images' ? fault.count : undefined, fault, logEntry: entry });
    }
    // Recorded here, not on 'finish': the client may see the response before 'finish' fires, and a test
    // reading the log right after its fetch resolved must find the outcome already there.
    if (res.writableEnded) {
      entry.status = res.statusCode;
      entry.completedAt = state.clock.now();
    }
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, { error: { code: 500, message: `emulator error: ${message}`, status: 'INTERNAL' } });
    });
  };
}
