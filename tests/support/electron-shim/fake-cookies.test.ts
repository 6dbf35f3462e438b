import { session } from 'electron';
import type * as Electron from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { __shim } from '../electron-shim.ts';

type Change = { name: string; value: string; cause: string; removed: boolean };

function recordChanges(cookies: Electron.Cookies): Change[] {
  const changes: Change[] = [];
  cookies.on('changed', (_event, cookie, cause, removed) => {
    changes.push({ name: cookie.name, value: cookie.value, cause, removed });
  });
  return changes;
}

const NOW_MS = Date.UTC(2025, 0, 1);

beforeEach(() => {
  __shim.reset();
  __shim.makeReady();
  __shim.setNow(() => NOW_MS);
});

describe('the fake cookie jar', () => {
  it('returns for a URL only the cookies Chromium would send to it', async () => {
    const { cookies } = session.fromPartition('persist:login');
    await cookies.set({ url: 'https://labs.google/fx', name: '__Secure-next-auth.session-token', value: 'a', secure: true, httpOnly: true });
    await cookies.set({ url: 'https://labs.google/', name: 'host-only', value: 'b' });
    await cookies.set({ url: 'https://accounts.google.com/', domain: 'google.com', name: 'SID', value: 'c' });
    await cookies.set({ url: 'https://labs.google/fx/api/', name: 'deep', value: 'd', path: '/fx/api' });

    const names = async (url: string): Promise<string[]> => (await cookies.get({ url })).map((c) => c.name);
    // Default path is the URL's directory: `/fx` for `/fx` → `/`, `/fx/api/` → `/fx/api` was explicit.
    expect(await names('https://labs.google/fx/api/auth/session')).toEqual(['deep', '__Secure-next-auth.session-token', 'host-only']);
    expect(await names('https://labs.google/other')).toEqual(['__Secure-next-auth.session-token', 'host-only']);
    expect(await names('https://labs.google/fxother')).toEqual(['__Secure-next-auth.session-token', 'host-only']);
    expect(await names('http://labs.google/')).toEqual(['host-only']);
    expect(await names('https://sub.labs.google/')).toEqual([]);
    expect(await names('https://www.google.com/')).toEqual(['SID']);
    expect(await names('https://google.com/')).toEqual(['SID']);
  });

  it('reports cookies as Electron shapes them', async () => {
    const { cookies } = session.defaultSession;
    await cookies.set({ url: 'https://labs.google/', name: 'a', value: '1', expirationDate: NOW_MS / 1000 + 60 });
    await cookies.set({ url: 'https://accounts.google.com/', domain: '.google.com', name: 'b', value: '2' });
    expect(await cookies.get({ name: 'a' })).toEqual([
      {
        name: 'a', value: '1', domain: 'labs.google', hostOnly: true, path: '/', secure: false, httpOnly: false,
        session: false, expirationDate: NOW_MS / 1000 + 60, sameSite: 'lax',
      },
    ]);
    expect(await cookies.get({ name: 'b' })).toMatchObject([{ domain: '.google.com', hostOnly: false, session: true }]);
  });

  it('filters by name, domain, path, secure, session and httpOnly as Electron does', async () => {
    const { cookies } = session.defaultSession;
    await cookies.set({ url: 'https://labs.google/', name: 'one', value: '1', secure: true, httpOnly: true });
    await cookies.set({ url: 'https://accounts.google.com/', name: 'two', value: '2', expirationDate: NOW_MS / 1000 + 60 });
    await cookies.set({ url: 'https://example.com/', name: 'three', value: '3', path: '/x' });
    const names = async (filter: Electron.CookiesGetFilter): Promise<string[]> =>
      (await cookies.get(filter)).map((c) => c.name).sort();
    expect(await names({})).toEqual(['one', 'three', 'two']);
    expect(await names({ domain: 'google.com' })).toEqual(['two']);
    expect(await names({ domain: 'labs.google' })).toEqual(['one']);
    expect(await names({ path: '/x' })).toEqual(['three']);
    expect(await names({ secure: true })).toEqual(['one']);
    expect(await names({ session: false })).toEqual(['two']);
    expect(await names({ httpOnly: true })).toEqual(['one']);
    expect(await names({ name: 'two', domain: 'example.com' })).toEqual([]);
  });

  it('emits changed for insert, overwrite, removal and expiry with Electron’s causes', async () => {
    const { cookies } = session.fromPartition('persist:login');
    const changes = recordChanges(cookies);
    await cookies.set({ url: 'https://labs.google/', name: 'token', value: 'v1' });
    await cookies.set({ url: 'https://labs.google/', name: 'token', value: 'v2' });
    await cookies.set({ url: 'https://labs.google/', name: 'token', value: 'v2' });
    await cookies.remove('https://labs.google/', 'token');
    await cookies.set({ url: 'https://labs.google/', name: 'short', value: 's', expirationDate: NOW_MS / 1000 + 10 });
    await cookies.set({ url: 'https://labs.google/', name: 'short', value: 'gone', expirationDate: NOW_MS / 1000 - 1 });
    expect(changes).toEqual([
      { name: 'token', value: 'v1', cause: 'inserted', removed: false },
      { name: 'token', value: 'v1', cause: 'overwrite', removed: true },
      { name: 'token', value: 'v2', cause: 'inserted', removed: false },
      { name: 'token', value: 'v2', cause: 'inserted-no-change-overwrite', removed: false },
      { name: 'token', value: 'v2', cause: 'explicit', removed: true },
      { name: 'short', value: 's', cause: 'inserted', removed: false },
      { name: 'short', value: 's', cause: 'expired-overwrite', removed: true },
    ]);
    expect(await cookies.get({})).toEqual([]);
  });

  it('lets cookies expire on the injected clock', async () => {
    let now = NOW_MS;
    __shim.setNow(() => now);
    const { cookies } = session.defaultSession;
    const changes = recordChanges(cookies);
    await cookies.set({ url: 'https://labs.google/', name: 'brief', value: 'x', expirationDate: NOW_MS / 1000 + 30 });
    expect(await cookies.get({ url: 'https://labs.google/' })).toHaveLength(1);
    now += 31_000;
    expect(await cookies.get({ url: 'https://labs.google/' })).toEqual([]);
    expect(changes.at(-1)).toEqual({ name: 'brief', value: 'x', cause: 'expired', removed: true });
  });

  it('rejects what Chromium rejects, with Electron’s messages', async () => {
    const { cookies } = session.defaultSession;
    await expect(cookies.set({ url: 'https://labs.google/', domain: 'example.com', name: 'x', value: '1' })).rejects.toThrow(
      'Failed to set cookie - The cookie was set with an invalid Domain attribute.',
    );
    await expect(cookies.set({ url: 'not a url', name: 'x', value: '1' })).rejects.toThrow('invalid Domain attribute');
    await expect(cookies.set({ url: 'http://labs.google/', name: 'x', value: '1', secure: true })).rejects.toThrow(
      'The cookie was Secure, but the URL was not allowed to access Secure cookies.',
    );
    await expect(cookies.set({ url: 'https://labs.google/', name: '__Host-x', value: '1', secure: true, path: '/fx' }))
      .rejects.toThrow('invalid __Host- or __Secure- prefix');
    await expect(cookies.set({ url: 'https://labs.google/', name: 'x', value: 'a;b' })).rejects.toThrow(
      'The cookie contains ASCII control characters',
    );
    await expect(cookies.set({ url: 'https://labs.google/', name: 'x', value: '1', sameSite: 'garbage' as 'lax' })).rejects.toThrow(
      "Failed to convert 'garbage' to an appropriate cookie same site value",
    );
    await cookies.set({ url: 'https://labs.google/', name: '__Host-next-auth.csrf-token', value: 'ok', secure: true, path: '/' });
    expect(await cookies.get({})).toHaveLength(1);
  });

  it('keeps partitions apart and clears cookies with clearStorageData', async () => {
    const login = session.fromPartition('persist:login');
    expect(session.fromPartition('persist:login')).toBe(login);
    await login.cookies.set({ url: 'https://labs.google/', name: 'a', value: '1' });
    await login.cookies.set({ url: 'https://example.com/', name: 'b', value: '2' });
    expect(await session.defaultSession.cookies.get({})).toEqual([]);
    await login.clearStorageData({ origin: 'https://labs.google', storages: ['cookies'] });
    expect((await login.cookies.get({})).map((c) => c.name)).toEqual(['b']);
    await login.clearStorageData();
    expect(await login.cookies.get({})).toEqual([]);
    expect(__shim.sessions.fromPartition('persist:login').clearCalls).toHaveLength(2);
  });
});
