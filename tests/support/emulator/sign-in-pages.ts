/**
 * The emulator's HTML pages. Form ids and field names are a stable contract (tests and UI scenarios fill
 * them): see {@link SIGN_IN_FORM} and {@link SECOND_STEP_FORM}.
 */
import { escapeHtml } from './http-kit.ts';

/** The email + password page (accounts.google.com/v3/signin/identifier). */
export const SIGN_IN_FORM = {
  formId: 'signin-form',
  emailId: 'identifierId',
  emailName: 'identifier',
  passwordId: 'password',
  passwordName: 'Passwd',
  submitId: 'signin-next',
  errorId: 'signin-error',
  /** Hidden field carrying the flow id. */
  flowName: 'flow',
} as const;

/** The second-step page (accounts.google.com/v3/signin/challenge/totp). */
export const SECOND_STEP_FORM = {
  formId: 'second-step-form',
  codeId: 'totpPin',
  codeName: 'totpPin',
  submitId: 'second-step-next',
  errorId: 'second-step-error',
  flowName: 'flow',
} as const;

/** id of the element on the ImageFX landing page that shows the signed-in email. */
export const IMAGE_FX_USER_ID = 'imagefx-user';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto}label,input,button{display:block;margin:.5rem 0}
[role=alert]{color:#b3261e}</style></head>
<body>${body}</body></html>`;
}

function errorLine(id: string, message: string | undefined): string {
  return message ? `<p id="${id}" role="alert">${escapeHtml(message)}</p>` : '';
}

/** What {@link signInPage} can vary. */
export interface SignInPageOptions {
  readonly email?: string;
  readonly error?: string;
  /** The "Confirm it's you" variant (`/v3/signin/confirmidentifier`): same form, email filled in. */
  readonly confirmIdentity?: boolean;
  /** The service named under the heading (default labs.google). */
  readonly service?: string;
}

/** Email + password form posting to the password challenge. */
export function signInPage(flowId: string, options: SignInPageOptions = {}): string {
  const f = SIGN_IN_FORM;
  const service = escapeHtml(options.service ?? 'labs.google');
  const heading = options.confirmIdentity
    ? `<h1>Confirm it's you</h1><p id="confirm-identity">Sign in again to continue to ${service}</p>`
    : `<h1>Sign in</h1><p>to continue to ${service}</p>`;
  return page(
    options.confirmIdentity ? "Confirm it's you - Google Accounts" : 'Sign in - Google Accounts',
    `${heading}
${errorLine(f.errorId, options.error)}
<form id="${f.formId}" method="post" action="/v3/signin/challenge/pwd">
<input type="hidden" name="${f.flowName}" value="${escapeHtml(flowId)}">
<label for="${f.emailId}">Email</label>
<input id="${f.emailId}" name="${f.emailName}" type="email" autocomplete="username" value="${escapeHtml(options.email ?? '')}" required>
<label for="${f.passwordId}">Password</label>
<input id="${f.passwordId}" name="${f.passwordName}" type="password" autocomplete="current-password" required>
<button id="${f.submitId}" type="submit">Next</button>
</form>`,
  );
}

/** One-time code form posting to the second-step challenge. */
export function secondStepPage(flowId: string, email: string, error?: string): string {
  const f = SECOND_STEP_FORM;
  return page(
    '2-Step Verification - Google Accounts',
    `<h1>2-Step Verification</h1><p>${escapeHtml(email)}</p>
${errorLine(f.errorId, error)}
<form id="${f.formId}" method="post" action="/v3/signin/challenge/totp">
<input type="hidden" name="${f.flowName}" value="${escapeHtml(flowId)}">
<label for="${f.codeId}">Enter code</label>
<input id="${f.codeId}" name="${f.codeName}" inputmode="numeric" autocomplete="one-time-code" required>
<button id="${f.submitId}" type="submit">Next</button>
</form>`,
  );
}

/** id of the notice on the ImageFX page saying the tool was retired. */
export const TOOL_RETIRED_ID = 'tool-retired';

/**
 * The ImageFX page (the end of a labs.google sign-in). ImageFX was discontinued on 2026-04-30; what the URL
 * shows now is UNCONFIRMED, so the emulator answers a "tool retired" notice that still names the signed-in
 * account, as labs.google's header would.
 */
export function imageFxPage(email: string | undefined): string {
  const who = email ? `Signed in as <span id="${IMAGE_FX_USER_ID}">${escapeHtml(email)}</span>` : 'Not signed in';
  return page(
    'ImageFX',
    `<h1>ImageFX</h1><p>${who}</p>
<p id="${TOOL_RETIRED_ID}">ImageFX was retired on April 30, 2026. Create images in <a href="https://flow.google.com/">Flow</a>.</p>`,
  );
}

/** id of the element on the classic (labs.google) Flow page that shows the signed-in email. */
export const LABS_FLOW_USER_ID = 'labs-flow-user';

/** Flow as it still runs on labs.google for accounts Google has not moved to flow.google.com. */
export function labsFlowPage(email: string | undefined): string {
  const who = email ? `Signed in as <span id="${LABS_FLOW_USER_ID}">${escapeHtml(email)}</span>` : 'Not signed in';
  return page('Flow - Google Labs', `<h1>Flow</h1><p>${who}</p>`);
}

/** next-auth's error page. */
export function authErrorPage(error: string): string {
  return page('Sign-in error', `<h1>Sign-in error</h1><p id="auth-error">${escapeHtml(error)}</p>`);
}

/** Google's OAuth error page (e.g. a redirect URI that is not registered). */
export function oauthErrorPage(error: string): string {
  return page('Error - Google Accounts', `<h1>Access blocked</h1><p id="oauth-error">${escapeHtml(error)}</p>`);
}
