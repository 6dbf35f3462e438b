import { describe, expect, it } from 'vitest';
import { cookieHeader, hasSessionCookie, mergeCookies, type SessionCookie } from '../../../src/auth/session/session-record.ts';
import { isCookieDeletion, parseSetCookie } from '../../../src/auth/session/set-cookie.ts';

function cookie(name: string, value: string): SessionCookie {
  return { name, value, domain: 'labs.google', path: '/', secure: true, httpOnly: true, sameSite: 'lax', expiresAt: null };
}

describe('session cookies', () => {
  it('derives the Cookie header with chunks in numeric order', () => {
    const cookies = [
      cookie('__Secure-next-auth.session-token.10', 'k'),
      cookie('__Host-next-auth.csrf-token', 'c'),
      cookie('__Secure-next-auth.session-token.2', 'c2'),
      cookie('__Secure-next-auth.session-token.0', 'c0'),
      cookie('__Secure-next-auth.session-token.1', 'c1'),
    ];
    const header = cookieHeader(cookies);
    const names = header.split('; ').map((pair) => pair.split('=')[0]);
    const chunks = names.filter((name) => name?.startsWith('__Secure'));
    expect(chunks).toEqual([
      '__Secure-next-auth.session-token.0',
      '__Secure-next-auth.session-token.1',
      '__Secure-next-auth.session-token.2',
      '__Secure-next-auth.session-token.10',
    ]);
    expect(header).toContain('__Host-next-auth.csrf-token=c');
  });

  it('recognises a whole or chunked session cookie, and nothing else', () => {
    expect(hasSessionCookie([cookie('__Secure-next-auth.session-token', 'v')])).toBe(true);
    expect(hasSessionCookie([cookie('__Secure-next-auth.session-token.0', 'v')])).toBe(true);
    expect(hasSessionCookie([cookie('__Secure-next-auth.session-token.1', 'v')])).toBe(false);
    expect(hasSessionCookie([cookie('SID', 'v'), cookie('__Host-next-auth.csrf-token', 'v')])).toBe(false);
  });

  it('a re-issued session cookie replaces every old chunk', () => {
    const current = [cookie('__Secure-next-auth.session-token.0', 'a'), cookie('__Secure-next-auth.session-token.1', 'b'), cookie('__Host-next-auth.csrf-token', 'c')];
    const merged = mergeCookies(current, [cookie('__Secure-next-auth.session-token', 'new')]);
    expect(merged.map((c) => `${c.name}=${c.value}`).sort()).toEqual(['__Host-next-auth.csrf-token=c', '__Secure-next-auth.session-token=new']);
  });
});

describe('parseSetCookie', () => {
  const now = Date.UTC(2026, 0, 1);

  it('reads every attribute next-auth sets', () => {
    const parsed = parseSetCookie('__Secure-next-auth.session-token=abc.def; Path=/; Expires=Sun, 01 Feb 2026 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax', 'labs.google', now);
    expect(parsed).toEqual({
      name: '__Secure-next-auth.session-token',
      value: 'abc.def',
      domain: 'labs.google',
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      expiresAt: Date.UTC(2026, 1, 1),
    });
  });

  it('prefers Max-Age over Expires and accepts a parent domain', () => {
    const parsed = parseSetCookie('a=1; Max-Age=60; Expires=Sun, 01 Feb 2026 00:00:00 GMT; Domain=.google', 'labs.google', now);
    expect(parsed?.expiresAt).toBe(now + 60_000);
    expect(parsed?.domain).toBe('.google');
  });

  it('rejects a domain the host may not set and malformed pairs', () => {
    expect(parseSetCookie('a=1; Domain=evil.test', 'labs.google', now)).toBeNull();
    expect(parseSetCookie('a=1; Domain=evil-labs.google', 'labs.google', now)).toBeNull();
    expect(parseSetCookie('novalue', 'labs.google', now)).toBeNull();
    expect(parseSetCookie('=1', 'labs.google', now)).toBeNull();
  });

  it('treats an emptied or expired cookie as a deletion', () => {
    const expired = parseSetCookie('a=1; Max-Age=0', 'labs.google', now);
    const emptied = parseSetCookie('a=; Path=/', 'labs.google', now);
    const live = parseSetCookie('a=1; Max-Age=10', 'labs.google', now);
    expect(expired && isCookieDeletion(expired, now)).toBe(true);
    expect(emptied && isCookieDeletion(emptied, now)).toBe(true);
    expect(live && isCookieDeletion(live, now)).toBe(false);
  });
});
