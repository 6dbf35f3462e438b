/**
 * Appends lines to a local log file (folder 0700, file 0600). Synchronous: auth events are rare, and a
 * line written before a crash is worth more than the microseconds saved.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface LineAppender {
  /** Appends `line` plus a newline. */
  append(line: string): void;
}

export class LogFileAppender implements LineAppender {
  readonly filePath: string;

  constructor(filePath: string) {
    this.filePath = filePath;
  }

  append(line: string): void {
    mkdirSync(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    appendFileSync(this.filePath, `${line}\n`, { mode: 0o600 });
  }
}
