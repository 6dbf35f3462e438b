/**
 * The Flow backend's page in Electron: one hidden `BrowserWindow` per account on the account's own sign-in
 * partition (so it is signed in to Google as the account is), sandboxed, isolated, without a preload, never
 * throttled in the background, held to flow.google.com / flow-content.google / accounts.google.com by the
 * app's contents guard, and started from the account's sealed cookie jar. The DevTools protocol reaches it through `webContents.debugger` — Electron's
 * internal pipe; the app never opens a remote-debugging port. The window is reused between jobs; closing
 * it, or its page crashing, detaches the debugger, destroys the window and tells the driver
 * (`Inspector.detached`); the next job gets a new one.
 */
import { BrowserWindow, session as electronSession } from 'electron';
import type { BrowserWindowConstructorOptions, Debugger, WebContents } from 'electron';
import { loginPartition } from '../../auth/login/index.ts';
import { FLOW_PAGE_HOSTS, type FlowPagePort, type FlowPageProvider } from '../../services/imagefx/index.ts';
import type { ContentsPolicy } from '../security/hardening-contents-guard.ts';
import { googlePageWebPreferences, refusePermissionsAndDownloads } from './electron-login-guards.ts';

/** The DevTools protocol version `webContents.debugger` is attached with. */
export const DEBUGGER_PROTOCOL_VERSION = '1.3';

/** May the Flow page go to `url`? https on Flow's hosts only. */
export function isFlowPageUrl(url: URL): boolean {
  return url.protocol === 'https:' && !url.username && !url.password && FLOW_PAGE_HOSTS.includes(url.hostname);
}

/** The Flow window's entry for the app-wide contents guard. */
export function flowPageContentsPolicy(): ContentsPolicy {
  return { name: 'flow', mayNavigate: isFlowPageUrl };
}

/** The hidden Flow window's options. */
export function flowPageWindowOptions(partition: string): BrowserWindowConstructorOptions {
  return {
    // A desktop-sized viewport, so the editor lays out its controls as it does for a person.
    width: 1280,
    height: 900,
    show: false,
    skipTaskbar: true,
    title: 'Google Flow',
    webPreferences: {
      // Nobody sees this window, so nobody opens DevTools in it (the app reads the page over webContents.debugger).
      ...googlePageWebPreferences(partition, false),
      // A hidden page must keep its timers and rendering, or Flow's app and its clicks would stall.
      backgroundThrottling: false,
    },
  };
}

/** One hidden Flow page, as a {@link FlowPagePort}. */
class ElectronFlowPage implements FlowPagePort {
  readonly #window: BrowserWindow;
  readonly #debugger: Debugger;
  readonly #listeners = new Map<string, Set<(params: unknown) => void>>();
  readonly #onGone: () => void;
  #gone = false;

  constructor(window: BrowserWindow, onGone: () => void) {
    this.#window = window;
    this.#onGone = onGone;
    const contents = window.webContents;
    contents.setAudioMuted(true);
    this.#debugger = contents.debugger;
    this.#debugger.attach(DEBUGGER_PROTOCOL_VERSION);
    this.#debugger.on('message', (_event, method, params) => this.#emit(method, params));
    this.#debugger.on('detach', () => void this.close());
    contents.on('render-process-gone', () => void this.close());
    window.once('closed', () => this.#markGone());
  }

  get isGone(): boolean {
    return this.#gone;
  }

  async send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (this.#gone) throw new Error('The Flow page is closed.');
    return this.#debugger.sendCommand(method, params);
  }

  on(event: string, listener: (params: unknown) => void): () => void {
    const listeners = this.#listeners.get(event) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(event, listeners);
    return () => listeners.delete(listener);
  }

  async navigate(url: string): Promise<void> {
    const parsed = URL.parse(url);
    if (!parsed || !isFlowPageUrl(parsed)) throw new Error('The Flow page may only load Flow URLs.');
    if (this.#gone) throw new Error('The Flow page is closed.');
    await this.#window.loadURL(url);
  }

  async close(): Promise<void> {
    if (this.#debugger.isAttached()) this.#debugger.detach();
    // destroy(), not close(): the page must not be able to keep the window with `beforeunload`.
    if (!this.#window.isDestroyed()) this.#window.destroy();
    this.#markGone();
  }

  #emit(event: string, params: unknown): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(params);
      } catch {
        // A faulty listener must not stop the others.
      }
    }
  }

  #markGone(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#emit('Inspector.detached', { reason: 'target_closed' });
    this.#listeners.clear();
    this.#onGone();
  }
}

export interface ElectronFlowPageProviderOptions {
  /**
   * Called with each Flow window's webContents right after it is created, before anything loads: the
   * composition root registers it with the contents guard (`guard.allow(contents, flowPageContentsPolicy())`).
   */
  readonly registerContents: (contents: WebContents) => void;
  /**
   * Puts the account's sealed cookie jar back into its in-memory partition (`PartitionCookieJar.restore`,
   * once per run), before the window is made: a partition opened by the Flow page first must not start empty.
   */
  readonly restoreJar: (accountId: string) => Promise<void>;
}

/** One hidden Flow page per account, reused between jobs and made again after it closed or crashed. */
export class ElectronFlowPageProvider implements FlowPageProvider {
  readonly #options: ElectronFlowPageProviderOptions;
  readonly #pages = new Map<string, ElectronFlowPage>();

  constructor(options: ElectronFlowPageProviderOptions) {
    this.#options = options;
  }

  async pageFor(accountId: string): Promise<FlowPagePort> {
    const open = this.#pages.get(accountId);
    if (open && !open.isGone) return open;
    await this.#options.restoreJar(accountId);
    const reopened = this.#pages.get(accountId);
    if (reopened && !reopened.isGone) return reopened; // another caller made it meanwhile
    const partition = loginPartition(accountId);
    refusePermissionsAndDownloads(electronSession.fromPartition(partition));
    const window = new BrowserWindow(flowPageWindowOptions(partition));
    window.removeMenu();
    this.#options.registerContents(window.webContents);
    const page = new ElectronFlowPage(window, () => {
      if (this.#pages.get(accountId) === page) this.#pages.delete(accountId);
    });
    this.#pages.set(accountId, page);
    // Electron: "If sendCommand is called before the target has navigated … the returned promise may not
    // resolve until navigation occurs". An empty first page makes the target navigated.
    await window.loadURL('about:blank').catch(() => undefined);
    return page;
  }

  async release(accountId: string): Promise<void> {
    await this.#pages.get(accountId)?.close();
  }

  /** Closes every Flow page (at quit). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#pages.values()].map((page) => page.close()));
  }
}
