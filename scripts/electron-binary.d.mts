// Types for electron-binary.mjs, so TypeScript tests can import it.

/** The command that fetches the binary by hand. */
export declare const INSTALL_HINT: string;
/** node_modules/electron as resolved from `projectRoot`, or null when the package is not installed. */
export declare function electronPackageDir(projectRoot: string): string | null;
/** True for the values Electron's tooling treats as "on". */
export declare function isSet(value: string | undefined): boolean;
/** Where the binary is (or would be). */
export declare function locateElectronBinary(
  electronDir: string,
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
): { found: boolean; path: string; viaOverride: boolean };
/** The most useful short line of a failed installer's output. */
export declare function summarizeInstallerOutput(output: string): string;
/** Runs electron's install.js once, for at most `timeoutMs`. */
export declare function downloadElectronBinary(
  electronDir: string,
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; nodePath?: string },
): { ok: true } | { ok: false; reason: string };
/** The binary's path, downloading it first if needed and allowed, or a one-line problem. */
export declare function ensureElectronBinary(
  electronDir: string | null,
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; onDownloadStart?: () => void },
): { path: string; problem?: undefined } | { path?: undefined; problem: string };
