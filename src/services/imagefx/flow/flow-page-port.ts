/**
 * The Flow backend's window on the world: one browser page on the account's own sign-in partition, spoken
 * to with the DevTools protocol plus navigation. In the app it is a hidden Electron window whose
 * `webContents.debugger` (an internal pipe — never a remote-debugging port) carries the commands; in tests
 * it is playwright-core's `CDPSession` on Debian Chromium, so the same driver code runs in both.
 *
 * The driver only reads the page (DOM, accessibility tree, network replies) and sends trusted input (mouse,
 * keys, the file chooser), as a person would. It never evaluates script in the page.
 */

/** One page, through the DevTools protocol. */
export interface FlowPagePort {
  /** Sends a DevTools command and resolves with its result; rejects when the command fails or the page is gone. */
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  /**
   * Listens to a DevTools event (`Network.responseReceived`, …); returns the unsubscribe function. When the
   * page goes away (closed, crashed, debugger detached) the port emits `Inspector.detached`.
   */
  on(event: string, listener: (params: unknown) => void): () => void;
  /** Starts loading `url` in the main frame; resolves once the load ends (or fails: the driver watches the page). */
  navigate(url: string): Promise<void>;
  /** Detaches and closes the page. */
  close(): Promise<void>;
}

/** Hands out the one Flow page of an account, reused between jobs (opened on first use, again after a crash). */
export interface FlowPageProvider {
  pageFor(accountId: string): Promise<FlowPagePort>;
  /** Closes the account's page, if open (the account was removed, or its sign-in abandoned). */
  release(accountId: string): Promise<void>;
}
