/**
 * The fake `BrowserWindow`: keeps the constructor options (above all `webPreferences`) for assertions, has a
 * fake `webContents` in the session the options name, and follows Electron's lifecycle: it cannot be made
 * before `ready`; `close()` emits a preventable `close`, then `closed`; the last window closing emits
 * `window-all-closed` on the app (or quits it when nobody listens, as Electron does).
 */
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import type { FakeSession } from './fake-session.ts';
import { FakeWebContents, type FakeWebContentsContext } from './fake-web-contents.ts';
import { createPreventableEvent } from './preventable-event.ts';

/** What fake windows need from the rest of the shim. */
export interface FakeWindowContext extends FakeWebContentsContext {
  isReady(): boolean;
  sessionFor(webPreferences: Electron.WebPreferences): FakeSession;
  /** Electron emits `app` `web-contents-created` for every new webContents, before the constructor returns. */
  onWebContentsCreated(webContents: FakeWebContents): void;
  /** Every window created since the last reset, closed or not. */
  readonly created: FakeBrowserWindow[];
  /** Called after a window closes; the shim decides whether that was the last one. */
  onWindowClosed(window: FakeBrowserWindow): void;
}

let nextWindowId = 1;

type WindowSurface = Pick<
  Electron.BrowserWindow,
  | 'id' | 'loadURL' | 'show' | 'showInactive' | 'hide' | 'focus' | 'blur' | 'close' | 'destroy' | 'isDestroyed'
  | 'isVisible' | 'isFocused' | 'setTitle' | 'getTitle' | 'isModal' | 'removeMenu' | 'setMenuBarVisibility'
>;

/** One fake `BrowserWindow`. */
export class FakeBrowserWindow extends EventEmitter implements WindowSurface {
  /** Set once by the shim: how windows reach the app, the sessions and the registry. */
  static context: FakeWindowContext;

  readonly id = nextWindowId++;
  /** The options exactly as the app passed them. */
  readonly options: Electron.BrowserWindowConstructorOptions;
  readonly webContents: FakeWebContents;
  #visible: boolean;
  #focused = false;
  #destroyed = false;
  #title: string;
  #parent: FakeBrowserWindow | null = null;
  #menuRemoved = false;

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    const context = FakeBrowserWindow.context;
    if (!context.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    const webPreferences = options.webPreferences ?? {};
    this.webContents = new FakeWebContents(context.sessionFor(webPreferences), webPreferences, context);
    context.onWebContentsCreated(this.webContents);
    this.#visible = options.show ?? true;
    this.#title = options.title ?? '';
    if (options.parent) this.setParentWindow(options.parent as unknown as FakeBrowserWindow);
    // Electron emits `ready-to-show` once, when the first page has rendered.
    this.webContents.once('did-finish-load', () => this.emit('ready-to-show'));
    context.created.push(this);
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.context.created.filter((window) => !window.isDestroyed());
  }

  static fromId(id: number): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.id === id) ?? null;
  }

  static fromWebContents(webContents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.webContents === webContents) ?? null;
  }

  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.isFocused()) ?? null;
  }

  loadURL(url: string, options?: Electron.LoadURLOptions): Promise<void> {
    this.#assertAlive();
    void options;
    return this.webContents.loadURL(url);
  }

  show(): void {
    this.#assertAlive();
    this.#visible = true;
    this.emit('show');
    this.focus();
  }

  showInactive(): void {
    this.#assertAlive();
    this.#visible = true;
    this.emit('show');
  }

  hide(): void {
    this.#assertAlive();
    this.#visible = false;
    this.#focused = false;
    this.emit('hide');
  }

  focus(): void {
    this.#assertAlive();
    for (const other of FakeBrowserWindow.getAllWindows()) if (other !== this) other.#focused = false;
    this.#focused = true;
    this.emit('focus');
  }

  blur(): void {
    this.#assertAlive();
    this.#focused = false;
    this.emit('blur');
  }

  /** Emits a preventable `close`; unless prevented, the window is destroyed (`closed`). */
  close(): void {
    if (this.#destroyed) return;
    const event = createPreventableEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  /** Destroys without `close`, as Electron does: `closed`, and the page goes with it. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#visible = false;
    this.#focused = false;
    this.emit('closed');
    this.webContents.destroy();
    FakeBrowserWindow.context.onWindowClosed(this);
  }

  isDestroyed(): boolean { return this.#destroyed; }
  isVisible(): boolean { return this.#visible; }
  isFocused(): boolean { return this.#focused; }
  isModal(): boolean { return this.options.modal ?? false; }
  getTitle(): string { return this.#title; }
  setTitle(title: string): void { this.#title = title; }
  removeMenu(): void { this.#menuRemoved = true; }
  setMenuBarVisibility(visible: boolean): void { this.#menuRemoved = !visible; }
  /** Whether `removeMenu()` (or `setMenuBarVisibility(false)`) was called. */
  get menuRemoved(): boolean { return this.#menuRemoved; }

  setParentWindow(parent: FakeBrowserWindow | null): void {
    this.#assertAlive();
    this.#parent = parent;
  }

  getParentWindow(): FakeBrowserWindow | null {
    return this.#parent;
  }

  getChildWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.getAllWindows().filter((window) => window.#parent === this);
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }
}
