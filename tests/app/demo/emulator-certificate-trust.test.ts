import { session } from '../../support/electron-shim.ts';
import selfsigned from 'selfsigned';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CERTIFICATE_ACCEPTED, USE_CHROMIUM_VERIFICATION, trustEmulatorCertificates, verifyEmulatorCertificate,
  type CertificateInChain,
} from '../../../src/app/demo/emulator-certificate-trust.ts';
import { __shim } from '../../support/electron-shim.ts';
import { createEmulatorCertificates } from '../../support/emulator/emulator-certificates.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2025, 5, 1);

interface Pair {
  readonly cert: string;
  readonly key: string;
}

async function authority(name: string, issuer?: Pair): Promise<Pair> {
  const generated = await selfsigned.generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(NOW - DAY_MS),
    notAfterDate: new Date(NOW + 30 * DAY_MS),
    ...(issuer ? { ca: { key: issuer.key, cert: issuer.cert } } : {}),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { cert: generated.cert, key: generated.private };
}

async function leafFor(hosts: string[], issuer: Pair, days = 30): Promise<string> {
  const generated = await selfsigned.generate([{ name: 'commonName', value: hosts[0] ?? 'x' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(NOW - DAY_MS),
    notAfterDate: new Date(NOW + days * DAY_MS),
    ca: { key: issuer.key, cert: issuer.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2 as const, value })) },
    ],
  });
  return generated.cert;
}

const chain = (...pems: string[]): CertificateInChain => {
  const [first, ...rest] = pems;
  return { data: first ?? '', issuerCert: rest.length > 0 ? chain(...rest) : null };
};

let emulatorCa: Pair;
let emulatorLeaf: string;
let foreignCa: Pair;

beforeAll(async () => {
  emulatorCa = await authority('emulator test CA');
  emulatorLeaf = await leafFor(['labs.google', 'accounts.google.com', 'aisandbox-pa.googleapis.com'], emulatorCa);
  foreignCa = await authority('someone else');
});

describe('verifyEmulatorCertificate', () => {
  it('accepts the emulator leaf for every Google host', () => {
    for (const hostname of ['labs.google', 'accounts.google.com', 'aisandbox-pa.googleapis.com', 'LABS.GOOGLE']) {
      const verdict = verifyEmulatorCertificate({ hostname, certificate: chain(emulatorLeaf, emulatorCa.cert) }, emulatorCa.cert, NOW);
      expect(verdict).toBe(CERTIFICATE_ACCEPTED);
    }
  });

  it('accepts the real emulator’s certificates', async () => {
    const real = await createEmulatorCertificates(NOW);
    const [leaf = ''] = real.certChainPem.split(/(?<=-----END CERTIFICATE-----)\n/);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(leaf) }, real.caPem, NOW)).toBe(CERTIFICATE_ACCEPTED);
  });

  it('leaves every other host to Chromium, even with the emulator’s certificate', () => {
    for (const hostname of ['example.com', 'google.com', 'evil.labs.google', '127.0.0.1']) {
      const verdict = verifyEmulatorCertificate({ hostname, certificate: chain(emulatorLeaf) }, emulatorCa.cert, NOW);
      expect(verdict).toBe(USE_CHROMIUM_VERIFICATION);
    }
  });

  it('leaves Google hosts to Chromium when the certificate is not the emulator CA’s', async () => {
    const foreignLeaf = await leafFor(['labs.google'], foreignCa);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(foreignLeaf, foreignCa.cert) }, emulatorCa.cert, NOW))
      .toBe(USE_CHROMIUM_VERIFICATION);
    // A chain that merely *includes* the emulator CA's certificate proves nothing.
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(foreignLeaf, emulatorCa.cert) }, emulatorCa.cert, NOW))
      .toBe(USE_CHROMIUM_VERIFICATION);
  });

  it('follows valid intermediates to the emulator CA, and not invalid ones', async () => {
    const intermediate = await authority('emulator intermediate', emulatorCa);
    const leaf = await leafFor(['labs.google'], intermediate);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(leaf, intermediate.cert, emulatorCa.cert) }, emulatorCa.cert, NOW))
      .toBe(CERTIFICATE_ACCEPTED);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(leaf) }, emulatorCa.cert, NOW))
      .toBe(USE_CHROMIUM_VERIFICATION);
    const rogueIntermediate = await authority('emulator intermediate', foreignCa);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(leaf, rogueIntermediate.cert, emulatorCa.cert) }, emulatorCa.cert, NOW))
      .toBe(USE_CHROMIUM_VERIFICATION);
  });

  it('refuses a leaf that does not name the host, or is out of date, or unparsable input', async () => {
    const otherName = await leafFor(['example.com'], emulatorCa);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(otherName) }, emulatorCa.cert, NOW)).toBe(USE_CHROMIUM_VERIFICATION);
    const shortLived = await leafFor(['labs.google'], emulatorCa, 1);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(shortLived) }, emulatorCa.cert, NOW)).toBe(CERTIFICATE_ACCEPTED);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(shortLived) }, emulatorCa.cert, NOW + 2 * DAY_MS))
      .toBe(USE_CHROMIUM_VERIFICATION);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain('garbage') }, emulatorCa.cert, NOW)).toBe(USE_CHROMIUM_VERIFICATION);
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(emulatorLeaf) }, 'garbage', NOW)).toBe(USE_CHROMIUM_VERIFICATION);
    // A leaf is not a CA: passing it as "the CA" must not make it trust itself.
    expect(verifyEmulatorCertificate({ hostname: 'labs.google', certificate: chain(emulatorLeaf) }, emulatorLeaf, NOW)).toBe(USE_CHROMIUM_VERIFICATION);
  });
});

describe('trustEmulatorCertificates', () => {
  beforeEach(() => {
    __shim.reset();
    __shim.makeReady();
  });

  it('installs the decision as the session’s certificate verify proc', async () => {
    trustEmulatorCertificates(session.defaultSession, emulatorCa.cert, () => NOW);
    const fake = __shim.sessions.defaultSession;
    const request = (hostname: string): Electron.Request => ({
      hostname,
      certificate: chain(emulatorLeaf, emulatorCa.cert),
    }) as unknown as Electron.Request;
    await expect(fake.verifyCertificate(request('labs.google'))).resolves.toBe(0);
    await expect(fake.verifyCertificate(request('example.com'))).resolves.toBe(-3);
  });
});
