/**
 * The labs.google emulator: one import for tests.
 */
export { startEmulator } from './start-emulator.ts';
export type { Emulator, EmulatorOptions } from './start-emulator.ts';
export { EmulatorControl, HTTP_CONTROL_METHODS } from './emulator-control.ts';
export type { EmulatorSnapshot, IssuedSession } from './emulator-control.ts';
export { DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT } from './emulator-accounts.ts';
export type { EmulatorAccount, EmulatorAccountInput } from './emulator-accounts.ts';
export type { EmulatorClock } from './emulator-clock.ts';
export { AUTH_CALLBACK_URL, EMULATOR_ENDPOINTS, IMAGE_FX_URL, SIGN_IN_URL } from './emulator-endpoints.ts';
export type { EndpointMatch, EndpointName } from './emulator-endpoints.ts';
export { ANY_PATH, FAULT_KINDS } from './faults.ts';
export type { EmulatorFault, FaultOptions } from './faults.ts';
export { CSRF_COOKIE, SESSION_CHUNK_SIZE, SESSION_COOKIE } from './labs-cookies.ts';
export { ACCOUNT_COOKIES } from './routes/accounts-routes.ts';
export { CONTROL_PATH_PREFIX } from './routes/control-routes.ts';
export type { LoggedRequest, RequestLog, RequestQuery } from './request-log.ts';
export { IMAGE_FX_USER_ID, SECOND_STEP_FORM, SIGN_IN_FORM } from './sign-in-pages.ts';
export { EMULATED_IMAGE_SIZES, PNG_SIGNATURE } from './png-encoder.ts';
