/**
 * Where the page is and whether it has finished loading, from the DevTools Page domain's events: main-frame
 * navigations (full loads and in-document route changes of a single-page app), load events, and the page
 * going away (`Inspector.detached`, which the port emits when the window closes or crashes). From the
 * Network domain, where the main frame last asked to go (each redirect hop is a new document request): a
 * load the navigation policy refused leaves the page where it was, and this says where it was sent.
 */
import { z } from 'zod';
import type { CdpPage } from './cdp-page.ts';
import type { FlowPagePort } from './flow-page-port.ts';

const frameNavigated = z.object({ frame: z.object({ id: z.string(), url: z.string(), urlFragment: z.string().optional(), parentId: z.string().optional() }) });
const withinDocument = z.object({ frameId: z.string(), url: z.string() });
const frameTree = z.object({ frameTree: z.object({ frame: z.object({ id: z.string() }) }) });
const documentRequest = z.object({ type: z.literal('Document'), frameId: z.string(), request: z.object({ url: z.string() }) });

export class PageLifecycle {
  readonly #gone = new AbortController();
  readonly #stops: (() => void)[] = [];
  #mainFrameId = '';
  #url = 'about:blank';
  #requestedUrl = 'about:blank';
  #loading = false;
  #failed = false;

  /** Starts following `port` (its Page domain must be enabled). */
  static async follow(port: FlowPagePort, page: CdpPage): Promise<PageLifecycle> {
    const lifecycle = new PageLifecycle();
    lifecycle.#listen(port);
    const tree = frameTree.safeParse(await port.send('Page.getFrameTree'));
    if (tree.success) lifecycle.#mainFrameId = tree.data.frameTree.frame.id;
    lifecycle.#url = await page.url();
    return lifecycle;
  }

  #listen(port: FlowPagePort): void {
    const on = <T>(event: string, schema: z.ZodType<T>, handle: (params: T) => void): void => {
      this.#stops.push(
        port.on(event, (params) => {
          const parsed = schema.safeParse(params);
          if (parsed.success) handle(parsed.data);
        }),
      );
    };
    on('Page.frameNavigated', frameNavigated, ({ frame }) => {
      if (frame.parentId !== undefined) return;
      this.#mainFrameId = frame.id;
      this.#url = frame.url + (frame.urlFragment ?? '');
      this.#loading = true;
      this.#failed = false;
    });
    on('Page.navigatedWithinDocument', withinDocument, ({ frameId, url }) => {
      if (frameId === this.#mainFrameId) this.#url = url;
    });
    on('Network.requestWillBeSent', documentRequest, ({ frameId, request }) => {
      if (frameId === this.#mainFrameId) this.#requestedUrl = request.url;
    });
    on('Page.loadEventFired', z.unknown(), () => {
      this.#loading = false;
    });
    on('Inspector.detached', z.unknown(), () => this.#gone.abort());
  }

  /** The main frame's URL as of the last navigation. */
  get url(): string {
    return this.#url;
  }

  /** The last document the main frame asked for (a redirect's target included), whether or not it loaded. */
  get requestedUrl(): string {
    return this.#requestedUrl;
  }

  /** True between the start of a navigation and its load event. */
  get loading(): boolean {
    return this.#loading;
  }

  /** True when the last navigation the app started failed before a page arrived (offline, refused). */
  get failed(): boolean {
    return this.#failed;
  }

  /** Aborts when the page goes away. */
  get gone(): AbortSignal {
    return this.#gone.signal;
  }

  /** Loads `url` through the port; the load's progress is followed through the events above. */
  navigate(port: FlowPagePort, url: string): void {
    this.#loading = true;
    this.#failed = false;
    port.navigate(url).catch(() => {
      // A load that is cut short by the page's own next navigation also rejects; only a page that stays
      // without a new document counts as failed, which the waits read as "unreachable".
      this.#loading = false;
      this.#failed = true;
    });
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }
}
