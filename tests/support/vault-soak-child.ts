/**
 * The kill-soak writer. Runs in plain Node 24 (type stripping; no vitest, so no `electron` alias): a
 * SessionVault over the same conf-backed KeyValueStore the app uses (conf directly, since electron-store
 * needs Electron) and a TestCipher sharing the parent's key.
 *
 * Protocol on stdio: prints `warm` once its modules are loaded, waits for `go <firstSeq>` on stdin, opens
 * the vault, then saves records firstSeq, firstSeq+1, … forever, printing each sequence number only after
 * its save returned. The parent SIGKILLs it at a random moment.
 *
 * argv: <userDataDir> <cipherKeyHex>
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Conf from 'conf';
import { AuthEventStream } from '../../src/auth/session/auth-events.ts';
import type { SessionRecord } from '../../src/auth/session/session-record.ts';
import { SessionVault } from '../../src/auth/vault/session-vault.ts';
import { systemClock } from '../../src/core/clock.ts';
import { CONF_STORE_OPTIONS, openConfKeyValueStore } from '../../src/core/conf-key-value-store.ts';
import { FileQuarantine } from '../../src/core/file-quarantine.ts';
import type { KeyValueStore } from '../../src/core/key-value-store.ts';
import { TestCipher } from './test-cipher.ts';

export const SOAK_ACCOUNT_ID = 'soak-account';

/** Opens a conf-backed store the way the app's electron-store adapter does. */
export function openSoakStore(userData: string, name: string, quarantine: FileQuarantine): KeyValueStore {
  return openConfKeyValueStore({
    filePath: path.join(userData, `${name}.json`),
    quarantine,
    open: () => new Conf<Record<string, unknown>>({ cwd: userData, configName: name, ...CONF_STORE_OPTIONS }),
  });
}

/** Opens the soak vault (used by the child and, for verification, by the parent). */
export function openSoakVault(userData: string, keyHex: string, events = new AuthEventStream()): Promise<SessionVault> {
  const quarantine = new FileQuarantine({ directory: path.join(userData, 'vault-quarantine'), clock: systemClock });
  return SessionVault.open({
    cipher: new TestCipher({ key: Buffer.from(keyHex, 'hex') }),
    store: openSoakStore(userData, 'session-vault', quarantine),
    settings: openSoakStore(userData, 'account-settings', quarantine),
    quarantine,
    events,
  });
}

/** The record written as number `seq`; its size varies so writes are not all alike. */
export function soakRecord(seq: number): SessionRecord {
  return {
    account: { email: 'soak@example.com', name: 'Soak', avatarUrl: '' },
    cookies: [
      {
        name: '__Secure-next-auth.session-token',
        value: `seq-${seq}-`.padEnd(200 + ((seq * 7919) % 3800), 'x'),
        domain: 'labs.google',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        expiresAt: null,
      },
    ],
    accessToken: `token-${seq}`,
    accessTokenExpiresAt: null,
    createdAt: 0,
    lastRefreshedAt: seq,
  };
}

async function main(): Promise<void> {
  const [userData, keyHex] = process.argv.slice(2);
  if (!userData || !keyHex) throw new Error('usage: vault-soak-child.ts <userDataDir> <cipherKeyHex>');
  process.stdout.write('warm\n');
  const firstSeq = await new Promise<number>((resolve) => {
    let buffered = '';
    process.stdin.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = /^go (\d+)\n/.exec(buffered);
      if (match) resolve(Number(match[1]));
    });
  });
  const vault = await openSoakVault(userData, keyHex);
  for (let seq = firstSeq; ; seq += 1) {
    await vault.save(SOAK_ACCOUNT_ID, soakRecord(seq));
    // Synchronous on Linux pipes: once this returns, the parent will read it even if we die next.
    process.stdout.write(`${seq}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`soak child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
