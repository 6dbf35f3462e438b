/**
 * Fake `WebContents` and `WebFrameMain`. Programmatic loads (`loadURL`) emit what Electron emits for them and
 * never `will-navigate`; the `simulate…` helpers play the page or the user instead (a link click, a server
 * redirect, `window.open`, a `<webview>`), emitting the same preventable events Electron emits, in the same
 * order, and report whether the app's handlers prevented them.
 */
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import { FakeDebugger } from './fake-debugger.ts';
import type { FakeSession } from './fake-session.ts';
import { chromiumOrigin, createPreventableEvent } from './preventable-event.ts';

/** What a fake webContents needs from the rest of the shim. */
export interface FakeWebContentsContext {
  /** Delivers `webContents.send` to the renderer side (the fake `ipcRenderer`). */
  deliverToRenderer(sender: FakeWebContents, channel: string, args: unknown[]): void;
  onDestroyed(webContents: FakeWebContents): void;
}

let nextId = 1;

/** The fake main frame of a webContents: its URL and origin follow the page. */
export class FakeWebFrameMain extends EventEmitter
  implements Pick<Electron.WebFrameMain, 'url' | 'origin' | 'routingId' | 'processId' | 'frameTreeNodeId' | 'name' | 'detached' | 'isDestroyed'> {
  readonly #webContents: FakeWebContents;
  readonly routingId = 1;
  readonly name = '';

  constructor(webContents: FakeWebContents) {
    super();
    this.#webContents = webContents;
  }

  get url(): string { return this.#webContents.getURL(); }
  get origin(): string { return chromiumOrigin(this.url); }
  get processId(): number { return this.#webContents.getProcessId(); }
  get frameTreeNodeId(): number { return this.#webContents.id * 100; }
  get detached(): boolean { return this.#webContents.isDestroyed(); }
  get top(): FakeWebFrameMain { return this; }
  get parent(): null { return null; }
  isDestroyed(): boolean { return this.#webContents.isDestroyed(); }
}

/** Options for a simulated navigation. */
export interface SimulatedNavigation {
  readonly isMainFrame?: boolean;
  readonly isSameDocument?: boolean;
}

type WebContentsSurface = Pick<
  Electron.WebContents,
  | 'id' | 'getURL' | 'loadURL' | 'getTitle' | 'setUserAgent' | 'getUserAgent' | 'send' | 'isDestroyed' | 'close'
  | 'isLoading' | 'reload' | 'stop' | 'focus' | 'openDevTools' | 'closeDevTools' | 'isDevToolsOpened'
  | 'getProcessId' | 'getOSProcessId' | 'setWindowOpenHandler' | 'getType' | 'setAudioMuted' | 'isAudioMuted'
>;

/** One fake `WebContents`. */
export class FakeWebContents extends EventEmitter implements WebContentsSurface {
  readonly id = nextId++;
  readonly session: FakeSession;
  readonly mainFrame: FakeWebFrameMain;
  readonly webPreferences: Electron.WebPreferences;
  /** The DevTools pipe (`webContents.debugger`). */
  readonly debugger = new FakeDebugger();
  /** Every URL passed to `loadURL`, in order. */
  readonly loadedUrls: string[] = [];
  /** Every `send(channel, ...args)`, in order. */
  readonly sentMessages: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse) | undefined;
  #url = '';
  #title = '';
  #userAgent: string | undefined;
  #destroyed = false;
  #devToolsOpen = false;
  #audioMuted = false;
  #nextLoadFailure: { errorCode: number; errorDescription: string } | undefined;
  readonly #context: FakeWebContentsContext;

  constructor(session: FakeSession, webPreferences: Electron.WebPreferences, context: FakeWebContentsContext) {
    super();
    this.session = session;
    this.webPreferences = webPreferences;
    this.#context = context;
    this.mainFrame = new FakeWebFrameMain(this);
  }

  getURL(): string { return this.#url; }
  getTitle(): string { return this.#title || this.#url; }
  getType(): 'window' { return 'window'; }
  getProcessId(): number { return 1000 + this.id; }
  getOSProcessId(): number { return 20000 + this.id; }
  getLastWebPreferences(): Electron.WebPreferences { return this.webPreferences; }
  isDestroyed(): boolean { return this.#destroyed; }
  isLoading(): boolean { return false; }
  isDevToolsOpened(): boolean { return this.#devToolsOpen; }
  openDevTools(): void { this.#devToolsOpen = true; }
  closeDevTools(): void { this.#devToolsOpen = false; }
  focus(): void { this.emit('focus'); }
  reload(): void { void this.loadURL(this.#url); }
  stop(): void {}
  setUserAgent(userAgent: string): void { this.#userAgent = userAgent; }
  setAudioMuted(muted: boolean): void { this.#audioMuted = muted; }
  isAudioMuted(): boolean { return this.#audioMuted; }
  getUserAgent(): string { return this.#userAgent ?? this.session.getUserAgent(); }

  setWindowOpenHandler(handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.#assertAlive();
    this.sentMessages.push({ channel, args: structuredClone(args) });
    this.#context.deliverToRenderer(this, channel, structuredClone(args));
  }

  /**
   * Loads `url` as Electron does for a programmatic load: no `will-navigate`; `did-start-loading`,
   * `did-navigate`, `dom-ready`, `did-finish-load`, `did-stop-loading`. With `failNextLoad` armed it emits
   * `did-fail-load` and rejects with Electron's `<description> (<code>) loading '<url>'` error instead.
   */
  async loadURL(url: string): Promise<void> {
    this.#assertAlive();
    this.loadedUrls.push(url);
    await Promise.resolve();
    this.emit('did-start-loading');
    const failure = this.#nextLoadFailure;
    if (failure) {
      this.#nextLoadFailure = undefined;
      this.emit('did-fail-load', createPreventableEvent(), failure.errorCode, failure.errorDescription, url, true, 1, 1);
      this.emit('did-stop-loading');
      throw Object.assign(new Error(`${failure.errorDescription} (${failure.errorCode}) loading '${url}'`), {
        errno: failure.errorCode,
        code: failure.errorDescription,
        url,
      });
    }
    this.#url = url;
    this.emit('did-navigate', createPreventableEvent(), url, 200, 'OK');
    this.emit('dom-ready', createPreventableEvent());
    this.emit('did-finish-load', createPreventableEvent());
    this.emit('did-stop-loading');
  }

  close(): void {
    this.destroy();
  }

  /** Tears the page down: emits `destroyed` once. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.debugger.targetClosed();
    this.emit('destroyed');
    this.#context.onDestroyed(this);
  }

  // ---- test helpers: play the page, the user or the server ----------------------------------------------

  /** The next `loadURL` fails, e.g. `{ errorCode: -105, errorDescription: 'ERR_NAME_NOT_RESOLVED' }`. */
  failNextLoad(failure: { errorCode: number; errorDescription: string }): void {
    this.#nextLoadFailure = failure;
  }

  /** The renderer process died (`render-process-gone`, reason `crashed`); the webContents itself lives on. */
  simulateCrash(): void {
    this.emit('render-process-gone', createPreventableEvent(), { reason: 'crashed', exitCode: 139 });
  }

  /** Sets the page title, emitting `page-title-updated`. */
  setTitleFromPage(title: string): void {
    this.#title = title;
    this.emit('page-title-updated', createPreventableEvent(), title, true);
  }

  /**
   * A navigation the page starts (link, form, `location = …`): `will-frame-navigate`, then for the main
   * frame `will-navigate`. Unless prevented, the page's URL changes and `did-navigate` follows.
   */
  simulateNavigation(url: string, options: SimulatedNavigation = {}): { prevented: boolean } {
    return this.#navigate(url, options, 'navigate');
  }

  /** A server redirect during a navigation: `will-redirect`; preventing it cancels the whole navigation. */
  simulateRedirect(url: string, options: SimulatedNavigation = {}): { prevented: boolean } {
    return this.#navigate(url, options, 'redirect');
  }

  /** `window.open(url)` or a `target=_blank` link: asks the window-open handler (Electron allows by default). */
  simulateWindowOpen(url: string, details: Partial<Electron.HandlerDetails> = {}): Electron.WindowOpenHandlerResponse {
    const full: Electron.HandlerDetails = {
      url,
      frameName: '',
      features: '',
      disposition: 'foreground-tab',
      referrer: { url: this.#url, policy: 'strict-origin-when-cross-origin' },
      ...details,
    };
    return this.windowOpenHandler ? this.windowOpenHandler(full) : { action: 'allow' };
  }

  /**
   * Input the OS delivers to the page (a click is `mouseDown` then `mouseUp`): Electron emits `input-event`
   * for it. Page script cannot cause this event; only the user (or `sendInputEvent`) can.
   */
  simulateUserInput(input: Electron.InputEvent): void {
    this.#assertAlive();
    this.emit('input-event', createPreventableEvent(), input);
  }

  /** A `<webview>` about to attach: `will-attach-webview`, whose handlers may edit both objects or prevent it. */
  simulateAttachWebview(
    webPreferences: Electron.WebPreferences,
    params: Record<string, string>,
  ): { prevented: boolean; webPreferences: Electron.WebPreferences; params: Record<string, string> } {
    const event = createPreventableEvent();
    this.emit('will-attach-webview', event, webPreferences, params);
    return { prevented: event.defaultPrevented, webPreferences, params };
  }

  #navigate(url: string, options: SimulatedNavigation, kind: 'navigate' | 'redirect'): { prevented: boolean } {
    this.#assertAlive();
    const isMainFrame = options.isMainFrame ?? true;
    const isSameDocument = options.isSameDocument ?? false;
    const params = { url, isSameDocument, isMainFrame, frame: this.mainFrame, initiator: this.mainFrame };
    const legacyArgs = [url, isSameDocument, isMainFrame, this.getProcessId(), this.mainFrame.routingId];
    let prevented: boolean;
    if (kind === 'redirect') {
      const event = createPreventableEvent(params);
      this.emit('will-redirect', event, ...legacyArgs);
      prevented = event.defaultPrevented;
    } else {
      const frameEvent = createPreventableEvent(params);
      this.emit('will-frame-navigate', frameEvent);
      prevented = frameEvent.defaultPrevented;
      if (!prevented && isMainFrame) {
        const event = createPreventableEvent(params);
        this.emit('will-navigate', event, ...legacyArgs);
        prevented = event.defaultPrevented;
      }
    }
    if (!prevented && isMainFrame) {
      this.#url = url;
      this.emit('did-navigate', createPreventableEvent(), url, 200, 'OK');
    }
    return { prevented };
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }
}
