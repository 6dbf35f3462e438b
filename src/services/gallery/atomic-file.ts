/**
 * Crash-safe file replacement: write a temporary sibling, flush it to disk, then rename it over the target.
 * A reader (or the next start) sees either the old file or the whole new one, never half a PNG.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
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
      await writeAll(handle, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
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

/**
 * The whole of `bytes`, in as few writes as the system allows: one, normally. (`FileHandle.writeFile` writes
 * 512 KiB at a time, and each piece waits for its turn on the main thread: six turns for one image.)
 */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.byteLength; ) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written, written);
    if (bytesWritten === 0) throw new Error(`Nothing more could be written after ${written} bytes.`);
    written += bytesWritten;
  }
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
