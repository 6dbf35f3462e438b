/**
 * Row 6 of issue 15: account ids `__proto__` / `constructor` passed the schema and the `in` check, so a page
 * could unload the active session and write unlimited quarantine files. Now an id must have exactly the
 * format the account manager generates, lookups use own properties only, and the quarantine is capped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountId } from '../../src/auth/accounts/account-registry.ts';
import { AccountNotFoundError } from '../../src/auth/login/login-errors.ts';
import { FileQuarantine } from '../../src/core/file-quarantine.ts';
import { accountIdSchema } from '../../src/shared/auth-schemas.ts';
import { AccountsWorld } from '../support/accounts-world.ts';
import { ScriptedLoginSurfaceProvider } from '../support/accounts-scripted-surface.ts';
import { DEFAULT_ACCOUNT, IMAGE_FX_URL } from '../support/emulator/index.ts';
import { parseCookieHeader } from '../../src/auth/login/cookie-import.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { withEmulator } from '../support/network.ts';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

describe('row 6: account ids and the quarantine', () => {
  describe('the IPC schema', () => {
    it('accepts exactly what createAccountId makes, and nothing else', () => {
      for (let i = 0; i < 50; i += 1) expect(accountIdSchema.safeParse(createAccountId(randomBytes)).success).toBe(true);
      for (const id of [...PROTOTYPE_NAMES, 'account-1', 'A'.repeat(24), 'a'.repeat(23), 'a'.repeat(25), `${'a'.repeat(24)}\n`, '']) {
        expect(accountIdSchema.safeParse(id).success, id).toBe(false);
      }
    });
  });

  describe('the account manager and the vault', () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 1, 9, 30));
    const env = withEmulator({ clock });
    let surfaces: ScriptedLoginSurfaceProvider;
    let world: AccountsWorld;

    beforeEach(async () => {
      surfaces = new ScriptedLoginSurfaceProvider();
      world = await AccountsWorld.start({ clock, surfaces });
    });
    afterEach(() => world.dispose());

    it('refuses prototype names as unknown accounts: the active session stays, nothing is quarantined', async () => {
      const attempt = world.manager.signIn();
      const surface = await surfaces.nextSurface();
      surface.navigate(IMAGE_FX_URL);
      surface.setLabsCookies(parseCookieHeader(env.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader));
      const summary = await attempt;

      for (const id of PROTOTYPE_NAMES) {
        await expect(world.manager.switchAccount(id), id).rejects.toBeInstanceOf(AccountNotFoundError);
        await expect(world.manager.removeAccount(id), id).rejects.toBeInstanceOf(AccountNotFoundError);
        expect(await world.vault.load(id), id).toEqual({ status: 'empty' });
      }
      expect(world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: summary });
      expect(world.emittedEvents.filter((event) => event.type === 'vault.unreadable')).toEqual([]);
      expect(readdirSync(world.userData)).not.toContain('vault-quarantine');
    });
  });

  describe('the quarantine folder', () => {
    let directory: string;
    beforeEach(() => {
      directory = mkdtempSync(path.join(tmpdir(), 'row-06-quarantine-'));
    });
    afterEach(() => rmSync(directory, { recursive: true, force: true }));

    it('keeps at most maxFiles files, dropping the oldest first', async () => {
      const clock = new FakeClock(Date.UTC(2026, 2, 1));
      const quarantine = new FileQuarantine({ directory, clock, maxFiles: 5, maxBytes: 1024 * 1024 });
      const kept: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        kept.push(path.basename(quarantine.keep('session-vault-entry', `{"n":${i}}`)));
        await clock.advance(1000);
      }
      expect(readdirSync(directory).sort()).toEqual(kept.slice(-5).sort());
    });

    it('keeps at most maxBytes in total, dropping the oldest first (the newest file always stays)', async () => {
      const clock = new FakeClock(Date.UTC(2026, 2, 1));
      const quarantine = new FileQuarantine({ directory, clock, maxFiles: 100, maxBytes: 2500 });
      const kept: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        kept.push(path.basename(quarantine.keep('session-vault', 'x'.repeat(1000))));
        await clock.advance(1000);
      }
      expect(readdirSync(directory).sort()).toEqual(kept.slice(-2).sort());
      const huge = path.basename(quarantine.keep('session-vault', 'y'.repeat(10_000)));
      expect(readdirSync(directory)).toEqual([huge]);
    });

    it('has a cap by default', () => {
      const clock = new FakeClock(Date.UTC(2026, 2, 1));
      const quarantine = new FileQuarantine({ directory, clock });
      const kept: string[] = [];
      // All in the same millisecond: the order still holds.
      for (let i = 0; i < 150; i += 1) kept.push(path.basename(quarantine.keep('session-vault-entry', '{}')));
      expect(readdirSync(directory).sort()).toEqual(kept.slice(-100).sort());
    });
  });
});
