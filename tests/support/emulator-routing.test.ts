import { fetch as undiciFetch, getGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmulatorRoutingError,
  GOOGLE_HOSTS,
  createEmulatorDispatcher,
  hostResolverRules,
  installEmulatorDispatcher,
} from '../../src/app/demo/emulator-routing.ts';
import { createEmulatorCertificates } from './emulator/emulator-certificates.ts';
import { startEmulator } from './emulator/start-emulator.ts';
import type { Emulator } from './emulator/start-emulator.ts';

/** The error fetch rejected with, and its cause. */
async function failureOf(request: Promise<unknown>): Promise<{ error: Error; cause: unknown }> {
  try {
    await request;
  } catch (error) {
    return { error: error as Error, cause: (error as Error).cause };
  }
  throw new Error('expected the request to fail, but it succeeded');
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});

describe('installEmulatorDispatcher', () => {
  it("routes Node's built-in global fetch (not only npm undici's) to the emulator, keeping the real host as SNI", async () => {
    // Sanity: this is Node's bundled fetch, a different implementation from the npm package's.
    expect(globalThis.fetch).not.toBe(undiciFetch);
    const restore = installEmulatorDispatcher(emu.route);
    try {
      const response = await globalThis.fetch('https://labs.google/fx/api/auth/session');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
      const viaNpm = await undiciFetch('https://aisandbox-pa.googleapis.com/v1:runImageFx', { method: 'POST', body: '{}' });
      expect(viaNpm.status).toBe(401);
      await viaNpm.body?.cancel();
    } finally {
      restore();
    }
    const logged = emu.requests.all();
    expect(logged.map((entry) => [entry.host, entry.servername, entry.path])).toEqual([
      ['labs.google', 'labs.google', '/fx/api/auth/session'],
      ['aisandbox-pa.googleapis.com', 'aisandbox-pa.googleapis.com', '/v1:runImageFx'],
    ]);
  });

  it('refuses every other host with a clear error and without a DNS lookup, over https and http', async () => {
    const restore = installEmulatorDispatcher(emu.route);
    emu.resetLog();
    try {
      // `.invalid` can never resolve: getting our error instead of ENOTFOUND proves no lookup was tried.
      for (const url of ['https://example.com/', 'http://example.com/', 'https://example.invalid/', 'https://www.gstatic.com/']) {
        const { error, cause } = await failureOf(globalThis.fetch(url));
        expect(error).toBeInstanceOf(TypeError);
        expect(cause).toBeInstanceOf(EmulatorRoutingError);
        expect((cause as EmulatorRoutingError).code).toBe('EMULATOR_ROUTING_REFUSED');
        expect((cause as Error).message).toContain(new URL(url).hostname);
        expect((cause as Error).message).toMatch(/blocked/);
      }
      // Google hosts are HTTPS-only: plain http to them is refused too.
      const { cause } = await failureOf(globalThis.fetch('http://labs.google/fx/api/auth/session'));
      expect((cause as Error).message).toMatch(/only https: is emulated/);
    } finally {
      restore();
    }
    expect(emu.requests.count()).toBe(0);
  });

  it('restores the previous global dispatcher, and the restore function is idempotent', () => {
    const before = getGlobalDispatcher();
    const restore = installEmulatorDispatcher(emu.route);
    expect(getGlobalDispatcher()).not.toBe(before);
    restore();
    expect(getGlobalDispatcher()).toBe(before);
    const restoreOther = installEmulatorDispatcher(emu.route);
    restore(); // a second call must not undo a later installation
    expect(getGlobalDispatcher()).not.toBe(before);
    restoreOther();
    expect(getGlobalDispatcher()).toBe(before);
  });
});

describe('createEmulatorDispatcher', () => {
  it('works as a per-request dispatcher without touching the global one', async () => {
    const before = getGlobalDispatcher();
    const dispatcher = createEmulatorDispatcher(emu.route);
    try {
      const response = await undiciFetch('https://accounts.google.com/favicon.ico', { dispatcher });
      expect(response.status).toBe(404); // unknown paths answer a harmless 404
      await response.body?.cancel();
      expect(getGlobalDispatcher()).toBe(before);
    } finally {
      await dispatcher.close();
    }
  });

  it('trusts only the CA it was given (a certificate from another CA is rejected)', async () => {
    const strangerCa = await createEmulatorCertificates();
    const dispatcher = createEmulatorDispatcher({ ...emu.route, caPem: strangerCa.caPem });
    try {
      const { cause } = await failureOf(undiciFetch('https://labs.google/fx/api/auth/session', { dispatcher }));
      expect(String((cause as NodeJS.ErrnoException).code)).toMatch(/CERT|VERIFY|SIGNATURE|ISSUER/);
    } finally {
      await dispatcher.close();
    }
  });
});

describe('hostResolverRules', () => {
  it('maps exactly the Google hosts to the emulator and everything else to ~NOTFOUND', () => {
    const rules = hostResolverRules({ address: '127.0.0.1', port: 4321 });
    expect(rules).toBe(
      'MAP labs.google 127.0.0.1:4321, MAP accounts.google.com 127.0.0.1:4321, ' +
        'MAP aisandbox-pa.googleapis.com 127.0.0.1:4321, MAP flow.google.com 127.0.0.1:4321, ' +
        'MAP flow-content.google 127.0.0.1:4321, MAP www.google.com 127.0.0.1:4321, ' +
        'MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    );
    expect(GOOGLE_HOSTS).toEqual([
      'labs.google',
      'accounts.google.com',
      'aisandbox-pa.googleapis.com',
      'flow.google.com',
      'flow-content.google',
      'www.google.com',
    ]);
    expect(hostResolverRules({ address: '::1', port: 1 })).toContain('MAP labs.google [::1]:1');
  });
});
