/**
 * auth/session — one signed-in labs.google session kept alive: `SecureSessionManager` (cache, safety
 * margin, one refresh in flight, the four outcome classes), the session client that asks labs.google, the
 * refresh scheduler with wake signals, the session record and the auth event stream. The bottom room of
 * auth: it stores through the `SessionStore` port (the vault) and re-signs in through the
 * `SilentReauthenticator` port (login).
 */
export { AUTH_EVENT_LOG_FILE_NAME, AuthEventLog } from './auth-event-log.ts';
export { AuthEventStream } from './auth-events.ts';
export type { WakeReason } from './refresh-scheduler.ts';
export { SecureSessionManager } from './secure-session-manager.ts';
export { LABS_ORIGIN, SessionClient } from './session-client.ts';
export type { SessionMetadata, SilentReauthenticator } from './session-manager-ports.ts';
export {
  CSRF_COOKIE_NAME,
  hasSessionCookie,
  isSessionCookieName,
  mergeCookies,
  SESSION_COOKIE_NAME,
  type AccountProfile,
  type SessionCookie,
  type SessionRecord,
  type SessionVia,
} from './session-record.ts';
