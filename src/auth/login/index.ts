/**
 * auth/login — getting a session from Google: the `LoginSurface` port (a sandboxed sign-in window on the
 * account's own in-memory partition; Electron's adapter lives in src/app/electron), the partition's cookie
 * jar kept in the vault across restarts, the navigation policy, the harvest of the session cookies once
 * sign-in completes, the silent re-sign-in in a hidden window, the cookie-paste fallback and the user-agent
 * choice.
 */
export { validateCookieHeader } from './cookie-import.ts';
export { AccountNotFoundError, LoginUrlRefusedError } from './login-errors.ts';
export {
  decideNavigation, decideWindowOpen, describeRefusal, FLOW_SIGN_IN_URL, isAllowedUrl, LABS_SIGN_IN_URL, type LoginPolicy, type NavigationKind,
} from './login-policy.ts';
export { LoginSettings } from './login-settings.ts';
export {
  loginPartition,
  type LoginCookieChange,
  type LoginNavigation,
  type LoginSurface,
  type LoginSurfaceOptions,
  type LoginSurfaceProvider,
} from './login-surface.ts';
export {
  isJarCookieDomain,
  JAR_COOKIE_DOMAINS,
  PartitionCookieJar,
  withRestoredJars,
  type CookieJarStore,
  type PartitionCookies,
} from './partition-cookie-jar.ts';
export type { HarvestedSession } from './session-harvester.ts';
export type { FlowAccountProbe } from './flow-sign-in-watch.ts';
export { beginInteractiveSignIn, type SignedInAccount, type SignInAttempt } from './sign-in-flow.ts';
export { HiddenSurfaceReauthenticator } from './silent-reauthenticator.ts';
export { GOOGLE_SIGN_IN_HOSTS, userAgentPlan } from './user-agent-strategy.ts';
