/**
 * Electron security checklist item 7, which Electronegativity only rates "maybe weak": the app page's CSP
 * (the `<meta>` in src/renderer/index.html) and the header the app:// handler can add
 * (src/app/security/hardening-csp.ts) are both restrictive, and the header never blocks anything the page's
 * own policy allows (Chromium enforces both, so a stricter header would break the page).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY, appResponseHeaders } from '../../src/app/security/hardening-csp.ts';
import { PROJECT_ROOT } from '../packaging/packaging-project-copy.ts';

type Policy = ReadonlyMap<string, readonly string[]>;

function parsePolicy(text: string): Policy {
  const policy = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (name && !policy.has(name.toLowerCase())) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

function metaPolicy(html: string): string {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!match?.[1]) throw new Error('index.html has no Content-Security-Policy <meta>');
  return match[1];
}

const FETCH_DIRECTIVES = ['script-src', 'style-src', 'img-src', 'connect-src', 'font-src', 'object-src', 'media-src', 'frame-src', 'child-src', 'worker-src', 'manifest-src'];
/** Scheme sources the app's page may use: inline images, blobs it makes, and the gallery protocol. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'imagefx-gallery:']);

function effective(policy: Policy, directive: string): readonly string[] {
  return policy.get(directive) ?? (FETCH_DIRECTIVES.includes(directive) ? policy.get('default-src') ?? ['*'] : ['*']);
}

/** Every way `text` falls short of "restrictive rules" for a page that loads nothing remote. */
function weaknesses(text: string): string[] {
  const policy = parsePolicy(text);
  const found: string[] = [];
  if (policy.get('default-src')?.join(' ') !== "'none'") found.push("default-src must be 'none'");
  if (effective(policy, 'script-src').join(' ') !== "'self'") found.push("script-src must be exactly 'self'");
  if (effective(policy, 'object-src').join(' ') !== "'none'") found.push("object-src must be 'none'");
  for (const directive of ['frame-src', 'worker-src']) {
    if (effective(policy, directive).join(' ') !== "'none'") found.push(`${directive} must be 'none'`);
  }
  if (!['\'none\'', '\'self\''].includes(policy.get('base-uri')?.join(' ') ?? '')) found.push('base-uri must be set');
  if (policy.get('form-action')?.join(' ') !== "'none'") found.push("form-action must be 'none'");
  for (const [directive, sources] of policy) {
    for (const source of sources) {
      const lower = source.toLowerCase();
      if (lower === "'unsafe-eval'" || lower === "'wasm-unsafe-eval'") found.push(`${directive} allows eval`);
      else if (lower === "'unsafe-inline'" && directive !== 'style-src') found.push(`${directive} allows inline code`);
      else if (lower.startsWith("'")) continue;
      else if (!LOCAL_SCHEMES.has(lower)) found.push(`${directive} allows remote or unknown source ${source}`);
    }
  }
  return found;
}

const indexHtml = readFileSync(path.join(PROJECT_ROOT, 'src', 'renderer', 'index.html'), 'utf8');

describe('the app page’s Content-Security-Policy', () => {
  it('is restrictive in index.html: nothing remote, no inline script, no eval, no plugins, no frames', () => {
    expect(weaknesses(metaPolicy(indexHtml))).toEqual([]);
  });

  it('is restrictive in the app:// response header, which also forbids framing the app', () => {
    expect(weaknesses(APP_CONTENT_SECURITY_POLICY)).toEqual([]);
    expect(parsePolicy(APP_CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('never blocks in the header what the page’s own policy allows', () => {
    const page = parsePolicy(metaPolicy(indexHtml));
    const header = parsePolicy(APP_CONTENT_SECURITY_POLICY);
    for (const directive of FETCH_DIRECTIVES) {
      const missing = effective(page, directive).filter((source) => source !== "'none'" && !effective(header, directive).includes(source));
      expect(missing, `${directive} in the header lacks what index.html allows`).toEqual([]);
    }
  });

  it('goes out with every app:// response, with MIME sniffing off', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('would catch a weakened policy (the rules are not vacuous)', () => {
    const base = APP_CONTENT_SECURITY_POLICY;
    expect(weaknesses(base.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))).toContain("script-src must be exactly 'self'");
    expect(weaknesses(base.replace("connect-src 'self'", "connect-src 'self' https://labs.google"))).toContain('connect-src allows remote or unknown source https://labs.google');
    expect(weaknesses(base.replace("default-src 'none'", "default-src 'self'"))).toContain("default-src must be 'none'");
    expect(weaknesses(base.replace("object-src 'none'", 'object-src *'))).toContain("object-src must be 'none'");
    expect(weaknesses(`${base}; style-src-elem 'unsafe-eval'`)).toContain('style-src-elem allows eval');
  });
});
