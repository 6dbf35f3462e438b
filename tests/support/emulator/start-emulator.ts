/**
 * Starts the Google emulator: an HTTPS server on 127.0.0.1 that answers for labs.google,
 * accounts.google.com, aisandbox-pa.googleapis.com, flow.google.com, flow-content.google and www.google.com's
 * reCAPTCHA path (routed by Host header), with a fresh test CA.
 *
 *   const emu = await startEmulator();
 *   const restore = installEmulatorDispatcher(emu.route);   // or launchChromium({ emulator: emu })
 *   …
 *   restore(); await emu.close();
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmulatorRoute } from '../../../src/app/demo/emulator-routing.ts';
import { BUILT_IN_ACCOUNTS } from './emulator-accounts.ts';
import type { EmulatorAccountInput } from './emulator-accounts.ts';
import { createEmulatorCertificates } from './emulator-certificates.ts';
import { realEmulatorClock } from './emulator-clock.ts';
import type { EmulatorClock } from './emulator-clock.ts';
import { EmulatorControl } from './emulator-control.ts';
import { createRequestListener } from './emulator-server.ts';
import { EmulatorState } from './emulator-state.ts';
import type { RequestLog } from './request-log.ts';

/** Options for {@link startEmulator}; all optional. */
export interface EmulatorOptions {
  /** Listen address (default `127.0.0.1`). */
  readonly host?: string;
  /** Listen port (default 0: any free port). */
  readonly port?: number;
  /** Time source for token expiry, the request log and latency (default: real time). */
  readonly clock?: EmulatorClock;
  /** Accounts that can sign in (default: BUILT_IN_ACCOUNTS — Ada and Grace on the classic path, Lin migrated to Flow). */
  readonly accounts?: readonly EmulatorAccountInput[];
  /** Access-token lifetime in ms (default one hour); also `control.setTokenLifetime`. */
  readonly tokenLifetimeMs?: number;
  /** Session-token cookie length in characters; over 3933 it is chunked. Also `control.setSessionTokenLength`. */
  readonly sessionTokenLength?: number;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL of the control surface, e.g. `https://127.0.0.1:41234` (control paths live under `/__emulator/`). */
  readonly url: string;
  readonly address: string;
  readonly port: number;
  /** The test CA certificate (PEM). */
  readonly caPem: string;
  /** Path of a temporary file holding {@link caPem}; removed by `close()`. */
  readonly caPath: string;
  /** base64 sha256 of the leaf certificate's SubjectPublicKeyInfo (Chromium's `--ignore-certificate-errors-spki-list`). */
  readonly spkiHash: string;
  /** What `createEmulatorDispatcher` / `installEmulatorDispatcher` need. */
  readonly route: EmulatorRoute;
  /** Scripting: accounts, tokens, sessions, latency, faults. */
  readonly control: EmulatorControl;
  /** Every request received for a Google host. */
  readonly requests: RequestLog;
  /** Clears {@link requests} and the reCAPTCHA mint/use records. */
  resetLog(): void;
  /** Stops the server, drops open connections and deletes the CA file. */
  close(): Promise<void>;
}

/** Starts an emulator; resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? realEmulatorClock;
  const certificates = await createEmulatorCertificates();
  const state = new EmulatorState(clock, options.accounts ?? BUILT_IN_ACCOUNTS, certificates.caPem);
  const control = new EmulatorControl(state);
  if (options.tokenLifetimeMs !== undefined) control.setTokenLifetime(options.tokenLifetimeMs);
  if (options.sessionTokenLength !== undefined) control.setSessionTokenLength(options.sessionTokenLength);

  const server = createServer({ key: certificates.keyPem, cert: certificates.certChainPem }, createRequestListener(state));
  const listenHost = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;

  const caDir = await mkdtemp(path.join(tmpdir(), 'imagefx-emulator-'));
  const caPath = path.join(caDir, 'ca.pem');
  await writeFile(caPath, certificates.caPem, { mode: 0o644 });

  let closing: Promise<void> | undefined;
  const urlHost = address.includes(':') ? `[${address}]` : address;
  return {
    url: `https://${urlHost}:${port}`,
    address,
    port,
    caPem: certificates.caPem,
    caPath,
    spkiHash: certificates.spkiHash,
    route: { address, port, caPem: certificates.caPem },
    control,
    requests: state.log,
    resetLog: () => {
      state.log.clear();
      state.recaptcha.clear();
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await rm(caDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
