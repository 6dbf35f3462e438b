/**
 * Where data that cannot be read is set aside instead of being deleted: a folder of timestamped files, so
 * a keychain that comes back, or a person debugging, can still get at it. Nothing here decrypts anything;
 * the files hold exactly the (still encrypted, or unparseable) bytes that were found.
 *
 * The folder is capped (file count and total bytes, oldest dropped first): whatever fills it — a bug, or
 * a hostile page asking again and again for an account whose data does not open — cannot fill the disk.
 * File names start with the time and a per-millisecond sequence, so their order is their age.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock.ts';

export interface Quarantine {
  /** Writes `contents` to a new file named after the time and `label`; returns its path. */
  keep(label: string, contents: string): string;
  /** Moves the file at `filePath` into quarantine; returns the new path, or `null` when there was no file. */
  moveAside(label: string, filePath: string): string | null;
}

export interface FileQuarantineOptions {
  /** The quarantine folder, e.g. `<userData>/vault-quarantine`. Created (0700) on first use. */
  readonly directory: string;
  readonly clock: Clock;
  /** At most this many files are kept; default {@link DEFAULT_MAX_QUARANTINE_FILES}. */
  readonly maxFiles?: number;
  /** At most this many bytes in total (the newest file is kept whatever its size); default {@link DEFAULT_MAX_QUARANTINE_BYTES}. */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_QUARANTINE_FILES = 100;
export const DEFAULT_MAX_QUARANTINE_BYTES = 32 * 1024 * 1024;
const MAX_SAME_NAME_ATTEMPTS = 1000;
const SEQUENCE_DIGITS = 3;

export class FileQuarantine implements Quarantine {
  readonly #directory: string;
  readonly #clock: Clock;
  readonly #maxFiles: number;
  readonly #maxBytes: number;

  constructor(options: FileQuarantineOptions) {
    this.#directory = options.directory;
    this.#clock = options.clock;
    this.#maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_MAX_QUARANTINE_FILES);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_QUARANTINE_BYTES;
  }

  keep(label: string, contents: string): string {
    return this.#claimName(label, '.json', (target) => {
      // 'wx': never overwrite an earlier quarantined file that happens to share the millisecond.
      const fd = openSync(target, 'wx', 0o600);
      try {
        writeSync(fd, contents);
      } finally {
        closeSync(fd);
      }
    });
  }

  moveAside(label: string, filePath: string): string | null {
    if (!existsSync(filePath)) return null;
    return this.#claimName(label, path.extname(filePath) || '.bin', (target) => {
      if (existsSync(target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      renameSync(filePath, target);
      chmodSync(target, 0o600);
    });
  }

  #claimName(label: string, extension: string, write: (target: string) => void): string {
    mkdirSync(this.#directory, { recursive: true, mode: 0o700 });
    // Colons and dots are not allowed (or are confusing) in Windows file names.
    const stamp = new Date(this.#clock.now()).toISOString().replace(/[:.]/g, '-');
    const safeLabel = label.replace(/[^a-z0-9-]/gi, '-');
    const existing = readdirSync(this.#directory);
    // After the highest sequence used in this millisecond (not the first free one: the cap frees low ones).
    const used = existing.filter((name) => name.startsWith(`${stamp}-`)).map((name) => Number(name.slice(stamp.length + 1, stamp.length + 1 + SEQUENCE_DIGITS)));
    const first = used.filter(Number.isInteger).reduce((highest, sequence) => Math.max(highest, sequence + 1), 0);
    for (let sequence = first; sequence < MAX_SAME_NAME_ATTEMPTS; sequence += 1) {
      const name = `${stamp}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}-${safeLabel}${extension}`;
      const target = path.join(this.#directory, name);
      try {
        write(target);
        this.#enforceCap([...existing, name]);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new Error(`Could not find a free quarantine file name for ${safeLabel}.`);
  }

  /** Drops the oldest files until the folder is within both caps; the newest (last in name order) stays. */
  #enforceCap(names: readonly string[]): void {
    const files = [...new Set(names)].sort().map((name) => {
      const file = path.join(this.#directory, name);
      try {
        return { file, size: statSync(file).size };
      } catch {
        return null;
      }
    }).filter((entry) => entry !== null);
    let total = files.reduce((sum, entry) => sum + entry.size, 0);
    while (files.length > 1 && (files.length > this.#maxFiles || total > this.#maxBytes)) {
      const oldest = files.shift()!;
      rmSync(oldest.file, { force: true, recursive: true });
      total -= oldest.size;
    }
  }
}

/**
 * For data that is not worth keeping when it cannot be read (e.g. the Flow project ids, which Flow itself
 * recreates): "setting it aside" deletes it. Returns the path the data had, so the owner still learns that
 * it happened.
 */
export class DiscardingQuarantine implements Quarantine {
  keep(label: string): string {
    return `(discarded ${label})`;
  }

  moveAside(_label: string, filePath: string): string | null {
    if (!existsSync(filePath)) return null;
    rmSync(filePath, { force: true });
    return filePath;
  }
}
