/**
 * A picture written where another program (the library, a page's file input) can read it by path, for as
 * long as one call needs it: a fresh directory only we can enter (0700) holding one file only we can read
 * (0600), both removed by `release()`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private temporary file; `release()` removes it and its directory (never throws). */
export interface PrivateTempFile {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Writes `bytes` to `<directory>/<prefix>XXXXXX/<fileName>`. On failure nothing is left behind and the
 * error is passed on for the caller to turn into its own.
 */
export async function writePrivateTempFile(options: {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly prefix: string;
  /** Defaults to the OS temp directory. */
  readonly directory?: string;
}): Promise<PrivateTempFile> {
  const directory = await mkdtemp(join(options.directory ?? tmpdir(), options.prefix));
  const release = (): Promise<void> => rm(directory, { recursive: true, force: true }).catch(() => undefined);
  const path = join(directory, options.fileName);
  try {
    await writeFile(path, options.bytes, { mode: 0o600 });
  } catch (error) {
    await release();
    throw error;
  }
  return { path, release };
}
