/**
 * Row 1 of issue 15: a packaged build still obeyed IMAGEFX_EMULATOR / IMAGEFX_EMULATOR_CA — at start-up,
 * with no user action, it sent the real labs.google session cookie to whatever listened on that loopback
 * port, and trusted that listener's CA for accounts.google.com — and the emulator code shipped in app.asar.
 * Now demo mode exists only in development builds: a packaged app (or any production build) refuses it
 * with one line and a non-zero exit, the production bundle holds none of its code (package:smoke checks),
 * and even in development it runs on its own data folder, so a real session never meets the emulator.
 */
import * as asar from '@electron/asar';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_CODE_MARKER } from '../../src/app/demo/demo-main.ts';
import { demoModeRefusal } from '../../src/app/security/demo-gate.ts';
import { runNodeScript } from '../packaging/run-node-script.ts';
import { createEmulatorCertificates } from '../support/emulator/emulator-certificates.ts';

type Shim = typeof import('../support/electron-shim.ts');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO_ENV = { IMAGEFX_EMULATOR: 'https://127.0.0.1:9', IMAGEFX_EMULATOR_CA: '' };
const originalDispatcher = getGlobalDispatcher();
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'row-01-demo-'));
  DEMO_ENV.IMAGEFX_EMULATOR_CA = path.join(scratch, 'ca.pem');
  writeFileSync(DEMO_ENV.IMAGEFX_EMULATOR_CA, (await createEmulatorCertificates()).caPem);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  for (const name of Object.keys(DEMO_ENV)) delete process.env[name];
  setGlobalDispatcher(originalDispatcher);
  vi.restoreAllMocks();
});

/** Imports src/main.ts afresh on a fresh shim, `packaged` as `app.isPackaged`, with the demo variables set. */
async function startMain(packaged: boolean): Promise<{ shim: Shim; started: Promise<unknown> }> {
  vi.resetModules();
  const shim = await import('../support/electron-shim.ts');
  shim.__shim.reset();
  shim.__shim.app.isPackaged = packaged;
  Object.assign(process.env, DEMO_ENV);
  return { shim, started: import('../../src/main.ts') };
}

describe('row 1: demo mode exists only in development builds', () => {
  it('a packaged app asked for demo mode exits at once with one line, having routed nothing', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code})`);
    }) as typeof process.exit);
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { shim, started } = await startMain(true);
    await expect(started).rejects.toThrow('process.exit(1)');
    expect(exit).toHaveBeenCalledWith(1);
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]![0])).toMatch(/^imagefx-desktop: demo mode \(IMAGEFX_EMULATOR, IMAGEFX_EMULATOR_CA\) exists only in development builds/);
    expect(shim.__shim.app.commandLine.history).toEqual([]);
    expect(getGlobalDispatcher()).toBe(originalDispatcher);
    expect(shim.__shim.windows).toEqual([]);
  });

  it('the gate: refused when packaged or in a production build, allowed only in an unpackaged development build', () => {
    expect(demoModeRefusal(DEMO_ENV, { packaged: true, developmentBuild: true })).toMatch(/a packaged app/);
    expect(demoModeRefusal(DEMO_ENV, { packaged: false, developmentBuild: false })).toMatch(/a production build/);
    expect(demoModeRefusal({ IMAGEFX_EMULATOR_CA: '/ca.pem' }, { packaged: true, developmentBuild: false })).not.toBeNull();
    expect(demoModeRefusal(DEMO_ENV, { packaged: false, developmentBuild: true })).toBeNull();
    expect(demoModeRefusal({}, { packaged: true, developmentBuild: false })).toBeNull();
  });

  it('in development, demo mode runs on its own data folder, set before ready', async () => {
    const { shim, started } = await startMain(false);
    const realUserData = shim.__shim.app.getPath('userData');
    const main = (await started) as typeof import('../../src/main.ts');
    expect(main.appInfo.demo).toBe(true);
    expect(shim.__shim.app.getPath('userData')).toBe(`${realUserData}-demo`);
    expect(shim.__shim.app.getPath('sessionData')).toBe(`${realUserData}-demo`);
    expect(shim.__shim.app.isReady()).toBe(false);
  });

  it('the production bundle holds no demo code; the development bundle does (so the check can fail)', async () => {
    const production = path.join(scratch, 'dist-production');
    const development = path.join(scratch, 'dist-development');
    const built = await Promise.all([
      runNodeScript(path.join(ROOT, 'scripts', 'build.mjs'), ['--outdir', production], ROOT, { NODE_ENV: 'production' }),
      runNodeScript(path.join(ROOT, 'scripts', 'build.mjs'), ['--outdir', development], ROOT, { NODE_ENV: 'development' }),
    ]);
    for (const result of built) expect(result.status, result.output).toBe(0);
    const productionMain = readFileSync(path.join(production, 'main.js'), 'utf8');
    const developmentMain = readFileSync(path.join(development, 'main.js'), 'utf8');
    for (const marker of [DEMO_CODE_MARKER, 'host-resolver-rules', 'setCertificateVerifyProc']) {
      expect(productionMain, marker).not.toContain(marker);
      expect(developmentMain, marker).toContain(marker);
    }
  });

  it('package:smoke fails an app.asar that carries demo code, and names it', async () => {
    expect(readFileSync(path.join(ROOT, 'scripts', 'package-smoke.mjs'), 'utf8')).toContain(DEMO_CODE_MARKER);
    const inspect = async (mainJs: string): Promise<string> => {
      const app = path.join(scratch, `app-${Math.random().toString(36).slice(2)}`);
      mkdirSync(path.join(app, 'dist', 'renderer'), { recursive: true });
      writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'imagefx-desktop', version: '0.1.0', main: 'dist/main.js' }));
      writeFileSync(path.join(app, 'dist', 'main.js'), mainJs);
      writeFileSync(path.join(app, 'dist', 'preload.cjs'), '');
      writeFileSync(path.join(app, 'dist', 'renderer', 'index.html'), '');
      const archive = `${app}.asar`;
      await asar.createPackage(app, archive);
      return (await runNodeScript(path.join(ROOT, 'scripts', 'package-smoke.mjs'), ['--inspect', archive], ROOT)).output;
    };
    const planted = await inspect(`console.info("demo mode (${DEMO_CODE_MARKER})"); app.commandLine.appendSwitch('host-resolver-rules', x);`);
    expect(planted).toContain('dist/main.js holds demo-mode code');
    expect(await inspect('console.log("the app")')).not.toContain('demo-mode code');
  });
});
