/**
 * The emulator's own HTTP control surface, served only for Host `127.0.0.1` / `localhost` (never on a
 * Google host), so a separately started emulator (`npm run emulator`) can be scripted:
 *
 *   GET    /__emulator/                    index: endpoints, default accounts, control methods
 *   GET    /__emulator/state               settings and counts
 *   GET    /__emulator/ca.pem              the CA certificate
 *   GET    /__emulator/requests            the request log (JSON array)
 *   DELETE /__emulator/requests            clear the request log
 *   POST   /__emulator/control/<method>    call `emu.control.<method>(...args)`; body: JSON array of args
 */
import { BUILT_IN_ACCOUNTS } from '../emulator-accounts.ts';
import { EmulatorControl, HTTP_CONTROL_METHODS } from '../emulator-control.ts';
import { EMULATOR_ENDPOINTS, FLOW_SIGN_IN_URL, SIGN_IN_URL } from '../emulator-endpoints.ts';
import { FLOW_EDITOR_CONTROLS } from '../flow-editor-page.ts';
import type { RouteHandler } from '../emulator-state.ts';
import { parseJson, sendJson, sendNotFound } from '../http-kit.ts';
import { SECOND_STEP_FORM, SIGN_IN_FORM } from '../sign-in-pages.ts';

/** Prefix of every control path. */
export const CONTROL_PATH_PREFIX = '/__emulator/';

const methods: ReadonlySet<string> = new Set(HTTP_CONTROL_METHODS);

/** Dispatches a control request. */
export const handleControlRequest: RouteHandler = (context) => {
  const { pathname } = context.url;
  const control = new EmulatorControl(context.state);
  const route = `${context.method} ${pathname}`;
  if (route === `GET ${CONTROL_PATH_PREFIX}` || route === 'GET /__emulator') {
    sendJson(context.res, 200, {
      signInUrl: SIGN_IN_URL,
      flowSignInUrl: FLOW_SIGN_IN_URL,
      endpoints: EMULATOR_ENDPOINTS,
      accounts: BUILT_IN_ACCOUNTS,
      forms: { signIn: SIGN_IN_FORM, secondStep: SECOND_STEP_FORM },
      flowEditorControls: FLOW_EDITOR_CONTROLS,
      controlMethods: HTTP_CONTROL_METHODS,
    });
    return;
  }
  if (route === 'GET /__emulator/state') return sendJson(context.res, 200, control.snapshot());
  if (route === 'GET /__emulator/requests') return sendJson(context.res, 200, context.state.log.all());
  if (route === 'DELETE /__emulator/requests') {
    context.state.log.clear();
    return sendJson(context.res, 200, { ok: true });
  }
  if (route === 'GET /__emulator/ca.pem') {
    context.res.writeHead(200, { 'content-type': 'application/x-pem-file' });
    context.res.end(context.state.caPem);
    return;
  }
  const method = pathname.startsWith('/__emulator/control/') ? pathname.slice('/__emulator/control/'.length) : '';
  if (context.method === 'POST' && methods.has(method)) {
    const args = context.body.length === 0 ? [] : parseJson(context.body);
    if (!Array.isArray(args)) return sendJson(context.res, 400, { ok: false, error: 'body must be a JSON array of arguments' });
    try {
      const invoke = (control as unknown as Record<string, (...values: unknown[]) => unknown>)[method]!;
      const result = invoke.apply(control, args);
      return sendJson(context.res, 200, { ok: true, result: result ?? null });
    } catch (error) {
      return sendJson(context.res, 400, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  sendNotFound(context.res);
};
