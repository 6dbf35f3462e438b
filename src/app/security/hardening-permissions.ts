/**
 * Which web permissions a page may use. A session without handlers grants every permission request
 * (Electron security checklist item 5), and Google's sign-in pages load in their own sessions, so every
 * session gets the same deny-by-default policy: a permission is granted only to an origin that lists it.
 * Requests and the synchronous checks Chromium makes before some APIs are decided alike.
 */
import type { Session } from 'electron';
import { APP_ORIGIN } from './app-protocol.ts';

type PermissionRequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;

/** A permission name as Electron passes it to the session handlers. */
export type WebPermission = Parameters<PermissionRequestHandler>[1];

/** Permissions each origin (`scheme://host[:port]`) may have. Origins not listed have none. */
export type PermissionGrants = Readonly<Record<string, readonly WebPermission[]>>;

/**
 * The app's own page may write to the clipboard (copying a prompt); nothing else is granted to anyone:
 * no camera, microphone, notifications, geolocation, devices, or opening external protocol handlers.
 */
export const APP_PERMISSION_GRANTS: PermissionGrants = {
  [APP_ORIGIN]: ['clipboard-sanitized-write'],
};

/** What a refused permission request is reported as: the origin only, never the page's full URL. */
export interface RefusedPermission {
  readonly permission: WebPermission;
  readonly origin: string;
}

/**
 * `scheme://host[:port]` of `url`, or null when it does not parse. Written out rather than `URL.origin`,
 * which is the string "null" for schemes Node's URL parser does not know, such as the app's `app:`.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** True when `grants` give `permission` to the origin of `url` (a page URL or a bare origin). */
export function isPermissionGranted(grants: PermissionGrants, permission: WebPermission, url: string): boolean {
  const origin = originOf(url);
  if (origin === null || !Object.hasOwn(grants, origin)) return false;
  return grants[origin]?.includes(permission) ?? false;
}

/** The two `Session` methods the policy is installed with. */
export type PermissionHandlerTarget = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/**
 * Installs `grants` as `session`'s permission request and check handlers. A request is judged by the URL of
 * the frame that asked (`details.requestingUrl`), so a third-party frame never borrows its parent's grants.
 */
export function applyPermissionPolicy(
  session: PermissionHandlerTarget,
  grants: PermissionGrants,
  onRefused: (refused: RefusedPermission) => void = () => {},
): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const granted = isPermissionGranted(grants, permission, details.requestingUrl);
    if (!granted) onRefused({ permission, origin: originOf(details.requestingUrl) ?? 'unknown' });
    callback(granted);
  });
  // Checks are not reported: Chromium makes them on its own (pages probe many APIs on load), so they say
  // nothing about what a page tried to do.
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionGranted(grants, permission, requestingOrigin));
}
