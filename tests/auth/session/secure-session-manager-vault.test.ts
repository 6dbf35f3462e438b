/**
 * The session manager over the real vault (safeStorage adapter on the shim, electron-store files), as the
 * composition root wires them: a session survives a restart, and storage faults never crash or wipe it.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecureSessionManager } from '../../../src/auth/session/secure-session-manager.ts';
import { SessionClient } from '../../../src/auth/session/session-client.ts';
import { __shim } from '../../support/electron-shim.ts';
import { SECRETS, sampleRecord, VaultWorld } from '../../support/vault-test-fixture.ts';

let world: VaultWorld;
beforeEach(() => {
  world = new VaultWorld();
});

async function managerOnVault(): Promise<SecureSessionManager> {
  const vault = await world.open();
  // No request should be made in these tests: a fetch that fails loudly proves it.
  const client = new SessionClient({ fetch: () => Promise.reject(new Error('unexpected network call')), clock: world.clock });
  return new SecureSessionManager({ store: vault, client, clock: world.clock, random: () => 0.5, events: world.events });
}

function record() {
  const now = world.clock.now();
  return sampleRecord({ accessTokenExpiresAt: now + 3_600_000, createdAt: now, lastRefreshedAt: now });
}

describe('SecureSessionManager over the vault', () => {
  it('a stored session is loaded again after a restart, and the file holds no secret', async () => {
    const first = await managerOnVault();
    await first.storeSession('acct-1', record());
    first.dispose();

    const second = await managerOnVault();
    expect(await second.loadSession('acct-1')).toBe(true);
    expect(second.getMetadata()).toMatchObject({ state: 'signed-in', account: { email: SECRETS.email }, saved: true, storage: { mode: 'encrypted' } });
    expect(await second.getToken()).toBe(SECRETS.accessToken);
    expect(second.getCookieHeader()).toContain(SECRETS.sessionCookie);
    second.dispose();

    const raw = readFileSync(world.vaultFile, 'utf8');
    for (const secret of Object.values(SECRETS)) expect(raw).not.toContain(secret);
  });

  it('a changed keychain backend starts signed out with the reason, and leaves the vault as it was', async () => {
    const first = await managerOnVault();
    await first.storeSession('acct-1', record());
    first.dispose();
    const before = readFileSync(world.vaultFile, 'utf8');

    __shim.safeStorage.setBackend('kwallet5');
    const second = await managerOnVault();
    expect(await second.loadSession('acct-1')).toBe(false);
    expect(second.getMetadata()).toMatchObject({ state: 'signed-out', reason: 'vault-backend-changed', storage: { mode: 'memory-only', reason: 'backend-changed' } });
    expect(readFileSync(world.vaultFile, 'utf8')).toBe(before);
  });

  it('a tampered vault starts signed out with vault-unreadable, no throw', async () => {
    const first = await managerOnVault();
    await first.storeSession('acct-1', record());
    first.dispose();
    const document = JSON.parse(readFileSync(world.vaultFile, 'utf8')) as { vault: { entries: Record<string, { data: string }> } };
    const entry = document.vault.entries['acct-1']!;
    const bytes = Buffer.from(entry.data, 'base64');
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    entry.data = bytes.toString('base64');
    await import('node:fs/promises').then((fs) => fs.writeFile(world.vaultFile, JSON.stringify(document)));

    const second = await managerOnVault();
    expect(await second.loadSession('acct-1')).toBe(false);
    expect(second.getMetadata()).toMatchObject({ state: 'signed-out', reason: 'vault-unreadable' });
    expect(world.quarantinedFiles().length).toBeGreaterThan(0);
  });

  it('a vault write that fails (disk full) keeps the session usable in memory and says it is not saved', async () => {
    const vault = await world.open();
    let diskFull = false;
    const store = {
      load: (id: string) => vault.load(id),
      remove: (id: string) => vault.remove(id),
      storageStatus: () => vault.storageStatus(),
      save: (id: string, value: ReturnType<typeof record>) =>
        diskFull ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : vault.save(id, value),
    };
    const client = new SessionClient({ fetch: () => Promise.reject(new Error('unexpected network call')), clock: world.clock });
    const manager = new SecureSessionManager({ store, client, clock: world.clock, random: () => 0.5, events: world.events });
    diskFull = true;
    await manager.storeSession('acct-1', { ...record(), accessToken: 'ya29.kept-in-memory' });
    expect(await manager.getToken()).toBe('ya29.kept-in-memory');
    expect(manager.getMetadata()).toMatchObject({ state: 'signed-in', saved: false });
    diskFull = false;
    await manager.storeSession('acct-1', { ...record(), accessToken: 'ya29.saved' });
    expect(manager.getMetadata().saved).toBe(true);
    manager.dispose();
  });
});
