/**
 * Paste-a-cookie: a Cookie header is parsed down to the labs.google session (+ CSRF) cookies, confirmed by
 * the emulator's session endpoint, and only then stored. Anything else is refused with a clear message
 * that never quotes the header, and nothing is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCookieHeader } from '../../../src/auth/login/cookie-import.ts';
import { LoginRejectedError } from '../../../src/auth/login/login-errors.ts';
import { AccountsWorld } from '../../support/accounts-world.ts';
import { ScriptedLoginSurfaceProvider } from '../../support/accounts-scripted-surface.ts';
import { DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT } from '../../support/emulator/index.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { withEmulator } from '../../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 30));
const env = withEmulator({ clock });
let surfaces: ScriptedLoginSurfaceProvider;
let world: AccountsWorld;

beforeEach(async () => {
  surfaces = new ScriptedLoginSurfaceProvider();
  world = await AccountsWorld.start({ clock, surfaces });
});
afterEach(() => world.dispose());

/** Everything on disk that could hold an account: both store files, as text (absent = ''). */
function storedFiles(): string {
  return ['session-vault.json', 'account-settings.json']
    .map((name) => path.join(world.userData, name))
    .map((file) => (existsSync(file) ? readFileSync(file, 'utf8') : ''))
    .join('\n');
}

describe('parseCookieHeader', () => {
  it('keeps only the labs.google session cookie (or its chunks) and the CSRF cookie', () => {
    const parsed = parseCookieHeader(
      'Cookie: _ga=GA1.1.2; __Secure-next-auth.session-token.1=BBB ; SID=google-account; __Host-next-auth.csrf-token="c%7Cd"; ' +
      '__Secure-next-auth.session-token.0=AAA; __Secure-next-auth.callback-url=https%3A%2F%2Flabs.google; junk; =x; a b=c',
    );
    expect(parsed.map((cookie) => [cookie.name, cookie.value])).toEqual([
      ['__Secure-next-auth.session-token.1', 'BBB'],
      ['__Host-next-auth.csrf-token', 'c%7Cd'],
      ['__Secure-next-auth.session-token.0', 'AAA'],
    ]);
    expect(parsed[0]).toMatchObject({ domain: 'labs.google', path: '/', secure: true, httpOnly: true, expiresAt: null });
    expect(parseCookieHeader('')).toEqual([]);
  });
});

describe('importCookieHeader', () => {
  it('stores a valid header as the active account (other cookies dropped), without opening a window', async () => {
    const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    const summary = await world.manager.importCookieHeader(`_ga=GA1.1.99; ${issued.cookieHeader}; SID=google-secret-sid`);
    expect(summary).toMatchObject({ email: DEFAULT_ACCOUNT.email, name: DEFAULT_ACCOUNT.name });
    expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: summary, accounts: [summary] });
    expect(world.sessions.getCookieHeader()).toBe(issued.cookieHeader);
    expect(await world.sessions.getToken()).toBe(issued.accessToken);
    expect(surfaces.created).toEqual([]);
    expect(storedFiles()).not.toContain(issued.sessionToken);
    expect(JSON.stringify([summary, world.emittedSnapshots, world.emittedEvents])).not.toMatch(
      new RegExp(`${issued.sessionToken}|${issued.accessToken}|google-secret-sid`),
    );
    await world.restart();
    expect(world.manager.snapshot().activeAccount).toEqual(summary);
  });

  it('stores a chunked session in chunk order', async () => {
    env.emu.control.setSessionTokenLength(9_000);
    const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    const reversed = issued.cookieHeader.split('; ').reverse().join('; ');
    await world.manager.importCookieHeader(reversed);
    expect(world.sessions.getCookieHeader()).toBe(issued.cookieHeader);
  });

  it('replaces an existing account with the same email (one account per email)', async () => {
    const first = await world.manager.importCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader);
    const other = await world.manager.importCookieHeader(env.emu.control.createSession(SECOND_STEP_ACCOUNT.email).cookieHeader);
    const again = await world.manager.importCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader);
    expect(again.id).not.toBe(first.id);
    expect(world.manager.snapshot().accounts).toEqual([again, other]);
    expect(world.vault.listAccountIds().sort()).toEqual([again.id, other.id].sort());
    expect(surfaces.cleared).toEqual([first.id]);
    expect(world.manager.snapshot().activeAccount).toEqual(again);
  });

  describe('refusals store nothing and never quote the header', () => {
    async function expectRefused(header: string, code: string, message: RegExp): Promise<void> {
      const before = { snapshot: world.manager.snapshot(), files: storedFiles(), ids: world.vault.listAccountIds() };
      const refusal = world.manager.importCookieHeader(header);
      await expect(refusal).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
      const error = (await refusal.catch((caught: unknown) => caught)) as Error;
      for (const part of header.split(/[;=\s]+/).filter((piece) => piece.length >= 12)) expect(error.message).not.toContain(part);
      expect({ snapshot: world.manager.snapshot(), files: storedFiles(), ids: world.vault.listAccountIds() }).toEqual(before);
    }

    it('a signed-out (revoked) session cookie', async () => {
      const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
      env.emu.control.revokeSessions(DEFAULT_ACCOUNT.email);
      await expectRefused(issued.cookieHeader, 'LOGIN_REJECTED', /not signed in.*Nothing was stored/);
      await expect(world.manager.importCookieHeader(issued.cookieHeader)).rejects.toBeInstanceOf(LoginRejectedError);
    });

    it('a made-up session cookie, and a header without one', async () => {
      await expectRefused('__Secure-next-auth.session-token=eyJmYWtlIjoic2Vzc2lvbi10b2tlbiJ9', 'LOGIN_REJECTED', /not signed in/);
      await expectRefused('SID=google-account-cookie-value; _ga=GA1.1.123456789', 'LOGIN_REJECTED', /no labs\.google session cookie/);
      await expectRefused('x'.repeat(70_000), 'LOGIN_REJECTED', /does not look like a Cookie header/);
    });

    it('a session whose Google access lapsed', async () => {
      const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
      env.emu.control.forceRefreshNeeded(DEFAULT_ACCOUNT.email);
      await expectRefused(issued.cookieHeader, 'LOGIN_REJECTED', /access has lapsed/);
    });

    it('labs.google unreachable', async () => {
      const issued = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
      env.emu.control.queueFault({ kind: 'server-error', status: 503 }, { on: 'session' });
      await expectRefused(issued.cookieHeader, 'NETWORK', /Could not reach labs\.google.*Nothing was stored/);
    });
  });
});
