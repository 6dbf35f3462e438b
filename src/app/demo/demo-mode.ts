/**
 * Demo mode: with `IMAGEFX_EMULATOR=https://127.0.0.1:PORT` and `IMAGEFX_EMULATOR_CA=<emulator CA PEM path>`
 * the app talks to the local labs.google emulator instead of Google. Deciding whether (and where) is a pure
 * function of the environment, so every branch is testable; anything doubtful is an error, never a quiet
 * fallback, because the two ways to get this wrong are sending Google traffic somewhere unexpected and
 * showing a demo that is really talking to Google.
 */
import { GOOGLE_HOSTS, hostResolverRules, type GoogleHost } from './emulator-routing.ts';

/** The environment variable naming the emulator's URL. */
export const EMULATOR_URL_VARIABLE = 'IMAGEFX_EMULATOR';
/** The environment variable naming the emulator CA certificate's PEM file. */
export const EMULATOR_CA_VARIABLE = 'IMAGEFX_EMULATOR_CA';

/** Demo mode is off: the app talks to Google. */
export interface DemoModeOff {
  readonly enabled: false;
}

/** Demo mode is on: where the emulator is and how to reach it. */
export interface DemoModeOn {
  readonly enabled: true;
  /** The emulator's origin as given, normalised (`https://127.0.0.1:8443`). */
  readonly url: string;
  /** The loopback IP to connect to (`localhost` is taken as `127.0.0.1`). */
  readonly address: string;
  readonly port: number;
  /** Path of the emulator CA's PEM file, as given. */
  readonly caPath: string;
  /** Chromium's `--host-resolver-rules`: the Google hosts to the emulator, every other name unresolvable. */
  readonly hostResolverRules: string;
  /** The hosts served by the emulator (and the only ones whose certificates its CA may vouch for). */
  readonly hosts: readonly GoogleHost[];
}

export type DemoMode = DemoModeOff | DemoModeOn;

/** A demo-mode setting that cannot be honoured safely. `message` says what to fix. */
export class DemoModeError extends Error {
  readonly code = 'DEMO_MODE_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'DemoModeError';
  }
}

// Only loopback: the emulator is a local test server, and a remote "emulator" would receive the user's
// Google traffic. `URL` gives IPv6 hosts in brackets.
const LOOPBACK_ADDRESSES: Readonly<Record<string, string>> = {
  '127.0.0.1': '127.0.0.1',
  localhost: '127.0.0.1',
  '[::1]': '::1',
};

const EXAMPLE = 'https://127.0.0.1:8443';

/** Reads demo mode from `env` (normally `process.env`). Throws {@link DemoModeError} on any doubtful setting. */
export function resolveDemoMode(env: Readonly<Record<string, string | undefined>>): DemoMode {
  const rawUrl = env[EMULATOR_URL_VARIABLE]?.trim() ?? '';
  const caPath = env[EMULATOR_CA_VARIABLE]?.trim() ?? '';
  if (!rawUrl) {
    if (caPath) {
      throw new DemoModeError(
        `${EMULATOR_CA_VARIABLE} is set but ${EMULATOR_URL_VARIABLE} is not; set both for demo mode (e.g. ${EMULATOR_URL_VARIABLE}=${EXAMPLE}) or neither.`,
      );
    }
    return { enabled: false };
  }

  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new DemoModeError(`${EMULATOR_URL_VARIABLE} must be a URL like ${EXAMPLE}, got "${rawUrl}".`);
  }
  if (url.protocol !== 'https:') {
    throw new DemoModeError(`${EMULATOR_URL_VARIABLE} must use https: (the emulator serves TLS), got "${rawUrl}".`);
  }
  const address = LOOPBACK_ADDRESSES[url.hostname.toLowerCase()];
  if (!address) {
    throw new DemoModeError(
      `${EMULATOR_URL_VARIABLE} must point at this machine (127.0.0.1, localhost or [::1]), got "${url.hostname}": the app will not send Google traffic to another host.`,
    );
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new DemoModeError(`${EMULATOR_URL_VARIABLE} must be just the emulator's origin, like ${EXAMPLE}, got "${rawUrl}".`);
  }
  const port = url.port ? Number(url.port) : 443;
  if (port === 0) throw new DemoModeError(`${EMULATOR_URL_VARIABLE} must name the port the emulator listens on, got "${rawUrl}".`);
  if (!caPath) {
    throw new DemoModeError(
      `${EMULATOR_CA_VARIABLE} must name the emulator's CA certificate (the PEM file the emulator prints as "CA certificate: …").`,
    );
  }
  return {
    enabled: true,
    url: url.origin,
    address,
    port,
    caPath,
    hostResolverRules: hostResolverRules({ address, port }),
    hosts: GOOGLE_HOSTS,
  };
}
