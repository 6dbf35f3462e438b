/**
 * The app's diagnostic captures: small JSON records kept when something outside the app stops behaving
 * as expected (Google changing the Flow page), so the user can export them and report the change. Whoever
 * records a capture redacts it first; this store only keeps it private (folder 0700, files 0600), small
 * (one capture at most `maxBytes`) and few (the oldest beyond `maxFiles` are removed).
 */
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from './clock.ts';

export interface FileDiagnosticsStoreOptions {
  /** E.g. `<userData>/diagnostics`; created on first use. */
  readonly directory: string;
  readonly clock: Pick<Clock, 'now'>;
  /** Captures kept; default 20. */
  readonly maxFiles?: number;
  /** Largest capture kept whole; a larger one is kept as a note of its size. Default 1 MB. */
  readonly maxBytes?: number;
}

/** The file format of an export. */
export const DIAGNOSTICS_EXPORT_FORMAT = 'imagefx-desktop/diagnostics';

const CAPTURE_FILE = /^\d{8}T\d{9}-\d{3}-[a-z0-9-]{1,40}\.json$/;

export class FileDiagnosticsStore {
  readonly #directory: string;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #maxFiles: number;
  readonly #maxBytes: number;
  #sequence = 0;

  constructor(options: FileDiagnosticsStoreOptions) {
    this.#directory = options.directory;
    this.#clock = options.clock;
    this.#maxFiles = options.maxFiles ?? 20;
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
  }

  /** Keeps `capture` (JSON-serialisable, already redacted) under `kind`; removes the oldest beyond the cap. */
  async record(kind: string, capture: unknown): Promise<void> {
    const safeKind = kind.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 40) || 'capture';
    const at = this.#clock.now();
    let json = JSON.stringify(capture);
    if (Buffer.byteLength(json) > this.#maxBytes) json = JSON.stringify({ kind: safeKind, capturedAt: at, tooLargeBytes: Buffer.byteLength(json) });
    await mkdir(this.#directory, { recursive: true, mode: 0o700 });
    await chmod(this.#directory, 0o700);
    const stamp = new Date(at).toISOString().replace(/[-:.Z]/g, '');
    this.#sequence = (this.#sequence + 1) % 1000;
    const name = `${stamp}-${String(this.#sequence).padStart(3, '0')}-${safeKind}.json`;
    await writeFile(path.join(this.#directory, name), json, { mode: 0o600, flag: 'wx' });
    const names = await this.#names();
    await Promise.all(names.slice(0, Math.max(0, names.length - this.#maxFiles)).map((old) => rm(path.join(this.#directory, old), { force: true })));
  }

  /** How many captures are kept. */
  async count(): Promise<number> {
    return (await this.#names()).length;
  }

  /** Writes every kept capture, oldest first, into one JSON file at `file` (0600). */
  async exportTo(file: string): Promise<{ file: string; captures: number }> {
    const captures: unknown[] = [];
    for (const name of await this.#names()) {
      try {
        captures.push(JSON.parse(await readFile(path.join(this.#directory, name), 'utf8')));
      } catch {
        // A capture cut short (crash mid-write) is skipped rather than failing the export.
      }
    }
    const bundle = { format: DIAGNOSTICS_EXPORT_FORMAT, exportedAt: new Date(this.#clock.now()).toISOString(), captures };
    await writeFile(file, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600 });
    return { file, captures: captures.length };
  }

  /** Capture file names, oldest first. */
  async #names(): Promise<string[]> {
    try {
      return (await readdir(this.#directory)).filter((name) => CAPTURE_FILE.test(name)).sort();
    } catch {
      return [];
    }
  }
}
