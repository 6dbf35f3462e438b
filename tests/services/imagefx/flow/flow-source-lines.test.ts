/**
 * The source side of the line the Flow backend never crosses (see flow-recaptcha-line.test.ts for the run):
 * nothing under src/ names `grecaptcha` (no wrapping, pre-capturing or calling it), evaluates or injects
 * script into a page, or opens a remote-debugging port — the Flow page is reached through Electron's
 * `webContents.debugger`, an internal pipe.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../../../src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : [file];
  });
}

describe('the app’s code', () => {
  const files = sourceFiles(SRC);

  it('never names grecaptcha, and never runs script in a page (no evaluate, no injected script)', () => {
    expect(files.length).toBeGreaterThan(100);
    const forbidden = /grecaptcha|Runtime\.evaluate|Runtime\.callFunctionOn|addScriptToEvaluateOnNewDocument|executeJavaScript|Runtime\.compileScript/i;
    const offenders = files.filter((file) => forbidden.test(readFileSync(file, 'utf8'))).map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it('never opens a remote-debugging port: the Flow page speaks through webContents.debugger', () => {
    const offenders = files.filter((file) => /remote-debugging-(port|address)|remoteDebuggingPort/i.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
    const adapter = readFileSync(path.join(SRC, 'app/electron/electron-flow-page.ts'), 'utf8');
    expect(adapter).toMatch(/contents\.debugger/);
  });
});
