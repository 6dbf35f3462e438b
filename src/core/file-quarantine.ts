/**
 * Where data that cannot be read is set aside instead of being deleted: a folder of timestamped files, so
 * a keychain that comes back, or a person debugging, can still get at it. Nothing here decrypts anything;
 * the files hold exactly the (still encrypted, or unparseable) bytes that were found.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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
}

const MAX_SAME_NAME_ATTEMPTS = 1000;

export class FileQuarantine implements Quarantine {
  readonly #directory: string;
  readonly #clock: Clock;

  constructor(options: FileQuarantineOptions) {
    this.#directory = options.directory;
    this.#clock = options.clock;
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
    for (let attempt = 0; attempt < MAX_SAME_NAME_ATTEMPTS; attempt += 1) {
      const suffix = attempt === 0 ? '' : `-${attempt}`;
      const target = path.join(this.#directory, `${stamp}-${safeLabel}${suffix}${extension}`);
      try {
        write(target);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new Error(`Could not find a free quarantine file name for ${safeLabel}.`);
  }
}

/**
 * For data that must not be kept at all (the legacy session, whose key anyone can derive): "setting it
 * aside" deletes it. Returns the path the data had, so the owner still learns that it happened.
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
