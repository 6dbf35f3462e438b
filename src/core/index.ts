/**
 * core — the ports and small utilities every room may use: the clock (time and waiting as a parameter),
 * the key-value store and its conf-backed implementation, the quarantine for unreadable data, the
 * diagnostics folder, an append-only log file, and the reading of Google's HTTP answers (`Retry-After`,
 * web pages). Imports nothing of ours but src/shared; no Electron.
 */
export { systemClock, type Clock } from './clock.ts';
export { CONF_STORE_OPTIONS, openConfKeyValueStore } from './conf-key-value-store.ts';
export { DIAGNOSTICS_EXPORT_FORMAT, FileDiagnosticsStore } from './diagnostics-store.ts';
export { DiscardingQuarantine, FileQuarantine, type Quarantine } from './file-quarantine.ts';
export { readEntries, type KeyValueStore } from './key-value-store.ts';
export { LogFileAppender, type LineAppender } from './log-file-appender.ts';
export { isWebPage, parseRetryAfter } from './http-answer.ts';
