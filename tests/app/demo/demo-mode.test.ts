import { describe, expect, it } from 'vitest';
import { DemoModeError, resolveDemoMode } from '../../../src/app/demo/demo-mode.ts';
import { GOOGLE_HOSTS, hostResolverRules } from '../../../src/app/demo/emulator-routing.ts';

const CA = '/tmp/emulator/ca.pem';

function errorFor(env: Record<string, string | undefined>): DemoModeError {
  try {
    resolveDemoMode(env);
  } catch (error) {
    if (error instanceof DemoModeError) return error;
    throw error;
  }
  throw new Error('expected a DemoModeError');
}

describe('resolveDemoMode', () => {
  it('is off when IMAGEFX_EMULATOR is unset or blank', () => {
    expect(resolveDemoMode({})).toEqual({ enabled: false });
    expect(resolveDemoMode({ IMAGEFX_EMULATOR: '   ' })).toEqual({ enabled: false });
  });

  it('turns on for a loopback https URL with a CA, routing every Google host there', () => {
    const mode = resolveDemoMode({ IMAGEFX_EMULATOR: 'https://127.0.0.1:8443', IMAGEFX_EMULATOR_CA: CA });
    expect(mode).toEqual({
      enabled: true,
      url: 'https://127.0.0.1:8443',
      address: '127.0.0.1',
      port: 8443,
      caPath: CA,
      hostResolverRules: hostResolverRules({ address: '127.0.0.1', port: 8443 }),
      hosts: GOOGLE_HOSTS,
    });
    if (!mode.enabled) throw new Error('expected demo mode on');
    for (const host of GOOGLE_HOSTS) expect(mode.hostResolverRules).toContain(`MAP ${host} 127.0.0.1:8443`);
  });

  it('accepts localhost (as 127.0.0.1), [::1], a trailing slash and the default port', () => {
    const localhost = resolveDemoMode({ IMAGEFX_EMULATOR: 'https://LOCALHOST:9000/', IMAGEFX_EMULATOR_CA: CA });
    expect(localhost).toMatchObject({ enabled: true, address: '127.0.0.1', port: 9000, url: 'https://localhost:9000' });
    const ipv6 = resolveDemoMode({ IMAGEFX_EMULATOR: 'https://[::1]:9001', IMAGEFX_EMULATOR_CA: CA });
    expect(ipv6).toMatchObject({ enabled: true, address: '::1', port: 9001 });
    if (!ipv6.enabled) throw new Error('expected demo mode on');
    expect(ipv6.hostResolverRules).toContain('MAP labs.google [::1]:9001');
    expect(resolveDemoMode({ IMAGEFX_EMULATOR: 'https://127.0.0.1', IMAGEFX_EMULATOR_CA: CA })).toMatchObject({ port: 443 });
  });

  it('refuses any host but this machine, so Google traffic never goes elsewhere', () => {
    for (const url of ['https://emulator.example.com:8443', 'https://10.0.0.5:8443', 'https://0.0.0.0:8443', 'https://labs.google']) {
      const error = errorFor({ IMAGEFX_EMULATOR: url, IMAGEFX_EMULATOR_CA: CA });
      expect(error.message).toContain('must point at this machine');
      expect(error.code).toBe('DEMO_MODE_INVALID');
    }
  });

  it('refuses plain http, garbage, paths, credentials and port 0', () => {
    expect(errorFor({ IMAGEFX_EMULATOR: 'http://127.0.0.1:8443', IMAGEFX_EMULATOR_CA: CA }).message).toContain('must use https:');
    expect(errorFor({ IMAGEFX_EMULATOR: '127.0.0.1:8443', IMAGEFX_EMULATOR_CA: CA }).message).toMatch(/must (be a URL|use https:)/);
    expect(errorFor({ IMAGEFX_EMULATOR: 'not a url', IMAGEFX_EMULATOR_CA: CA }).message).toContain('must be a URL like https://127.0.0.1:8443');
    expect(errorFor({ IMAGEFX_EMULATOR: 'https://127.0.0.1:8443/fx', IMAGEFX_EMULATOR_CA: CA }).message).toContain("just the emulator's origin");
    expect(errorFor({ IMAGEFX_EMULATOR: 'https://user:pw@127.0.0.1:8443', IMAGEFX_EMULATOR_CA: CA }).message).toContain("just the emulator's origin");
    expect(errorFor({ IMAGEFX_EMULATOR: 'https://127.0.0.1:8443/?x=1', IMAGEFX_EMULATOR_CA: CA }).message).toContain("just the emulator's origin");
    expect(errorFor({ IMAGEFX_EMULATOR: 'https://127.0.0.1:0', IMAGEFX_EMULATOR_CA: CA }).message).toContain('must name the port');
  });

  it('requires the CA, and refuses a CA without a URL', () => {
    expect(errorFor({ IMAGEFX_EMULATOR: 'https://127.0.0.1:8443' }).message).toContain("IMAGEFX_EMULATOR_CA must name the emulator's CA certificate");
    expect(errorFor({ IMAGEFX_EMULATOR: 'https://127.0.0.1:8443', IMAGEFX_EMULATOR_CA: ' ' }).message).toContain('IMAGEFX_EMULATOR_CA');
    expect(errorFor({ IMAGEFX_EMULATOR_CA: CA }).message).toContain('IMAGEFX_EMULATOR_CA is set but IMAGEFX_EMULATOR is not');
  });
});
