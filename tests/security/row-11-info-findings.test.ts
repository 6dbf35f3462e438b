/**
 * Row 11 of issue 15 (info findings), one block each:
 * - an older sealed entry for the same account was accepted (rollback): now each entry carries a
 *   per-account generation bound into its sealed data, with a high-water mark kept outside the vault file;
 * - the labs.google session cookie was sent to aisandbox-pa on every generation: now the image API gets the
 *   Bearer token only;
 * - the main window's link allow-list ignored the port: it compares origins (also in row 9's test);
 * - there was no dependency advisory gate: `scripts/check-advisories.mjs` checks package-lock.json against
 *   the committed snapshot `security/advisories.json`, offline;
 * - gallery folders 0755, `index.sqlite` 0644 and loose log/quarantine folders: fixed and tested with row 8
 *   (tests/security/row-08-gallery-files.test.ts), the same change.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../src/app/security/app-protocol.ts';
import { appPagePolicy } from '../../src/app/security/hardening-contents-guard.ts';
import { ImageFXLibraryBackend } from '../../src/services/imagefx/imagefx-library-backend.ts';
import { systemClock } from '../../src/core/index.ts';
import { runNodeScript } from '../packaging/run-node-script.ts';
import { withEmulator } from '../support/network.ts';
import { VaultWorld, sampleRecord } from '../support/vault-test-fixture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ACCOUNT = '0123456789abcdef01234567';

describe('row 11: an older sealed entry for the same account is refused (rollback)', () => {
  let world: VaultWorld;
  beforeEach(() => {
    world = new VaultWorld();
  });

  it('refuses a whole vault file rolled back to an earlier save, quarantines it and says why', async () => {
    const vault = await world.open();
    await vault.save(ACCOUNT, sampleRecord({ accessToken: 'ya29.old-token' }));
    const older = world.readVaultFile();
    await vault.save(ACCOUNT, sampleRecord({ accessToken: 'ya29.new-token' }));
    writeFileSync(world.vaultFile, older);

    const reopened = await world.open();
    expect(await reopened.load(ACCOUNT)).toEqual({ status: 'unreadable', reason: 'vault-unreadable' });
    expect(world.emitted).toContainEqual(expect.objectContaining({ type: 'vault.unreadable', accountId: ACCOUNT, reason: 'rolled-back' }));
    expect(world.quarantinedFiles()).toHaveLength(1);
  });

  it('refuses an older entry swapped into the current file, and an entry whose generation was edited', async () => {
    const vault = await world.open();
    await vault.save(ACCOUNT, sampleRecord({ accessToken: 'ya29.old-token' }));
    const olderEntry = world.readVaultDocument().entries[ACCOUNT]!;
    await vault.save(ACCOUNT, sampleRecord({ accessToken: 'ya29.new-token' }));
    const current = world.readVaultDocument();

    writeFileSync(world.vaultFile, JSON.stringify({ vault: { ...current, entries: { [ACCOUNT]: olderEntry } } }));
    expect((await (await world.open()).load(ACCOUNT)).status).toBe('unreadable');

    // Claiming a newer generation in the clear does not help: the generation is bound into the sealed data.
    await vault.save(ACCOUNT, sampleRecord({ accessToken: 'ya29.newest-token' }));
    const latest = world.readVaultDocument();
    const forged = { ...olderEntry, n: (latest.entries[ACCOUNT]!.n ?? 0) + 5 };
    writeFileSync(world.vaultFile, JSON.stringify({ vault: { ...latest, entries: { [ACCOUNT]: forged } } }));
    expect((await (await world.open()).load(ACCOUNT)).status).toBe('unreadable');
  });

  it('keeps reading its own latest entry across restarts', async () => {
    const vault = await world.open();
    for (let i = 0; i < 3; i += 1) await vault.save(ACCOUNT, sampleRecord({ accessToken: `ya29.token-${i}` }));
    const reopened = await world.open();
    expect(await reopened.load(ACCOUNT)).toEqual({ status: 'ok', record: sampleRecord({ accessToken: 'ya29.token-2' }) });
    await reopened.save(ACCOUNT, sampleRecord({ accessToken: 'ya29.token-3' }));
    expect(await (await world.open()).load(ACCOUNT)).toEqual({ status: 'ok', record: sampleRecord({ accessToken: 'ya29.token-3' }) });
  });
});

describe('row 11: the labs.google cookie goes to labs.google only', () => {
  const env = withEmulator();

  it('aisandbox-pa gets the Bearer token and no cookie', async () => {
    const issued = env.emu.control.createSession();
    const credentials = { cookieHeader: issued.cookieHeader, accessToken: issued.accessToken };
    const backend = new ImageFXLibraryBackend({ clock: systemClock });
    await backend.generate(credentials, { prompt: 'a lighthouse', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 3, model: 'IMAGEN_3_5' });
    const run = env.emu.requests.last({ host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' })!;
    expect(run.bearerToken).toBe(issued.accessToken);
    expect(run.headers['cookie']).toBeUndefined();
    expect(JSON.stringify(run.headers)).not.toContain(issued.sessionToken);
  });
});

describe('row 11: the main window’s link allow-list checks scheme, host and port', () => {
  it('treats https://labs.google:8443 and http://labs.google as other origins', () => {
    const policy = appPagePolicy(APP_ORIGIN, ['https://labs.google']);
    expect(policy.mayOpenExternally!(new URL('https://labs.google/fx'))).toBe(true);
    expect(policy.mayOpenExternally!(new URL('https://labs.google:8443/fx'))).toBe(false);
    expect(policy.mayOpenExternally!(new URL('http://labs.google/fx'))).toBe(false);
  });
});

describe('row 11: a dependency advisory gate that works offline', () => {
  let scratch: string;
  const script = path.join(ROOT, 'scripts', 'check-advisories.mjs');
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'row-11-advisories-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** A copy of the project's lockfile with `edit` applied to its `packages`. */
  function lockfileWith(edit: (packages: Record<string, { version: string; dev?: boolean }>) => void): string {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; dev?: boolean }> };
    edit(lock.packages);
    const file = path.join(scratch, 'package-lock.json');
    writeFileSync(file, JSON.stringify(lock));
    return file;
  }

  it('passes on the project’s own lockfile', async () => {
    const result = await runNodeScript(script, [], ROOT);
    expect(result.status, result.output).toBe(0);
    expect(result.stdout).toMatch(/check:advisories: \d+ packages checked against \d+ advisories/);
  });

  it('fails on a planted vulnerable version of a production dependency, naming the advisory', async () => {
    const lockfile = lockfileWith((packages) => {
      packages['node_modules/crypto-js']!.version = '4.1.1';
    });
    const result = await runNodeScript(script, ['--lockfile', lockfile], ROOT);
    expect(result.status, result.output).toBe(1);
    expect(result.stderr).toContain('crypto-js@4.1.1');
    expect(result.stderr).toContain('GHSA-xwcq-pm8m-c4vf');
  });

  it('checks nested copies and Electron (the runtime), and leaves other dev-only packages to --include-dev', async () => {
    const nested = lockfileWith((packages) => {
      packages['node_modules/conf/node_modules/semver'] = { version: '7.5.1' };
      packages['node_modules/electron']!.version = '35.7.4';
    });
    const result = await runNodeScript(script, ['--lockfile', nested], ROOT);
    expect(result.status, result.output).toBe(1);
    expect(result.stderr).toContain('semver@7.5.1');
    expect(result.stderr).toContain('electron@35.7.4');

    const devOnly = lockfileWith((packages) => {
      packages['node_modules/some-dev-tool/node_modules/semver'] = { version: '7.5.1', dev: true };
    });
    expect((await runNodeScript(script, ['--lockfile', devOnly], ROOT)).status).toBe(0);
    const withDev = await runNodeScript(script, ['--lockfile', devOnly, '--include-dev'], ROOT);
    expect(withDev.status, withDev.output).toBe(1);
  });

  it('refuses a snapshot it cannot read rather than passing', async () => {
    const broken = path.join(scratch, 'advisories.json');
    copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(scratch, 'not-advisories.json'));
    writeFileSync(broken, '{"advisories": [{"package": "x"}]}');
    const result = await runNodeScript(script, ['--advisories', broken], ROOT);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/advisories\.json/);
  });
});
