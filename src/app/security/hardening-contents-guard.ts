/**
 * The `web-contents-created` guard (Electron security checklist items 11–14): every webContents the app
 * ever gets — windows, devtools, anything a page manages to open — starts locked down. It may not navigate,
 * be redirected, open windows or attach `<webview>`s. A window the app creates on purpose (the main window,
 * the sign-in window) opts in by registering a {@link ContentsPolicy} right after it is constructed, before
 * it loads anything; no policy can allow webviews or in-app windows.
 *
 * `setWindowOpenHandler` keeps one handler per webContents: a window that installs its own (the sign-in
 * window's adapter does) replaces this default-deny one, and answers for its own popups.
 */
import type { Clock } from '../../core/index.ts';
import { originOf } from './hardening-permissions.ts';
import { UserActivation, type InputEventSource } from './user-activation.ts';

/** What a registered webContents may do. */
export interface ContentsPolicy {
  /** Names the window in refusal reports ("main", "sign-in"). */
  readonly name: string;
  /** Whether a main-frame navigation or server redirect to `url` may go ahead. */
  readonly mayNavigate: (url: URL) => boolean;
  /**
   * Whether `url`, asked for by `window.open` or a `target=_blank` link, may open in the user's browser.
   * Only ever consulted for `https:` URLs the user asked for (a click or Enter just before); anything else
   * is refused first. Default: never.
   */
  readonly mayOpenExternally?: (url: URL) => boolean;
}

/** An event Electron passes to `will-navigate` / `will-redirect` (Electron ≥ 25 puts the details on it). */
export interface GuardedNavigationEvent {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
}

/** The parts of `Electron.WebContents` the guard uses. */
export interface GuardableContents {
  on(event: 'input-event', listener: Parameters<InputEventSource['on']>[1]): unknown;
  on(event: 'will-navigate', listener: (event: GuardedNavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: GuardedNavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
}

/** Something the guard refused, for the log. `origin` never carries a path or query (they can hold codes). */
export interface RefusedContentsAction {
  readonly action: 'navigate' | 'redirect' | 'open-window' | 'attach-webview' | 'open-external-failed' | 'open-external-without-gesture';
  readonly origin: string;
  /** The registered policy's name, or null for a webContents nobody configured. */
  readonly policy: string | null;
}

export interface WebContentsGuardOptions {
  /** Opens an `https:` URL in the user's browser (`shell.openExternal`). */
  readonly openExternal: (url: string) => Promise<void>;
  readonly onRefused?: (refused: RefusedContentsAction) => void;
  /** Time, for how long a click counts as the user's (see user-activation.ts). */
  readonly clock: Pick<Clock, 'now'>;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The allow-registry and the listeners that consult it. */
export class WebContentsGuard {
  readonly #policies = new WeakMap<object, ContentsPolicy>();
  readonly #openExternal: (url: string) => Promise<void>;
  readonly #onRefused: (refused: RefusedContentsAction) => void;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(options: WebContentsGuardOptions) {
    this.#openExternal = options.openExternal;
    this.#onRefused = options.onRefused ?? (() => {});
    this.#clock = options.clock;
  }

  /**
   * Lets `contents` navigate and open links as `policy` says. Call right after creating its window and
   * before loading a page; registering again replaces the policy.
   */
  allow(contents: object, policy: ContentsPolicy): void {
    this.#policies.set(contents, policy);
  }

  /** The policy registered for `contents`, if any. */
  policyFor(contents: object): ContentsPolicy | undefined {
    return this.#policies.get(contents);
  }

  /** Locks `contents` down; `hardenApp` calls this from `web-contents-created` for every webContents. */
  watch(contents: GuardableContents): void {
    const activation = new UserActivation(contents, this.#clock);
    const navigationGuard = (action: 'navigate' | 'redirect') => (event: GuardedNavigationEvent): void => {
      // Sub-frame navigations stay inside their frame; CSP (`frame-src` via `default-src 'none'`) keeps the
      // app page frameless, and Google's sign-in pages need their own frames.
      if (!event.isMainFrame) return;
      const policy = this.#policies.get(contents);
      const url = parseUrl(event.url);
      if (policy && url && policy.mayNavigate(url)) return;
      event.preventDefault();
      this.#refuse(action, event.url, policy);
    };
    contents.on('will-navigate', navigationGuard('navigate'));
    contents.on('will-redirect', navigationGuard('redirect'));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      this.#refuse('attach-webview', '', this.#policies.get(contents));
    });
    contents.setWindowOpenHandler((details) => {
      const policy = this.#policies.get(contents);
      const url = parseUrl(details.url);
      if (policy?.mayOpenExternally && url?.protocol === 'https:' && !url.username && !url.password
        && policy.mayOpenExternally(url)) {
        if (activation.consume()) this.#openExternal(url.href).catch(() => this.#refuse('open-external-failed', details.url, policy));
        else this.#refuse('open-external-without-gesture', details.url, policy);
      } else {
        this.#refuse('open-window', details.url, policy);
      }
      return { action: 'deny' };
    });
  }

  #refuse(action: RefusedContentsAction['action'], url: string, policy: ContentsPolicy | undefined): void {
    this.#onRefused({ action, origin: originOf(url) ?? 'none', policy: policy?.name ?? null });
  }
}

/**
 * The main window's policy: it stays on the app's own origin (`app://imagefx`), and links to the listed
 * origins open in the user's browser — scheme, host and port compared, as `URL.origin` does
 * (`https://labs.google:8443` is not `https://labs.google`).
 */
export function appPagePolicy(appOrigin: string, externalLinkOrigins: readonly string[] = []): ContentsPolicy {
  return {
    name: 'main',
    mayNavigate: (url) => originOf(url.href) === appOrigin,
    mayOpenExternally: (url) => externalLinkOrigins.includes(url.origin),
  };
}
