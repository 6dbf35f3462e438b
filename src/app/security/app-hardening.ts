/**
 * Process-wide hardening, installed once by the composition root before `app` is ready:
 * - `app.enableSandbox()`: every renderer is sandboxed, whatever its webPreferences say (checklist item 4);
 * - the single-instance lock: a second launch hands over to the running app and quits, so two processes
 *   never write the same vault, settings and gallery;
 * - deny-by-default permission handlers on every session, the default one and each sign-in partition
 *   (item 5, see hardening-permissions.ts);
 * - the `web-contents-created` guard (items 11–14, see hardening-contents-guard.ts).
 * The decisions live in those Electron-free siblings; this file only connects them to Electron's events.
 */
import { app, session, shell } from 'electron';
import type { Clock } from '../../core/index.ts';
import { WebContentsGuard, type RefusedContentsAction } from './hardening-contents-guard.ts';
import {
  APP_PERMISSION_GRANTS, applyPermissionPolicy, type PermissionGrants, type PermissionHandlerTarget,
  type RefusedPermission,
} from './hardening-permissions.ts';

export interface AppHardeningOptions {
  /** The user started the app again while it runs: show and focus the main window. */
  readonly onSecondInstance: () => void;
  /** Permissions per origin; default {@link APP_PERMISSION_GRANTS}. */
  readonly permissionGrants?: PermissionGrants;
  /** Told about every refused navigation, window, webview or permission request (origins only). */
  readonly onRefused?: (refused: RefusedContentsAction | RefusedPermission) => void;
  /** Time, for how long a click counts as the user's before a link may open in the browser. */
  readonly clock: Pick<Clock, 'now'>;
}

/** What {@link hardenApp} hands back. */
export type AppHardening =
  /** Another instance holds the lock; `app.quit()` has been called. Create nothing and return. */
  | { readonly isPrimaryInstance: false }
  /** This is the one instance. Register each window the app creates with `contentsGuard.allow`. */
  | { readonly isPrimaryInstance: true; readonly contentsGuard: WebContentsGuard };

/**
 * Hardens the app. Must run before `ready` (`app.enableSandbox()` throws afterwards) and before any
 * window or session exists, so that none escapes the guard.
 */
export function hardenApp(options: AppHardeningOptions): AppHardening {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { isPrimaryInstance: false };
  }
  app.on('second-instance', () => options.onSecondInstance());

  const onRefused = options.onRefused ?? (() => {});
  const grants = options.permissionGrants ?? APP_PERMISSION_GRANTS;
  const applyPermissions = (target: PermissionHandlerTarget): void => applyPermissionPolicy(target, grants, onRefused);
  app.on('session-created', applyPermissions);
  // The default session may exist before anyone listens for `session-created`; installing twice is harmless.
  void app.whenReady().then(() => applyPermissions(session.defaultSession));

  const contentsGuard = new WebContentsGuard({ openExternal: (url) => shell.openExternal(url), onRefused, clock: options.clock });
  app.on('web-contents-created', (_event, contents) => contentsGuard.watch(contents));
  return { isPrimaryInstance: true, contentsGuard };
}
