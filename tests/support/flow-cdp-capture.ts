/**
 * Watches a page's batchexecute traffic through the DevTools protocol's Network domain — the events Electron's
 * `webContents.debugger` delivers over its internal pipe — and hands back each exchange with its request body
 * and response body (`Network.getRequestPostData` / `Network.getResponseBody`). Read-only: it never changes a
 * request.
 */
import type { CDPSession, Page } from 'playwright-core';

/** One finished batchexecute exchange. */
export interface CapturedExchange {
  readonly url: URL;
  readonly rpcids: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly postData: string;
  readonly status: number;
  readonly body: string;
}

interface Pending {
  url: string;
  headers: Record<string, string>;
  postData: string | undefined;
  status: number;
}

/** Collects exchanges as they finish; `next(rpcid)` waits for the next one of an RPC. */
export class BatchExecuteCapture {
  readonly exchanges: CapturedExchange[] = [];
  readonly #session: CDPSession;
  readonly #pending = new Map<string, Pending>();
  readonly #waiters: { rpcid: string; resolve: (exchange: CapturedExchange) => void }[] = [];

  private constructor(session: CDPSession) {
    this.#session = session;
    session.on('Network.requestWillBeSent', (event) => {
      if (!event.request.url.includes('/data/batchexecute')) return;
      this.#pending.set(event.requestId, { url: event.request.url, headers: event.request.headers, postData: event.request.postData, status: 0 });
    });
    session.on('Network.responseReceived', (event) => {
      const pending = this.#pending.get(event.requestId);
      if (pending) pending.status = event.response.status;
    });
    session.on('Network.loadingFinished', (event) => void this.#finish(event.requestId));
  }

  /** Starts watching `page` (enables the Network domain on a CDP session of its own). */
  static async attach(page: Page): Promise<BatchExecuteCapture> {
    const session = await page.context().newCDPSession(page);
    await session.send('Network.enable');
    return new BatchExecuteCapture(session);
  }

  /** Resolves with the next exchange of `rpcid` that finishes after this call (call it before triggering one). */
  next(rpcid: string): Promise<CapturedExchange> {
    return new Promise((resolve) => this.#waiters.push({ rpcid, resolve }));
  }

  async #finish(requestId: string): Promise<void> {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    this.#pending.delete(requestId);
    const postData = pending.postData ?? (await this.#session.send('Network.getRequestPostData', { requestId })).postData;
    const { body, base64Encoded } = await this.#session.send('Network.getResponseBody', { requestId });
    const url = new URL(pending.url);
    const exchange: CapturedExchange = {
      url,
      rpcids: url.searchParams.get('rpcids') ?? '',
      requestHeaders: pending.headers,
      postData,
      status: pending.status,
      body: base64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
    };
    this.exchanges.push(exchange);
    const waiter = this.#waiters.findIndex((candidate) => candidate.rpcid === exchange.rpcids);
    if (waiter >= 0) this.#waiters.splice(waiter, 1)[0]!.resolve(exchange);
  }
}
