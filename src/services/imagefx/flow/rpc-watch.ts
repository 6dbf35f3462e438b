/**
 * Reads the page's own reply to one of its RPCs from the DevTools Network domain — the request the page
 * sends after a person's click, matched by the `rpcids` of its URL — without touching the request. Start
 * the watch before the click, so the request cannot slip past it.
 */
import { z } from 'zod';
import { ImageServiceError } from '../image-service-error.ts';
import type { FlowPagePort } from './flow-page-port.ts';
import { isFlowRpcUrl } from './site/flow-site.ts';

/** The page's exchange for one RPC, as it came back. */
export interface RpcExchange {
  readonly status: number;
  readonly body: string;
}

const requestSent = z.object({ requestId: z.string(), request: z.object({ url: z.string() }) });
const responseReceived = z.object({ requestId: z.string(), response: z.object({ status: z.number() }) });
const loadingDone = z.object({ requestId: z.string() });
const bodyResult = z.object({ body: z.string(), base64Encoded: z.boolean() });

export class RpcWatch {
  /** Resolves when the page sends the RPC's request. */
  readonly sent: Promise<void>;
  /** Resolves with the reply once it has arrived whole; rejects (NETWORK) when the request failed. */
  readonly reply: Promise<RpcExchange>;
  readonly #unsubscribe: (() => void)[] = [];

  private constructor(port: FlowPagePort, rpcid: string) {
    let requestId: string | null = null;
    let status = 0;
    let markSent = (): void => {};
    let settle: { resolve(exchange: RpcExchange): void; reject(error: Error): void } = { resolve() {}, reject() {} };
    this.sent = new Promise((resolve) => (markSent = resolve));
    this.reply = new Promise((resolve, reject) => (settle = { resolve, reject }));
    this.reply.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
    const on = <T>(event: string, schema: z.ZodType<T>, handle: (params: T) => void): void => {
      this.#unsubscribe.push(
        port.on(event, (params) => {
          const parsed = schema.safeParse(params);
          if (parsed.success) handle(parsed.data);
        }),
      );
    };
    on('Network.requestWillBeSent', requestSent, (event) => {
      if (requestId !== null || !isFlowRpcUrl(event.request.url, rpcid)) return;
      requestId = event.requestId;
      markSent();
    });
    on('Network.responseReceived', responseReceived, (event) => {
      if (event.requestId === requestId) status = event.response.status;
    });
    on('Network.loadingFinished', loadingDone, (event) => {
      if (event.requestId !== requestId) return;
      port.send('Network.getResponseBody', { requestId }).then(
        (result) => {
          const { body, base64Encoded } = bodyResult.parse(result);
          settle.resolve({ status, body: base64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body });
        },
        () => settle.reject(new ImageServiceError('SERVICE_ERROR', `Flow's ${rpcid} reply could not be read from the page.`, { reason: 'FLOW_REPLY_LOST' })),
      );
    });
    on('Network.loadingFailed', loadingDone, (event) => {
      if (event.requestId !== requestId) return;
      settle.reject(new ImageServiceError('NETWORK', 'The Flow page lost its connection to Google. Check the internet connection.', { reason: 'FLOW_REQUEST_FAILED' }));
    });
  }

  /** Starts watching for the next `rpcid` request (the Network domain must be enabled on `port`). */
  static start(port: FlowPagePort, rpcid: string): RpcWatch {
    return new RpcWatch(port, rpcid);
  }

  /** Stops listening. */
  stop(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}
