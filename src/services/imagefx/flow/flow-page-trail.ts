/**
 * What happened on the Flow page lately, for a diagnostic capture when the page turns out to have changed:
 * the driver's steps, the page's navigations and its batchexecute calls, each with its time. Only what is
 * safe to keep is recorded: URLs as origin and path (no query: it holds `f.sid` and signatures), RPC ids
 * and HTTP statuses — never a request or reply body, a header or a cookie.
 */
import { z } from 'zod';
import type { Clock } from '../../../core/index.ts';
import type { FlowPagePort } from './flow-page-port.ts';
import { FLOW_BATCHEXECUTE_PATH } from './site/flow-site.ts';

/** The recorded trail, times in milliseconds since the trail began. */
export interface FlowPageTrailSnapshot {
  readonly steps: readonly { readonly atMs: number; readonly step: string }[];
  readonly navigations: readonly { readonly atMs: number; readonly url: string }[];
  readonly rpcs: readonly { readonly atMs: number; readonly rpcids: string; readonly status: number | null; readonly durationMs: number | null; readonly failed: boolean }[];
}

/** Entries kept per list: enough for the last few jobs. */
const KEEP = 60;

const navigated = z.object({ frame: z.object({ url: z.string(), parentId: z.string().optional() }) });
const requestSent = z.object({ requestId: z.string(), request: z.object({ url: z.string() }) });
const responseReceived = z.object({ requestId: z.string(), response: z.object({ status: z.number() }) });
const loadingDone = z.object({ requestId: z.string() });

/** `https://host/path`, or the scheme alone for anything that is not http(s). */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? `${parsed.origin}${parsed.pathname}` : parsed.protocol;
  } catch {
    return 'unparseable';
  }
}

function push<T>(list: T[], entry: T): void {
  list.push(entry);
  if (list.length > KEEP) list.shift();
}

export class FlowPageTrail {
  readonly #clock: Pick<Clock, 'now'>;
  readonly #start: number;
  readonly #steps: { atMs: number; step: string }[] = [];
  readonly #navigations: { atMs: number; url: string }[] = [];
  readonly #rpcs = new Map<string, { atMs: number; rpcids: string; status: number | null; durationMs: number | null; failed: boolean }>();

  constructor(clock: Pick<Clock, 'now'>) {
    this.#clock = clock;
    this.#start = clock.now();
  }

  #elapsed(): number {
    return this.#clock.now() - this.#start;
  }

  /** Records a step of the driver's (a fixed phrase: never user data). */
  step(step: string): void {
    push(this.#steps, { atMs: this.#elapsed(), step });
  }

  /** Follows the page's navigations and batchexecute calls; returns the unsubscribe function. */
  follow(port: FlowPagePort): () => void {
    const on = <T>(event: string, schema: z.ZodType<T>, handle: (params: T) => void): (() => void) =>
      port.on(event, (params) => {
        const parsed = schema.safeParse(params);
        if (parsed.success) handle(parsed.data);
      });
    const finish = (requestId: string, failed: boolean): void => {
      const rpc = this.#rpcs.get(requestId);
      if (rpc && rpc.durationMs === null) Object.assign(rpc, { durationMs: this.#elapsed() - rpc.atMs, failed });
    };
    const stops = [
      on('Page.frameNavigated', navigated, ({ frame }) => {
        if (frame.parentId === undefined) push(this.#navigations, { atMs: this.#elapsed(), url: safeUrl(frame.url) });
      }),
      on('Network.requestWillBeSent', requestSent, ({ requestId, request }) => {
        const url = URL.parse(request.url);
        if (url?.pathname !== FLOW_BATCHEXECUTE_PATH) return;
        this.#rpcs.set(requestId, { atMs: this.#elapsed(), rpcids: url.searchParams.get('rpcids') ?? '', status: null, durationMs: null, failed: false });
        if (this.#rpcs.size > KEEP) this.#rpcs.delete(this.#rpcs.keys().next().value!);
      }),
      on('Network.responseReceived', responseReceived, ({ requestId, response }) => {
        const rpc = this.#rpcs.get(requestId);
        if (rpc) rpc.status = response.status;
      }),
      on('Network.loadingFinished', loadingDone, ({ requestId }) => finish(requestId, false)),
      on('Network.loadingFailed', loadingDone, ({ requestId }) => finish(requestId, true)),
    ];
    return () => stops.forEach((stop) => stop());
  }

  snapshot(): FlowPageTrailSnapshot {
    return { steps: [...this.#steps], navigations: [...this.#navigations], rpcs: [...this.#rpcs.values()].map((rpc) => ({ ...rpc })) };
  }
}
