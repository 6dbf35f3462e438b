/**
 * Sends the app's Google traffic to a local labs.google emulator instead of the internet. Used by the test
 * suite and by the app's demo mode, so it stays free of Electron.
 *
 * The routing works at connect time: an undici `Agent` whose connector dials the emulator for the Google
 * hosts (keeping the real host as TLS SNI and for certificate checks), trusts only the emulator's CA, and
 * refuses every other host before any DNS lookup or connection attempt — nothing can leak to the network.
 */
import { Agent, buildConnector, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import type { Dispatcher } from 'undici';

/**
 * The hosts the app talks to; the only ones an emulator route serves. The last three are Flow's: its app,
 * its signed image URLs and the reCAPTCHA Enterprise script the Flow editor loads.
 */
export const GOOGLE_HOSTS = [
  'labs.google',
  'accounts.google.com',
  'aisandbox-pa.googleapis.com',
  'flow.google.com',
  'flow-content.google',
  'www.google.com',
] as const;

/** One of {@link GOOGLE_HOSTS}. */
export type GoogleHost = (typeof GOOGLE_HOSTS)[number];

/** Where the emulator listens and the CA that signed its certificate. */
export interface EmulatorRoute {
  /** IP address of the emulator, normally `127.0.0.1`. */
  readonly address: string;
  readonly port: number;
  /** PEM of the emulator's CA: the only certificate authority routed connections trust. */
  readonly caPem: string;
}

/** Thrown (as the `cause` of fetch's `TypeError`) when a request targets anything but the emulated hosts. */
export class EmulatorRoutingError extends Error {
  readonly code = 'EMULATOR_ROUTING_REFUSED';
  readonly host: string;

  constructor(host: string, reason: string) {
    super(`Emulator routing refused ${host}: ${reason}`);
    this.name = 'EmulatorRoutingError';
    this.host = host;
  }
}

/** True when `hostname` is one of the emulated Google hosts (exact match, case-insensitive). */
export function isGoogleHost(hostname: string): hostname is GoogleHost {
  return (GOOGLE_HOSTS as readonly string[]).includes(hostname.toLowerCase());
}

/**
 * Chromium's `--host-resolver-rules` value sending the Google hosts to the emulator and every other name
 * to `~NOTFOUND`, so a browser cannot reach the real network either. Loopback names stay resolvable so
 * local pages (and the emulator's own control URL) still load.
 */
export function hostResolverRules(route: Pick<EmulatorRoute, 'address' | 'port'>): string {
  const target = route.address.includes(':') ? `[${route.address}]:${route.port}` : `${route.address}:${route.port}`;
  return [
    ...GOOGLE_HOSTS.map((host) => `MAP ${host} ${target}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE localhost',
    'EXCLUDE 127.0.0.1',
  ].join(', ');
}

/**
 * An undici dispatcher that serves the Google hosts from the emulator over HTTPS and refuses everything
 * else (other hosts, and plain `http:` even to a Google host, since Google only speaks HTTPS).
 */
export function createEmulatorDispatcher(route: EmulatorRoute): Dispatcher {
  // `ca` replaces Node's bundled roots for these sockets: only the emulator's CA is trusted.
  const connectToEmulator = buildConnector({ ca: route.caPem, rejectUnauthorized: true });
  const connect: buildConnector.connector = (options, callback) => {
    const hostname = options.hostname.toLowerCase();
    const refuse = (reason: string): void => {
      // Report asynchronously, as a real connector would, so undici's bookkeeping sees a normal failure.
      queueMicrotask(() => callback(new EmulatorRoutingError(hostname, reason), null));
    };
    if (!isGoogleHost(hostname)) {
      refuse(`only ${GOOGLE_HOSTS.join(', ')} are served by the emulator; other hosts are blocked`);
      return;
    }
    if (options.protocol !== 'https:') {
      refuse(`only https: is emulated, got ${options.protocol}`);
      return;
    }
    return connectToEmulator(
      { ...options, hostname: route.address, port: String(route.port), servername: hostname },
      callback,
    );
  };
  return new Agent({ connect });
}

/**
 * Makes the emulator route the process-wide default for `fetch` (Node's built-in fetch and the npm `undici`
 * share the global dispatcher slot). Returns a function that restores the previous dispatcher and closes
 * the one installed here.
 */
export function installEmulatorDispatcher(route: EmulatorRoute): () => void {
  const previous = getGlobalDispatcher();
  const dispatcher = createEmulatorDispatcher(route);
  setGlobalDispatcher(dispatcher);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    setGlobalDispatcher(previous);
    // Sockets to the emulator must not outlive the route; errors here only mean they were already gone.
    dispatcher.close().catch(() => undefined);
  };
}
