/**
 * Crash-safe file replacement: write a temporary sibling, flush it to disk, then rename it over the target.
 * A reader (or the next start) sees either the old file or the whole new one, never half a PNG.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { RandomBytes } from './gallery-id.ts';
import { TEMPORARY_FILE_MARKER } from './gallery-layout.ts';

/** What a file is written from: text, bytes, or pieces of bytes written one after another. */
export type FileContents = string | Uint8Array | readonly Uint8Array[];

/** Writes `data` to `target` atomically (temp file + fsync + rename + directory fsync). */
export async function writeFileAtomic(target: string, data: FileContents, randomBytes: RandomBytes): Promise<void> {
  const directory = path.dirname(target);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${target}${TEMPORARY_FILE_MARKER}${Buffer.from(randomBytes(6)).toString('hex')}`;
  try {
    // 'wx': a name clash with another writer fails loudly instead of interleaving bytes.
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await writeAll(handle, typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data);
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
 * All of `pieces`, one after another, in as few writes as the system allows: one, normally
 * (`FileHandle.writeFile` writes 512 KiB at a time, and each piece waits for its turn on the main thread).
 */
async function writeAll(handle: FileHandle, pieces: readonly Uint8Array[]): Promise<void> {
  let rest = pieces.filter((piece) => piece.byteLength > 0);
  let position = 0;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest as Uint8Array[], position);
    if (bytesWritten === 0) throw new Error(`Nothing more could be written after ${position} bytes.`);
    position += bytesWritten;
    rest = remainingAfter(rest, bytesWritten);
  }
}

/** `pieces` without their first `count` bytes. */
function remainingAfter(pieces: readonly Uint8Array[], count: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = count;
  for (const piece of pieces) {
    if (skip >= piece.byteLength) skip -= piece.byteLength;
    else {
      rest.push(skip > 0 ? piece.subarray(skip) : piece);
      skip = 0;
    }
  }
  return rest;
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
