/**
 * A throwaway certificate authority and one leaf certificate for the Google hosts the emulator stands in
 * for. Generated fresh at every start, so no key ever lives in the repository.
 */
import { X509Certificate, createHash } from 'node:crypto';
import selfsigned from 'selfsigned';
import { GOOGLE_HOSTS } from '../../../src/app/demo/emulator-routing.ts';

/** PEM material for the emulator's TLS server plus what clients need to trust it. */
export interface EmulatorCertificates {
  /** The test CA certificate (PEM): the only thing routed clients should trust. */
  readonly caPem: string;
  /** Leaf certificate followed by the CA certificate (PEM), served by the TLS server. */
  readonly certChainPem: string;
  /** The leaf's private key (PEM). */
  readonly keyPem: string;
  /** base64(sha256(DER SubjectPublicKeyInfo of the leaf)), for `--ignore-certificate-errors-spki-list`. */
  readonly spkiHash: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Base64 SHA-256 of a certificate's DER SubjectPublicKeyInfo: the form Chromium's SPKI allow-list expects. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Creates the CA and the leaf (SANs: the Google hosts, `localhost`, `127.0.0.1`). Validity starts a day in
 * the past — real time, not the emulator's clock — so a browser with a slightly different clock still accepts it.
 */
export async function createEmulatorCertificates(realNow: number = Date.now()): Promise<EmulatorCertificates> {
  const notBeforeDate = new Date(realNow - DAY_MS);
  const notAfterDate = new Date(realNow + 30 * DAY_MS);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'imagefx-desktop emulator test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await selfsigned.generate([{ name: 'commonName', value: GOOGLE_HOSTS[0] }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...GOOGLE_HOSTS.map((host) => ({ type: 2 as const, value: host })),
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const caPem = `${ca.cert.trim()}\n`;
  return {
    caPem,
    certChainPem: `${leaf.cert.trim()}\n${caPem}`,
    keyPem: leaf.private,
    spkiHash: spkiSha256(leaf.cert),
  };
}
