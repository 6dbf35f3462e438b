/**
 * In demo mode Chromium must accept the emulator's certificate for the Google hosts, and nothing else may
 * change: the emulator's CA is trusted only for those hosts, and every other certificate keeps Chromium's
 * own verdict. The decision is a pure function of the request, the CA and the time; the installer that
 * hands it to `session.setCertificateVerifyProc` is a few lines.
 */
import { X509Certificate } from 'node:crypto';
import { isGoogleHost } from './emulator-routing.ts';

/** `setCertificateVerifyProc` verdict: accept the certificate. */
export const CERTIFICATE_ACCEPTED = 0;
/** `setCertificateVerifyProc` verdict: keep the result of Chromium's own verification. */
export const USE_CHROMIUM_VERIFICATION = -3;

/** The parts of Electron's certificate (`Electron.Certificate`) the decision reads. */
export interface CertificateInChain {
  /** PEM. */
  readonly data: string;
  readonly issuerCert?: CertificateInChain | null;
}

/** The parts of Electron's verify request (`Electron.Request`) the decision reads. */
export interface CertificateVerifyRequest {
  readonly hostname: string;
  readonly certificate: CertificateInChain;
}

const MAX_CHAIN_LENGTH = 8;

function parse(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
}

function validAt(certificate: X509Certificate, now: number): boolean {
  return certificate.validFromDate.getTime() <= now && now <= certificate.validToDate.getTime();
}

/** True when `leaf` chains (through the certificates Chromium supplied) to `ca`, every link signed and in date. */
function chainsTo(leaf: CertificateInChain, ca: X509Certificate, now: number): boolean {
  let current = parse(leaf.data);
  let next = leaf.issuerCert ?? null;
  for (let depth = 0; current && depth < MAX_CHAIN_LENGTH; depth += 1) {
    if (!validAt(current, now)) return false;
    if (issuedBy(current, ca)) return true;
    if (!next) return false;
    const issuer = parse(next.data);
    if (!issuer?.ca || !issuedBy(current, issuer)) return false;
    current = issuer;
    next = next.issuerCert ?? null;
  }
  return false;
}

/**
 * The verdict for one certificate check: {@link CERTIFICATE_ACCEPTED} only when `hostname` is one of the
 * emulated Google hosts, the leaf names that host and is in date at `now`, and it was issued by the emulator
 * CA `caPem` (directly or through valid intermediates); otherwise {@link USE_CHROMIUM_VERIFICATION}.
 */
export function verifyEmulatorCertificate(request: CertificateVerifyRequest, caPem: string, now: number): number {
  if (!isGoogleHost(request.hostname)) return USE_CHROMIUM_VERIFICATION;
  const ca = parse(caPem);
  const leaf = parse(request.certificate.data);
  if (!ca?.ca || !leaf || !validAt(ca, now)) return USE_CHROMIUM_VERIFICATION;
  if (leaf.checkHost(request.hostname.toLowerCase()) === undefined) return USE_CHROMIUM_VERIFICATION;
  return chainsTo(request.certificate, ca, now) ? CERTIFICATE_ACCEPTED : USE_CHROMIUM_VERIFICATION;
}

/** The one method of `Electron.Session` the installer needs. */
export interface CertificateVerifyProcTarget {
  setCertificateVerifyProc(
    proc: ((request: CertificateVerifyRequest, callback: (verificationResult: number) => void) => void) | null,
  ): void;
}

/** Makes `session` trust the emulator CA `caPem` for the Google hosts only, as decided above. */
export function trustEmulatorCertificates(session: CertificateVerifyProcTarget, caPem: string, now: () => number): void {
  session.setCertificateVerifyProc((request, callback) => {
    callback(verifyEmulatorCertificate(request, caPem, now()));
  });
}
