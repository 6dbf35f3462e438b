/**
 * The fake `protocol` and `net`. `protocol` records privileged schemes (only allowed before `ready`, as in
 * Electron) and scheme handlers; `net.fetch` serves a handled custom scheme from its handler, as Electron
 * does, and hands everything else to Node's `fetch` — which tests route to the emulator, never the internet.
 */
import type * as Electron from 'electron';

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** The fake `protocol`. */
export class FakeProtocol implements Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'> {
  readonly privilegedSchemes: Electron.CustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  readonly #isReady: () => boolean;

  constructor(isReady: () => boolean) {
    this.#isReady = isReady;
  }

  reset(): void {
    this.privilegedSchemes.length = 0;
    this.handlers.clear();
  }

  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    if (this.#isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privilegedSchemes.push(...customSchemes);
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  unhandle(scheme: string): void {
    if (!this.handlers.delete(scheme)) throw new Error(`Failed to unhandle protocol: ${scheme}`);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  /** The privileges the app registered for `scheme`, if any. */
  privilegesOf(scheme: string): Electron.Privileges | undefined {
    return this.privilegedSchemes.find((entry) => entry.scheme === scheme)?.privileges;
  }

  /** Plays the renderer requesting `url` from a handled scheme; rejects like Chromium when none handles it. */
  async request(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new TypeError(`net::ERR_UNKNOWN_URL_SCHEME (no handler for '${scheme}:')`);
    return handler(new Request(url, init));
  }
}

/** The fake `net`. */
export class FakeNet implements Pick<Electron.Net, 'fetch' | 'isOnline'> {
  readonly #protocol: FakeProtocol;
  /** Test control: what `isOnline()` answers. */
  online = true;

  constructor(protocol: FakeProtocol) {
    this.#protocol = protocol;
  }

  fetch(input: string | Request, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }): Promise<Response> {
    const url = typeof input === 'string' ? input : input.url;
    const scheme = new URL(url).protocol.slice(0, -1);
    if (!init?.bypassCustomProtocolHandlers && this.#protocol.isProtocolHandled(scheme)) {
      return this.#protocol.request(url, init);
    }
    const { bypassCustomProtocolHandlers, ...rest } = init ?? {};
    void bypassCustomProtocolHandlers;
    return globalThis.fetch(input, rest);
  }

  isOnline(): boolean {
    return this.online;
  }
}
