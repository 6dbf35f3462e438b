/**
 * Fake `Session`s: one per partition name (as `session.fromPartition` promises), each with a real cookie jar
 * and recorders for the handlers the app installs (permissions, certificate verification, web requests),
 * plus helpers that play Chromium's part and call those handlers.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type * as Electron from 'electron';
import { FakeCookies, cookieMatchesUrl } from './fake-cookies.ts';

type PermissionRequestHandler = Parameters<Electron.Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<Electron.Session['setPermissionCheckHandler']>[0];
type CertificateVerifyProc = Parameters<Electron.Session['setCertificateVerifyProc']>[0];
/** A permission name Electron passes to the handlers. */
export type PermissionName = Parameters<NonNullable<PermissionRequestHandler>>[1];

/** Electron's default user agent shape for this app on Electron 45 (Chromium 140) on Linux. */
export function defaultUserAgent(appName: string, appVersion: string): string {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ${appName}/${appVersion} `
    + 'Chrome/140.0.7339.133 Electron/45.4.1 Safari/537.36';
}

/** `session.webRequest`: remembers the last listener (and filter) registered for each event. */
export class FakeWebRequest {
  readonly listeners = new Map<string, { filter: Electron.WebRequestFilter | undefined; listener: unknown }>();

  #record(name: string, args: unknown[]): void {
    const [first, second] = args;
    const hasFilter = args.length > 1;
    const listener = hasFilter ? second : first;
    if (listener === null || listener === undefined) this.listeners.delete(name);
    else this.listeners.set(name, { filter: hasFilter ? (first as Electron.WebRequestFilter) : undefined, listener });
  }

  onBeforeRequest(...args: unknown[]): void { this.#record('onBeforeRequest', args); }
  onBeforeSendHeaders(...args: unknown[]): void { this.#record('onBeforeSendHeaders', args); }
  onSendHeaders(...args: unknown[]): void { this.#record('onSendHeaders', args); }
  onHeadersReceived(...args: unknown[]): void { this.#record('onHeadersReceived', args); }
  onResponseStarted(...args: unknown[]): void { this.#record('onResponseStarted', args); }
  onBeforeRedirect(...args: unknown[]): void { this.#record('onBeforeRedirect', args); }
  onCompleted(...args: unknown[]): void { this.#record('onCompleted', args); }
  onErrorOccurred(...args: unknown[]): void { this.#record('onErrorOccurred', args); }
}

type SessionSurface = Pick<
  Electron.Session,
  | 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setCertificateVerifyProc' | 'clearStorageData'
  | 'clearCache' | 'clearAuthCache' | 'setUserAgent' | 'getUserAgent' | 'isPersistent' | 'getStoragePath'
  | 'storagePath' | 'fetch'
>;

/** What a fake session needs from the rest of the shim. */
export interface FakeSessionContext {
  readonly now: () => number;
  readonly sessionDataDir: () => string;
  readonly userAgent: () => string;
  readonly fetch: Electron.Net['fetch'];
  /** Electron emits `app` `session-created` for every new session. */
  readonly onCreated: (session: FakeSession) => void;
}

/** One fake `Session`. */
export class FakeSession extends EventEmitter implements SessionSurface {
  readonly partition: string;
  readonly cookies: FakeCookies;
  readonly webRequest = new FakeWebRequest();
  permissionRequestHandler: PermissionRequestHandler = null;
  permissionCheckHandler: PermissionCheckHandler = null;
  certificateVerifyProc: CertificateVerifyProc = null;
  /** Every `clearStorageData`, `clearCache` and `clearAuthCache` call, in order. */
  readonly clearCalls: { method: string; options?: Electron.ClearStorageDataOptions }[] = [];
  readonly fetch: Electron.Net['fetch'];
  readonly #context: FakeSessionContext;
  #userAgent: string | undefined;
  #acceptLanguages: string | undefined;

  constructor(partition: string, context: FakeSessionContext) {
    super();
    this.partition = partition;
    this.#context = context;
    this.cookies = new FakeCookies(context.now);
    this.fetch = (input, init) => context.fetch(input, init);
  }

  get storagePath(): string | null {
    return this.getStoragePath();
  }

  isPersistent(): boolean {
    return this.partition === '' || this.partition.startsWith('persist:');
  }

  getStoragePath(): string | null {
    if (this.partition === '') return this.#context.sessionDataDir();
    if (!this.isPersistent()) return null;
    return path.join(this.#context.sessionDataDir(), 'Partitions', this.partition.slice('persist:'.length));
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }

  setCertificateVerifyProc(proc: CertificateVerifyProc): void {
    this.certificateVerifyProc = proc;
  }

  async clearStorageData(options?: Electron.ClearStorageDataOptions): Promise<void> {
    this.clearCalls.push(options ? { method: 'clearStorageData', options } : { method: 'clearStorageData' });
    if (options?.storages && !options.storages.includes('cookies')) return;
    if (!options?.origin) {
      this.cookies.clear();
      return;
    }
    const origin = new URL(options.origin);
    for (const cookie of await this.cookies.get({})) {
      if (cookieMatchesUrl(cookie, origin)) await this.cookies.remove(options.origin, cookie.name);
    }
  }

  clearCache(): Promise<void> {
    this.clearCalls.push({ method: 'clearCache' });
    return Promise.resolve();
  }

  clearAuthCache(): Promise<void> {
    this.clearCalls.push({ method: 'clearAuthCache' });
    return Promise.resolve();
  }

  setUserAgent(userAgent: string, acceptLanguages?: string): void {
    this.#userAgent = userAgent;
    this.#acceptLanguages = acceptLanguages;
  }

  getUserAgent(): string {
    return this.#userAgent ?? this.#context.userAgent();
  }

  /** The `acceptLanguages` last passed to `setUserAgent`, if any. */
  getAcceptLanguages(): string | undefined {
    return this.#acceptLanguages;
  }

  /**
   * Plays Chromium verifying a server certificate: calls the installed proc and resolves with its verdict
   * (0 accept, -2 reject, -3 use Chromium's own result). Without a proc Chromium decides: resolves -3.
   */
  verifyCertificate(request: Electron.Request): Promise<number> {
    const proc = this.certificateVerifyProc;
    if (!proc) return Promise.resolve(-3);
    return new Promise((resolve) => proc(request, resolve));
  }

  /** Plays a page asking for `permission`; Electron grants it when no handler is installed. */
  requestPermission(
    webContents: Electron.WebContents,
    permission: PermissionName,
    details: Electron.PermissionRequest,
  ): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(webContents, permission, resolve, details));
  }

  /** Plays a synchronous permission check; Electron allows it when no handler is installed. */
  checkPermission(
    webContents: Electron.WebContents | null,
    permission: PermissionName,
    requestingOrigin: string,
    details: Electron.PermissionCheckHandlerHandlerDetails,
  ): boolean {
    const handler = this.permissionCheckHandler;
    return handler ? handler(webContents, permission, requestingOrigin, details) : true;
  }
}

/** `session.fromPartition` / `session.defaultSession`: one session per partition name. */
export class SessionRegistry {
  readonly #sessions = new Map<string, FakeSession>();
  readonly #context: FakeSessionContext;

  constructor(context: FakeSessionContext) {
    this.#context = context;
  }

  get defaultSession(): FakeSession {
    return this.fromPartition('');
  }

  fromPartition(partition: string): FakeSession {
    let found = this.#sessions.get(partition);
    if (!found) {
      found = new FakeSession(partition, this.#context);
      this.#sessions.set(partition, found);
      this.#context.onCreated(found);
    }
    return found;
  }

  /** Every session created so far, by partition name (`''` is the default session). */
  all(): ReadonlyMap<string, FakeSession> {
    return this.#sessions;
  }

  reset(): void {
    for (const session of this.#sessions.values()) {
      session.removeAllListeners();
      session.cookies.removeAllListeners();
    }
    this.#sessions.clear();
  }
}
