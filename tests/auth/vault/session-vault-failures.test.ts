/**
 * What the vault does with data it cannot read: a tampered record, an unknown format, a reset keychain,
 * a store file that is not JSON. Always: a quarantined copy, one `vault.unreadable` event, a clean start,
 * no throw, no loop.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { __shim } from '../../support/electron-shim.ts';
import { containsSecret, sampleRecord, VaultWorld } from '../../support/vault-test-fixture.ts';

let world: VaultWorld;

beforeEach(() => {
  world = new VaultWorld();
});

async function seedTwoAccounts(): Promise<void> {
  const vault = await world.open();
  await vault.save('acct-1', sampleRecord());
  await vault.save('acct-2', sampleRecord({ accessToken: 'ya29.second-account' }));
}

function tamper(change: (document: ReturnType<VaultWorld['readVaultDocument']>) => void): void {
  const document = world.readVaultDocument();
  change(document);
  writeFileSync(world.vaultFile, JSON.stringify({ vault: document }, null, '\t'));
}

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index]! ^= 0x01;
  return bytes.toString('base64');
}

describe('SessionVault: unreadable data is set aside', () => {
  it('one flipped byte in a sealed record → unreadable, quarantined, one event; other accounts unaffected; no loop', async () => {
    await seedTwoAccounts();
    tamper((document) => {
      document.entries['acct-1']!.data = flipByte(document.entries['acct-1']!.data, 5);
    });

    const vault = await world.open();
    expect(await vault.load('acct-1')).toEqual({ status: 'unreadable', reason: 'vault-unreadable' });
    expect(world.quarantinedFiles()).toHaveLength(1);
    expect(world.emitted).toEqual([
      { type: 'vault.unreadable', accountId: 'acct-1', reason: 'vault-unreadable', quarantinedTo: path.join(world.quarantineDir, world.quarantinedFiles()[0]!) },
    ]);
    expect((await vault.load('acct-2')).status).toBe('ok');

    // Asking again changes nothing: same answer, no new quarantine file, no new event.
    expect(await vault.load('acct-1')).toEqual({ status: 'unreadable', reason: 'vault-unreadable' });
    expect(world.quarantinedFiles()).toHaveLength(1);
    expect(world.emitted).toHaveLength(1);
    expect(Object.keys(world.readVaultDocument().entries)).toEqual(['acct-2']);

    // Signing in again stores a fresh record.
    await vault.save('acct-1', sampleRecord());
    expect((await (await world.open()).load('acct-1')).status).toBe('ok');
  });

  it('a flipped byte in the IV, or an entry moved to another account id, does not open either', async () => {
    await seedTwoAccounts();
    tamper((document) => {
      document.entries['acct-1']!.iv = flipByte(document.entries['acct-1']!.iv, 0);
      document.entries['acct-2'] = { ...document.entries['acct-1']!, iv: world.readVaultDocument().entries['acct-1']!.iv };
    });
    const vault = await world.open();
    expect(await vault.load('acct-1')).toMatchObject({ status: 'unreadable' });
    expect(await vault.load('acct-2')).toMatchObject({ status: 'unreadable' });
    expect(world.quarantinedFiles()).toHaveLength(2);
  });

  it('an unknown document format version → the whole vault is quarantined, its accounts read as unreadable', async () => {
    await seedTwoAccounts();
    tamper((document) => {
      document.format = 99;
    });
    const vault = await world.open();
    expect(world.emitted).toEqual([expect.objectContaining({ type: 'vault.unreadable', accountId: null, reason: 'vault-unreadable' })]);
    expect(world.quarantinedFiles()).toHaveLength(1);
    expect(await vault.load('acct-1')).toEqual({ status: 'unreadable', reason: 'vault-unreadable' });
    expect(await vault.load('acct-2')).toEqual({ status: 'unreadable', reason: 'vault-unreadable' });
    expect(vault.listAccountIds()).toEqual([]);
    const copy = readFileSync(path.join(world.quarantineDir, world.quarantinedFiles()[0]!), 'utf8');
    expect(JSON.parse(copy)).toMatchObject({ vault: { format: 99 } });
    expect(containsSecret(copy)).toBeNull();
  });

  it('an unknown record version → that record is unreadable and quarantined', async () => {
    await seedTwoAccounts();
    tamper((document) => {
      document.entries['acct-2']!.v = 2;
    });
    const vault = await world.open();
    expect(await vault.load('acct-2')).toEqual({ status: 'unreadable', reason: 'vault-unreadable' });
    expect((await vault.load('acct-1')).status).toBe('ok');
    expect(world.quarantinedFiles()).toHaveLength(1);
  });

  it('a reset keychain (rotated key) → unreadable, quarantined, then a fresh vault works', async () => {
    await seedTwoAccounts();
    __shim.safeStorage.rotateKey();

    const vault = await world.open();
    expect(vault.storageStatus().mode).toBe('encrypted');
    expect(await vault.load('acct-1')).toEqual({ status: 'unreadable', reason: 'vault-unreadable' });
    expect(world.quarantinedFiles()).toHaveLength(1);
    expect(world.emitted).toEqual([expect.objectContaining({ type: 'vault.unreadable', accountId: null })]);

    await vault.save('acct-1', sampleRecord());
    const reopened = await world.open();
    expect(await reopened.load('acct-1')).toEqual({ status: 'ok', record: sampleRecord() });
    expect(await reopened.load('acct-2')).toEqual({ status: 'empty' });
    expect(world.quarantinedFiles()).toHaveLength(1);
  });
});

describe('SessionVault: corrupt store files', () => {
  it.each([
    ['truncated JSON', '{\n\t"vault": {\n\t\t"format": 1,\n\t\t"backe'],
    ['JSON that is not an object', 'null'],
    ['an empty file', ''],
  ])('%s → a quarantined copy with the same bytes, one event, a clean start, no throw', async (_name, contents) => {
    writeFileSync(world.vaultFile, contents, { mode: 0o600 });
    const vault = await world.open();
    const files = world.quarantinedFiles();
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(world.quarantineDir, files[0]!), 'utf8')).toBe(contents);
    expect(world.emitted).toEqual([
      { type: 'vault.unreadable', accountId: null, reason: 'store-corrupt', quarantinedTo: path.join(world.quarantineDir, files[0]!) },
    ]);
    expect(await vault.load('acct-1')).toEqual({ status: 'empty' });
    await vault.save('acct-1', sampleRecord());
    expect((await (await world.open()).load('acct-1')).status).toBe('ok');
    expect(world.quarantinedFiles()).toHaveLength(1);
  });

  it('a corrupt settings file is quarantined the same way (reason settings-corrupt)', async () => {
    writeFileSync(world.settingsFile, '{"accountProfiles": {', { mode: 0o600 });
    const vault = await world.open();
    expect(world.emitted).toEqual([expect.objectContaining({ type: 'vault.unreadable', reason: 'settings-corrupt' })]);
    expect(world.quarantinedFiles()).toHaveLength(1);
    await vault.save('acct-1', sampleRecord());
    expect(Object.keys((await world.open()).accountProfiles())).toEqual(['acct-1']);
  });

  it('removes temporary files a killed writer left behind', async () => {
    await (await world.open()).save('acct-1', sampleRecord());
    const leftover = `${world.vaultFile}.tmp-1767225600abc123`;
    writeFileSync(leftover, 'partial');
    await world.open();
    expect(() => readFileSync(leftover)).toThrow(/ENOENT/);
  });
});
