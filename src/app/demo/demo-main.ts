/**
 * Demo mode's start-up, development builds only: main.ts imports this module dynamically behind
 * `IMAGEFX_DEVELOPMENT_BUILD`, so a production bundle does not contain it (scripts/build.mjs; checked by
 * `npm run package:smoke`, which looks for {@link DEMO_CODE_MARKER} and the emulator's switches in app.asar).
 *
 * With `IMAGEFX_EMULATOR` / `IMAGEFX_EMULATOR_CA` set it sends all Google traffic to the local emulator —
 * Chromium's (login window) by host-resolver rules, which only work when set before `ready`; Node's (the
 * ImageFX library's fetch) by the global dispatcher — and trusts the emulator CA for the Google hosts only,
 * in every session. It uses its own data folder (`<userData>-demo`), set before `ready`, so a real session
 * is never loaded, let alone sent to the emulator.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { App, Session } from 'electron';
import type { Clock } from '../../core/index.ts';
import { DemoModeError, resolveDemoMode } from './demo-mode.ts';
import { trustEmulatorCertificates } from './emulator-certificate-trust.ts';
import { installEmulatorDispatcher } from './emulator-routing.ts';

/** A string only demo code holds: finding it in app.asar means the demo shipped. */
export const DEMO_CODE_MARKER = 'imagefx-desktop:demo-code:development-only';

/** Suffix of the demo's own data folder. */
export const DEMO_USER_DATA_SUFFIX = '-demo';

export interface DemoStartOptions {
  readonly app: Pick<App, 'commandLine' | 'getPath' | 'setPath' | 'on' | 'whenReady'>;
  /** `session.defaultSession`, read once the app is ready. */
  readonly defaultSession: () => Pick<Session, 'setCertificateVerifyProc'>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Pick<Clock, 'now'>;
}

export type DemoStart = { readonly enabled: false } | { readonly enabled: true; readonly url: string } | { readonly error: string };

/** Turns demo mode on when the environment asks for it (call before `ready`). Never throws for bad settings. */
export function startDemoMode(options: DemoStartOptions): DemoStart {
  const { app } = options;
  let mode;
  try {
    mode = resolveDemoMode(options.env);
  } catch (error) {
    if (error instanceof DemoModeError) return { error: error.message };
    throw error;
  }
  if (!mode.enabled) return { enabled: false };
  let caPem: string;
  try {
    caPem = readFileSync(path.resolve(mode.caPath), 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: `cannot read the emulator CA certificate (IMAGEFX_EMULATOR_CA=${mode.caPath}): ${reason}` };
  }
  // Its own data: the user's real vault, sessions and gallery stay out of the demo.
  const userData = `${app.getPath('userData')}${DEMO_USER_DATA_SUFFIX}`;
  mkdirSync(userData, { recursive: true, mode: 0o700 }); // Electron's setPath refuses a folder that does not exist
  app.setPath('userData', userData);
  app.setPath('sessionData', userData);
  app.commandLine.appendSwitch('host-resolver-rules', mode.hostResolverRules);
  installEmulatorDispatcher({ address: mode.address, port: mode.port, caPem });
  const now = (): number => options.clock.now();
  app.on('session-created', (created) => trustEmulatorCertificates(created, caPem, now));
  void app.whenReady().then(() => trustEmulatorCertificates(options.defaultSession(), caPem, now));
  console.info(`imagefx-desktop: demo mode (${DEMO_CODE_MARKER}) against ${mode.url}, data in ${userData}`);
  return { enabled: true, url: mode.url };
}
