/**
 * The vault's store files (`openConfKeyValueStore` over conf, as the kill-soak child and the bench open
 * them): one parse per open, copies on read, writes still conf's own, changes made through another store
 * object seen, and the account profile written only when it changed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, assert, beforeEach, describe, expect, it } from 'vitest';
import { AuthEventStream } from '../../../src/auth/session/auth-events.ts';
import { SessionVault } from '../../../src/auth/vault/session-vault.ts';
import { CONF_STORE_OPTIONS, openConfKeyValueStore } from '../../../src/core/conf-key-value-store.ts';
import { FileQuarantine } from '../../../src/core/file-quarantine.ts';
import type { KeyValueStore } from '../../../src/core/key-value-store.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { MemoryKeyValueStore } from '../../support/memory-key-value-store.ts';
import { TestCipher } from '../../support/test-cipher.ts';
import { sampleRecord } from '../../support/vault-test-fixture.ts';

let dir: string;
let quarantine: FileQuarantine;
let confOpens: number;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vault-store-file-'));
  quarantine = new FileQuarantine({ directory: path.join(dir, 'vault-quarantine'), clock: new FakeClock(Date.UTC(2026, 2, 1)) });
  confOpens = 0;
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const filePath = (): string => path.join(dir, 'store.json');

function openStore(): KeyValueStore {
  return openConfKeyValueStore({
    filePath: filePath(),
    quarantine,
    open: () => {
      confOpens += 1;
      return new Conf<Record<string, unknown>>({ cwd: dir, configName: 'store', projectVersion: '0.1.0', ...CONF_STORE_OPTIONS });
    },
  });
}

describe('conf-backed store file', () => {
  it('reads without constructing conf; writes through conf, atomically, mode 0600', () => {
    writeFileSync(filePath(), JSON.stringify({ a: { n: 1 } }));
    const store = openStore();
    expect(store.get('a')).toEqual({ n: 1 });
    expect(store.get('missing')).toBeUndefined();
    expect(confOpens).toBe(0);

    store.set('b', [1, 2]);
    store.delete('a');
    expect(confOpens).toBe(1);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toEqual([1, 2]);
    expect(JSON.parse(readFileSync(filePath(), 'utf8'))).toEqual({ b: [1, 2] });
    expect(statSync(filePath()).mode & 0o777).toBe(0o600);
  });

  it('hands out copies: changing what get returned changes neither the store nor the next get', () => {
    writeFileSync(filePath(), JSON.stringify({ a: { n: 1 } }));
    const store = openStore();
    const first = store.get('a') as { n: number };
    first.n = 2;
    expect(store.get('a')).toEqual({ n: 1 });
  });

  it('sees a write made through another store object on the same file', () => {
    const first = openStore();
    expect(first.get('k')).toBeUndefined();
    const second = openStore();
    second.set('k', 'from the second');
    expect(first.get('k')).toBe('from the second');
    second.set('k', 'again');
    expect(first.get('k')).toBe('again');
  });

  it('a file that stops parsing after open: get and set throw, and the file is not wiped', () => {
    writeFileSync(filePath(), JSON.stringify({ a: 1 }));
    const store = openStore();
    expect(store.get('a')).toBe(1);
    writeFileSync(filePath(), '{ not json');
    expect(() => store.get('a')).toThrow(SyntaxError);
    expect(() => store.set('a', 2)).toThrow(SyntaxError);
    expect(readFileSync(filePath(), 'utf8')).toBe('{ not json');
  });

  it('removes the temporary files a killed writer left, for each store opened from one folder listing', () => {
    const vaultLeftover = path.join(dir, 'store.json.tmp-1767225600abc123');
    const otherLeftover = path.join(dir, 'other.json.tmp-1767225600def456');
    writeFileSync(vaultLeftover, 'partial');
    writeFileSync(otherLeftover, 'partial');
    openStore();
    openConfKeyValueStore({ filePath: path.join(dir, 'other.json'), quarantine, open: () => assert.fail('no write') });
    expect(existsSync(vaultLeftover)).toBe(false);
    expect(existsSync(otherLeftover)).toBe(false);
  });

  it('an unparseable file found on open is quarantined and the store starts empty', () => {
    writeFileSync(filePath(), 'null');
    const store = openStore();
    expect(store.quarantinedOnOpen).toMatch(/vault-quarantine/);
    expect(readFileSync(store.quarantinedOnOpen!, 'utf8')).toBe('null');
    expect(store.get('a')).toBeUndefined();
    store.set('a', 1);
    expect(store.get('a')).toBe(1);
  });
});

describe('SessionVault: the account profile in the settings store', () => {
  it('is written when it changes, not on a save that only refreshes the token', async () => {
    const settings = new MemoryKeyValueStore();
    const cipher = new TestCipher({ key: Buffer.alloc(32, 7) });
    const vault = await SessionVault.open({ cipher, store: new MemoryKeyValueStore(), settings, quarantine, events: new AuthEventStream() });
    const profileWrites = (): number => settings.writesByKey.get('accountProfiles') ?? 0;

    await vault.save('acct-1', sampleRecord());
    expect(profileWrites()).toBe(1);
    await vault.save('acct-1', sampleRecord({ accessToken: 'ya29.refreshed', lastRefreshedAt: 1 }));
    expect(profileWrites()).toBe(1);

    const renamed = sampleRecord({ account: { ...sampleRecord().account, name: 'Augusta Ada King' } });
    await vault.save('acct-1', renamed);
    expect(profileWrites()).toBe(2);
    expect(vault.accountProfiles()['acct-1']).toEqual(renamed.account);
    expect((await vault.load('acct-1')).status).toBe('ok');
  });
});
