/**
 * src/main.ts in demo mode, through the Electron shim: the host-resolver rules go in before `ready`, Node's
 * fetch is routed to the emulator (and refuses other hosts), every session trusts the emulator CA for the
 * Google hosts only, and app:info says "demo".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostResolverRules } from '../../../src/app/demo/emulator-routing.ts';
import { __shim } from '../../support/electron-shim.ts';
import { createEmulatorCertificates } from '../../support/emulator/emulator-certificates.ts';

const originalDispatcher = getGlobalDispatcher();
let leafPem = '';
let caFolder = '';
let main: typeof import('../../../src/main.ts');

beforeAll(async () => {
  const certificates = await createEmulatorCertificates();
  leafPem = certificates.certChainPem.split(/(?<=-----END CERTIFICATE-----)\n/)[0] ?? '';
  caFolder = mkdtempSync(path.join(tmpdir(), 'demo-wiring-'));
  const caPath = path.join(caFolder, 'ca.pem');
  writeFileSync(caPath, certificates.caPem);
  __shim.reset();
  process.env['IMAGEFX_EMULATOR'] = 'https://127.0.0.1:9';
  process.env['IMAGEFX_EMULATOR_CA'] = caPath;
  main = await import('../../../src/main.ts');
});

afterAll(async () => {
  // Once ready, main.ts composes the app on its own time; let it finish and quit as the app does (gallery
  // index and vault closed), so nothing writes into the shim's folder after the file's tests.
  if (__shim.app.isReady()) {
    await main.startup;
    const quit = new Promise((resolve) => __shim.app.once('quit', resolve));
    __shim.app.quit();
    await quit;
  }
  delete process.env['IMAGEFX_EMULATOR'];
  delete process.env['IMAGEFX_EMULATOR_CA'];
  setGlobalDispatcher(originalDispatcher);
  rmSync(caFolder, { recursive: true, force: true });
});

describe('main.ts in demo mode', () => {
  it('maps the Google hosts to the emulator before ready and reports demo in app:info', () => {
    expect(__shim.app.commandLine.history).toContainEqual({
      name: 'host-resolver-rules',
      value: hostResolverRules({ address: '127.0.0.1', port: 9 }),
      beforeReady: true,
    });
    expect(main.appInfo.demo).toBe(true);
  });

  it('routes Node’s fetch away from the real network', async () => {
    expect(getGlobalDispatcher()).not.toBe(originalDispatcher);
    const failure = await fetch('https://example.com/').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({ code: 'EMULATOR_ROUTING_REFUSED', host: 'example.com' });
  });

  it('trusts the emulator CA for Google hosts in the default and later sessions, and nothing else', async () => {
    __shim.makeReady();
    await __shim.app.whenReady();
    await Promise.resolve();
    const request = (hostname: string): Electron.Request =>
      ({ hostname, certificate: { data: leafPem, issuerCert: null } }) as unknown as Electron.Request;
    for (const fake of [__shim.sessions.defaultSession, __shim.sessions.fromPartition('persist:login')]) {
      await expect(fake.verifyCertificate(request('labs.google'))).resolves.toBe(0);
      await expect(fake.verifyCertificate(request('example.com'))).resolves.toBe(-3);
    }
  });
});
