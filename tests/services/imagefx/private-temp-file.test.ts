/**
 * A picture handed to another program by path (the library, the Flow page's file input): a fresh folder
 * only we can enter, one file only we can read, both gone after `release()`; a failed write leaves nothing.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePrivateTempFile } from '../../../src/services/imagefx/private-temp-file.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'imagefx-private-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writePrivateTempFile', () => {
  it('writes 0600 in a 0700 folder of its own, and release() removes both', async () => {
    const file = await writePrivateTempFile({ bytes: new Uint8Array([1, 2, 3]), fileName: 'reference-1.jpg', prefix: 'imagefx-reference-', directory: root });
    expect(path.basename(file.path)).toBe('reference-1.jpg');
    expect(path.dirname(path.dirname(file.path))).toBe(root);
    expect((await stat(path.dirname(file.path))).mode & 0o777).toBe(0o700);
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect([...(await readFile(file.path))]).toEqual([1, 2, 3]);
    await file.release();
    await file.release(); // twice is fine
    expect(await readdir(root)).toEqual([]);
  });

  it('leaves nothing behind when the write fails', async () => {
    await expect(writePrivateTempFile({ bytes: new Uint8Array([1]), fileName: 'no/such/dir.jpg', prefix: 'imagefx-reference-', directory: root })).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
  });
});
