/**
 * The auth event log: JSON lines with an ISO time from the injected clock, at userData/logs/auth-events.jsonl,
 * and — after real vault and migration flows plus a careless emitter — no secret anywhere in the file.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import CryptoJS from 'crypto-js';
import { app } from '../../support/electron-shim.ts';
import ElectronStore from 'electron-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUTH_EVENT_LOG_FILE_NAME, AuthEventLog, formatAuthEventLine, scrubLogText } from '../../../src/auth/session/auth-event-log.ts';
import { LEGACY_SESSION_KEY, LEGACY_STORE_NAME, legacyPassphrases, migrateLegacySession } from '../../../src/auth/vault/legacy-session-migration.ts';
import { openElectronKeyValueStore } from '../../../src/app/electron/electron-store-adapter.ts';
import { FileQuarantine } from '../../../src/core/file-quarantine.ts';
import { LogFileAppender } from '../../../src/core/log-file-appender.ts';
import { __shim } from '../../support/electron-shim.ts';
import { containsSecret, sampleRecord, SECRETS, VaultWorld } from '../../support/vault-test-fixture.ts';

let world: VaultWorld;
let logFile: string;
let log: AuthEventLog;

beforeEach(() => {
  world = new VaultWorld();
  logFile = path.join(world.userData, 'logs', AUTH_EVENT_LOG_FILE_NAME);
  log = new AuthEventLog({ appender: new LogFileAppender(logFile), clock: world.clock });
  log.attach(world.events);
});

function lines(): Array<Record<string, unknown>> {
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('AuthEventLog', () => {
  it('appends one JSON line per event, stamped by the injected clock, to a 0600 file', async () => {
    world.events.emit({ type: 'auth.login', accountId: 'acct-1' });
    await world.clock.advance(1500);
    world.events.emit({ type: 'auth.refresh', accountId: 'acct-1', expiresAt: Date.UTC(2026, 2, 1, 10) });
    expect(lines()).toEqual([
      { time: '2026-03-01T09:30:00.000Z', type: 'auth.login', accountId: 'acct-1' },
      { time: '2026-03-01T09:30:01.500Z', type: 'auth.refresh', accountId: 'acct-1', expiresAt: Date.UTC(2026, 2, 1, 10) },
    ]);
    expect(statSync(logFile).mode & 0o777).toBe(0o600);
  });

  it('after real vault, quarantine and migration flows and a careless emitter, the log holds no secret', async () => {
    // A migration (vault.migrated) …
    const passphrase = CryptoJS.SHA256(app.getName() + app.getVersion() + app.getPath('userData')).toString();
    const old = { cookies: `__Secure-next-auth.session-token=${SECRETS.sessionCookie}`, token: SECRETS.accessToken, user: { email: SECRETS.email } };
    new ElectronStore({ name: LEGACY_STORE_NAME }).set(LEGACY_SESSION_KEY, CryptoJS.AES.encrypt(JSON.stringify(old), passphrase).toString());
    const vault = await world.open();
    await migrateLegacySession({
      legacyStore: openElectronKeyValueStore({ name: LEGACY_STORE_NAME, cwd: world.userData, quarantine: new FileQuarantine({ directory: world.quarantineDir, clock: world.clock }) }),
      vault,
      events: world.events,
      clock: world.clock,
      passphrases: legacyPassphrases({ appName: app.getName(), appVersions: [app.getVersion()], userDataPath: world.userData }),
      client: { fetchSession: async () => ({ class: 'ok', account: { email: SECRETS.email, name: 'Ada', avatarUrl: '' }, accessToken: SECRETS.accessToken, expiresAt: Date.UTC(2026, 2, 1, 10), setCookies: [] }) },
      quarantine: new FileQuarantine({ directory: world.quarantineDir, clock: world.clock }),
      accountIdFor: () => 'acct-1',
    });
    await vault.save('acct-2', sampleRecord());
    // … a keychain reset (vault.unreadable with a quarantine path) …
    __shim.safeStorage.rotateKey();
    await world.open();
    // … and an emitter that put server text with secrets into free-text fields.
    world.events.emit({
      type: 'auth.refresh_failed',
      accountId: 'acct-2',
      class: 'transient',
      detail: `HTTP 500 for ${SECRETS.email}: Bearer ${SECRETS.accessToken} cookie=${SECRETS.sessionCookie} csrf ${SECRETS.csrfCookie}`,
      retryAt: null,
    });

    const text = readFileSync(logFile, 'utf8');
    expect(containsSecret(text)).toBeNull();
    expect(text).not.toMatch(/SESSION-COOKIE|ACCESS-TOKEN|CSRF-COOKIE|ada\.lovelace/);
    expect(lines().map((line) => line.type)).toEqual(['vault.migrated', 'vault.unreadable', 'auth.refresh_failed']);
    expect(lines()[1]).toMatchObject({ quarantinedTo: expect.stringContaining('vault-quarantine') });
    expect(lines()[2]).toMatchObject({ detail: expect.stringMatching(/^HTTP 500 for \[email\]: \[token\]/) });
  });

  it('keeps short, useful texts as they are', () => {
    expect(scrubLogText('vault-unreadable')).toBe('vault-unreadable');
    expect(scrubLogText('HTTP 503 Service Unavailable (retry in 30 s)')).toBe('HTTP 503 Service Unavailable (retry in 30 s)');
    expect(scrubLogText('ACCESS_TOKEN_REFRESH_NEEDED')).toBe('ACCESS_TOKEN_REFRESH_NEEDED');
    // An opaque account id is an identifier, not free text: it stays.
    const unreadable = formatAuthEventLine({ type: 'vault.unreadable', accountId: '3f2a9c41-7d1e-4b8a-9c55-0e6f1a2b3c4d', reason: 'vault-unreadable', quarantinedTo: null }, 0);
    expect(JSON.parse(unreadable)).toMatchObject({ accountId: '3f2a9c41-7d1e-4b8a-9c55-0e6f1a2b3c4d' });
    const line = formatAuthEventLine({ type: 'vault.legacy_rejected', reason: 'undecryptable', quarantinedTo: null }, 0);
    expect(JSON.parse(line)).toEqual({ time: '1970-01-01T00:00:00.000Z', type: 'vault.legacy_rejected', reason: 'undecryptable', quarantinedTo: null });
  });

  it('never throws into the emitting flow when the file cannot be written', () => {
    const broken = new AuthEventLog({ appender: { append: () => { throw new Error('disk full'); } }, clock: world.clock });
    expect(() => broken.record({ type: 'auth.logout', accountId: 'acct-1' })).not.toThrow();
    expect(broken.failedWrites).toBe(1);
  });
});
