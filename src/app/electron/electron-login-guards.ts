/**
 * The Electron side of the login policy: the login window's options and the handlers that hold it to the
 * allow-list, and the rules every window showing Google's pages on an account partition shares (the
 * sign-in window, the hidden Flow page). Decisions come from src/auth/login/login-policy.ts; this file only
 * wires them to Electron's events (https://www.electronjs.org/docs/latest/tutorial/security — items 4, 5, 6,
 * 12, 13, 14, 15).
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';
import { decideNavigation, decideWindowOpen, GOOGLE_SIGN_IN_HOSTS, isAllowedUrl, userAgentPlan, type LoginPolicy, type NavigationKind } from '../../auth/login/index.ts';
import type { Clock } from '../../core/index.ts';
import type { ContentsPolicy } from '../security/hardening-contents-guard.ts';
import { UserActivation } from '../security/user-activation.ts';

/** A window showing Google's pages: sandboxed, isolated, no Node, no preload, no `<webview>`, on `partition`. */
export function googlePageWebPreferences(partition: string, devTools: boolean): WebPreferences {
  return {
    partition,
    devTools,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** The login window's constructor options: sandboxed, isolated, no preload, its own partition. */
export function loginWindowOptions(options: {
  readonly partition: string;
  readonly visible: boolean;
  readonly parent: BrowserWindow | null;
  /** DevTools: false in packaged builds. */
  readonly devTools: boolean;
}): BrowserWindowConstructorOptions {
  const modalParent = options.visible ? options.parent : null;
  return {
    width: 500,
    height: 700,
    title: 'Sign in to ImageFX',
    // Shown on `ready-to-show` when visible; a hidden (silent re-sign-in) window is never shown.
    show: false,
    ...(modalParent ? { parent: modalParent, modal: true } : {}),
    ...(options.visible ? {} : { skipTaskbar: true }),
    autoHideMenuBar: true,
    webPreferences: { ...googlePageWebPreferences(options.partition, options.devTools), safeDialogs: true },
  };
}

/**
 * Holds the page to the policy: every frame navigation and redirect outside the allow-list is prevented
 * (a refused main-frame link to a public https page opens in the system browser instead, when the user
 * clicked it: see user-activation.ts), `window.open` never creates a window, and `<webview>` never
 * attaches. Electron emits `will-frame-navigate` first and, for the main frame, `will-navigate` only if
 * that was not prevented; both are checked.
 */
export function guardLoginContents(contents: WebContents, policy: LoginPolicy, openExternal: (url: string) => void, clock: Pick<Clock, 'now'>): void {
  const activation = new UserActivation(contents, clock);
  // Page script navigating on its own (44 calls to 18 hosts in the red-team run) opens nothing.
  const openIfUserStarted = (url: string | null): void => {
    if (url && activation.consume()) openExternal(url);
  };
  const check = (event: { preventDefault(): void }, url: string, kind: NavigationKind, mayOpenExternally: boolean): void => {
    const decision = decideNavigation(policy, url, kind);
    if (decision.allow) return;
    event.preventDefault();
    if (mayOpenExternally) openIfUserStarted(decision.openExternally);
  };
  contents.on('will-frame-navigate', (event) => {
    check(event, event.url, event.isMainFrame ? 'main-frame' : 'sub-frame', event.isMainFrame);
  });
  contents.on('will-navigate', (event) => check(event, event.url, 'main-frame', false));
  contents.on('will-redirect', (event) => check(event, event.url, 'redirect', false));
  contents.setWindowOpenHandler(({ url }) => {
    openIfUserStarted(decideWindowOpen(policy, url).openExternally);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Session-wide rules for the account's partition: every permission request and check is denied, nothing
 * downloads, and the user-agent strategy's per-host header is installed (or removed).
 */
export function guardLoginSession(session: Session, policy: LoginPolicy, platform: string): void {
  refusePermissionsAndDownloads(session);
  const plan = userAgentPlan(policy.userAgent, session.getUserAgent(), platform);
  const hostUserAgent = plan.googleSignInHosts;
  if (hostUserAgent === null) {
    session.webRequest.onBeforeSendHeaders(null);
    return;
  }
  // A header rewrite, not setUserAgent: the Firefox UA is meant for Google's sign-in hosts only.
  const urls = GOOGLE_SIGN_IN_HOSTS.map((host) => `https://${host}/*`);
  session.webRequest.onBeforeSendHeaders({ urls }, (details, callback) => {
    callback({ requestHeaders: { ...details.requestHeaders, 'User-Agent': hostUserAgent } });
  });
}

/**
 * An account partition grants no permission (request or check) and downloads nothing, whichever window of
 * the account (sign-in, the hidden Flow page) gets there first. Safe to call again.
 */
export function refusePermissionsAndDownloads(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  if (session.listenerCount('will-download') === 0) session.on('will-download', (event) => event.preventDefault());
}

/** Applies the strategy's whole-window UA (before the first load), if it has one. */
export function applyWindowUserAgent(contents: WebContents, policy: LoginPolicy, platform: string): void {
  const plan = userAgentPlan(policy.userAgent, contents.getUserAgent(), platform);
  if (plan.wholeWindow !== null) contents.setUserAgent(plan.wholeWindow);
}

/**
 * The sign-in window's entry for the app-wide `web-contents-created` guard (hardening-contents-guard.ts),
 * which refuses every main-frame navigation of a webContents nobody registered. Same allow-list as above;
 * external links are opened by this adapter's own window-open handler, which replaces the guard's.
 */
export function signInContentsPolicy(policy: LoginPolicy): ContentsPolicy {
  return { name: 'sign-in', mayNavigate: (url) => isAllowedUrl(policy, url.href) };
}
