/**
 * Session data for the bench: a realistic record (a next-auth JWE session cookie is 1–2 KB, the access
 * token ~200 characters), and conf-backed stores opened the way the app's electron-store adapter opens
 * them (same options, same quarantine-on-open wrapper; conf itself because electron-store needs Electron).
 */
import path from 'node:path';
import Conf from 'conf';
import type { SessionRecord } from '../src/auth/session/session-record.ts';
import { CONF_STORE_OPTIONS, openConfKeyValueStore } from '../src/core/conf-key-value-store.ts';
import type { Quarantine } from '../src/core/file-quarantine.ts';
import type { KeyValueStore } from '../src/core/key-value-store.ts';

export const BENCH_ACCOUNT_ID = 'bench-account';

/** Opens `<userData>/<name>.json` as `openElectronKeyValueStore({ name, cwd: userData })` does. */
export function openBenchStore(userData: string, name: string, quarantine: Quarantine): KeyValueStore {
  return openConfKeyValueStore({
    filePath: path.join(userData, `${name}.json`),
    quarantine,
    open: () => new Conf<Record<string, unknown>>({ cwd: userData, configName: name, projectVersion: '0.1.0', ...CONF_STORE_OPTIONS }),
  });
}

/** A signed-in session of typical size (values are filler, never real secrets). */
export function benchSessionRecord(now: number): SessionRecord {
  return {
    account: { email: 'ada@example.test', name: 'Ada Lovelace', avatarUrl: 'https://lh3.googleusercontent.com/a/ada' },
    cookies: [
      {
        name: '__Secure-next-auth.session-token',
        value: `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..${'x'.repeat(1800)}`,
        domain: 'labs.google',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        expiresAt: now + 30 * 86_400_000,
      },
      {
        name: '__Host-next-auth.csrf-token',
        value: `${'c'.repeat(64)}%7C${'d'.repeat(64)}`,
        domain: 'labs.google',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        expiresAt: null,
      },
    ],
    accessToken: `ya29.${'t'.repeat(200)}`,
    accessTokenExpiresAt: now + 3_600_000,
    createdAt: now,
    lastRefreshedAt: now,
  };
}

/** The same session in the old recipe's shape (see src/auth/vault/legacy-session-shape.ts). */
export function legacySessionOf(record: SessionRecord): unknown {
  return {
    cookies: record.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '),
    token: record.accessToken,
    expires: new Date(record.accessTokenExpiresAt ?? 0).toISOString(),
    user: { name: record.account.name, email: record.account.email, image: record.account.avatarUrl },
  };
}
