/**
 * www.google.com, as far as Flow's editor uses it: the reCAPTCHA Enterprise script and its `reload` endpoint,
 * played by the emulator's stand-in (flow-static/recaptcha-enterprise.js). `reload` mints a single-use token
 * and records who asked (recaptcha-ledger.ts); its body is the stand-in's own form
 * (`k` site key, `sa` action, `co` base64 page origin, `pc` 1 when the page's own code called), and the
 * reply mimics Google's `)]}'` + `["rresp", token, null, 120]`.
 */
import type { RouteContext, RouteHandler } from '../emulator-state.ts';
import { RECAPTCHA_SCRIPT_FILE, sendStaticFile } from '../flow-assets.ts';
import { sendNotFound } from '../http-kit.ts';

/** The only page origin Flow's key is registered for. */
const FLOW_ORIGIN = 'https://flow.google.com';

function corsHeaders(context: RouteContext): Record<string, string> {
  const origin = context.req.headers.origin;
  return origin === FLOW_ORIGIN ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' } : {};
}

function decodeOrigin(encoded: string | null): string {
  try {
    return Buffer.from(encoded ?? '', 'base64').toString('utf8');
  } catch {
    return '';
  }
}

const reload: RouteHandler = (context) => {
  const form = new URLSearchParams(context.body.toString('utf8'));
  const origin = decodeOrigin(form.get('co'));
  const mint = context.state.recaptcha.mint({
    siteKey: form.get('k') ?? context.url.searchParams.get('k') ?? '',
    action: form.get('sa') ?? '',
    // A page call from anywhere but Flow's origin is not Flow's page.
    minter: form.get('pc') === '1' && origin === FLOW_ORIGIN ? 'page' : 'foreign',
    origin,
  });
  const body = `)]}'\n${JSON.stringify(['rresp', mint.token, null, 120])}`;
  context.res.writeHead(200, {
    ...corsHeaders(context),
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  context.res.end(body);
};

/** Dispatches a www.google.com request. */
export const handleRecaptchaRequest: RouteHandler = (context) => {
  const route = `${context.method} ${context.url.pathname}`;
  if (route === 'GET /recaptcha/enterprise.js') return sendStaticFile(context.res, RECAPTCHA_SCRIPT_FILE);
  if (route === 'POST /recaptcha/enterprise/reload') return reload(context);
  sendNotFound(context.res);
};
