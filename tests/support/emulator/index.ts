/**
 * The Google emulator (labs.google and flow.google.com): one import for tests.
 */
export { startEmulator } from './start-emulator.ts';
export type { Emulator, EmulatorOptions } from './start-emulator.ts';
export { EmulatorControl, HTTP_CONTROL_METHODS } from './emulator-control.ts';
export type { EmulatorSnapshot, IssuedSession } from './emulator-control.ts';
export type { IssuedCookie, IssuedFlowSession } from './flow-control.ts';
export { BUILT_IN_ACCOUNTS, DEFAULT_ACCOUNT, MIGRATED_ACCOUNT, SECOND_STEP_ACCOUNT } from './emulator-accounts.ts';
export type { AccountBackend, EmulatorAccount, EmulatorAccountInput } from './emulator-accounts.ts';
export type { EmulatorClock } from './emulator-clock.ts';
export {
  AUTH_CALLBACK_URL,
  EMULATOR_ENDPOINTS,
  FLOW_ABOUT_URL,
  FLOW_SIGN_IN_URL,
  FLOW_URL,
  IMAGE_FX_URL,
  LABS_FLOW_URL,
  SIGN_IN_URL,
} from './emulator-endpoints.ts';
export type { EndpointMatch, EndpointName } from './emulator-endpoints.ts';
export { ANY_PATH, FAULT_KINDS } from './faults.ts';
export type { EmulatorFault, FaultOptions, FlowFault } from './faults.ts';
export * from './flow-catalog.ts';
export { CHANGED_LABELS, FLOW_EDITOR_CONTROLS, FLOW_EDITOR_ERROR_SELECTOR } from './flow-editor-page.ts';
export { FLOW_PAGE_CSP } from './flow-pages.ts';
export type { WizGlobalData } from './flow-pages.ts';
export { FLOW_LEGACY_SESSION_COOKIE, FLOW_SESSION_COOKIE } from './flow-session-store.ts';
export { DEFAULT_SIGNED_URL_LIFETIME_MS, FLOW_CONTENT_ORIGIN } from './flow-signed-urls.ts';
export { JPEG_MAGIC } from './flow-image-renderer.ts';
export {
  CHECKED_TIMESTAMP_COOKIE,
  DEFAULT_GOOGLE_COOKIE_ROTATION,
  ROTATING_GOOGLE_COOKIES,
  STABLE_GOOGLE_COOKIES,
} from './google-account-cookies.ts';
export type { GoogleCookieRotation } from './google-account-cookies.ts';
export { RECAPTCHA_TOKEN_LIFETIME_MS, RECAPTCHA_TOKEN_PREFIX } from './recaptcha-ledger.ts';
export type { RecaptchaMint, RecaptchaMinter, RecaptchaUse, RecaptchaVerdict } from './recaptcha-ledger.ts';
export { XSSI_PREFIX } from './batchexecute-wire.ts';
export { CSRF_COOKIE, SESSION_CHUNK_SIZE, SESSION_COOKIE } from './labs-cookies.ts';
export { ACCOUNT_COOKIES } from './routes/accounts-routes.ts';
export { CONTROL_PATH_PREFIX } from './routes/control-routes.ts';
export type { LoggedRequest, RequestLog, RequestQuery } from './request-log.ts';
export { IMAGE_FX_USER_ID, LABS_FLOW_USER_ID, SECOND_STEP_FORM, SIGN_IN_FORM, TOOL_RETIRED_ID } from './sign-in-pages.ts';
export { EMULATED_IMAGE_SIZES, PNG_SIGNATURE } from './png-encoder.ts';
