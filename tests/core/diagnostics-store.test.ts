/**
 * The diagnostics folder: private (0700 folder, 0600 files), capped in count and per capture, exported as
 * one private JSON file holding every capture, oldest first, and tolerant of a capture cut short.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIAGNOSTICS_EXPORT_FORMAT, FileDiagnosticsStore } from '../../src/core/diagnostics-store.ts';
import { FakeClock } from '../support/fake-clock.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'imagefx-diagnostics-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('FileDiagnosticsStore', () => {
  it('keeps captures private and at most maxFiles of them, dropping the oldest', async () => {
    const clock = new FakeClock();
    const directory = path.join(root, 'diagnostics');
    const store = new FileDiagnosticsStore({ directory, clock, maxFiles: 3 });
    for (let index = 1; index <= 5; index += 1) {
      await store.record('flow-page-changed', { index });
      await clock.advance(1000);
    }
    expect(await store.count()).toBe(3);
    expect(await mode(directory)).toBe(0o700);
    const files = (await readdir(directory)).sort();
    for (const file of files) expect(await mode(path.join(directory, file))).toBe(0o600);
    expect(await Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(directory, file), 'utf8')).index))).toEqual([3, 4, 5]);
  });

  it('keeps only a note of a capture larger than maxBytes', async () => {
    const store = new FileDiagnosticsStore({ directory: root, clock: new FakeClock(), maxBytes: 100 });
    await store.record('Big Thing!', { blob: 'x'.repeat(500) });
    const [file] = await readdir(root);
    expect(file).toMatch(/-big-thing-\.json$/);
    expect(JSON.parse(await readFile(path.join(root, file!), 'utf8'))).toMatchObject({ kind: 'big-thing-', tooLargeBytes: expect.any(Number) });
  });

  it('exports every capture, oldest first, to one private file; a damaged capture is skipped', async () => {
    const clock = new FakeClock();
    const store = new FileDiagnosticsStore({ directory: path.join(root, 'kept'), clock });
    await store.record('flow-page-changed', { n: 1 });
    await clock.advance(5);
    await store.record('flow-page-changed', { n: 2 });
    const [first] = (await readdir(path.join(root, 'kept'))).sort();
    await writeFile(path.join(root, 'kept', first!.replace('-001-', '-000-')), '{"cut short', { mode: 0o600 });
    const target = path.join(root, 'export.json');
    expect(await store.exportTo(target)).toEqual({ file: target, captures: 2 });
    expect(await mode(target)).toBe(0o600);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ format: DIAGNOSTICS_EXPORT_FORMAT, exportedAt: new Date(clock.now()).toISOString(), captures: [{ n: 1 }, { n: 2 }] });
  });

  it('exports an empty list when nothing was ever recorded', async () => {
    const store = new FileDiagnosticsStore({ directory: path.join(root, 'never'), clock: new FakeClock() });
    const target = path.join(root, 'export.json');
    expect(await store.exportTo(target)).toEqual({ file: target, captures: 0 });
  });
});
