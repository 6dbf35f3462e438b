/**
 * Crash-safe file replacement: write a temporary sibling, flush it to disk, then rename it over the target.
 * A reader (or the next start) sees either the old file or the whole new one, never half a PNG.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RandomBytes } from './gallery-id.ts';
import { TEMPORARY_FILE_MARKER } from './gallery-layout.ts';

/** Writes `data` to `target` atomically (temp file + fsync + rename + directory fsync). */
export async function writeFileAtomic(target: string, data: Uint8Array | string, randomBytes: RandomBytes): Promise<void> {
  const directory = path.dirname(target);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${target}${TEMPORARY_FILE_MARKER}${Buffer.from(randomBytes(6)).toString('hex')}`;
  try {
    // 'wx': a name clash with another writer fails loudly instead of interleaving bytes.
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

/** Makes the rename itself durable. Windows cannot open folders for syncing; there the rename is enough. */
async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort: the data is already flushed, only the directory entry's durability is at stake.
  } finally {
    await handle?.close();
  }
}
