/**
 * Runs one of the project's Node scripts as CI does (`node scripts/x.mjs …`), with the Node running the
 * tests, and hands back its exit code and output instead of throwing on a non-zero exit.
 */
import { execFile } from 'node:child_process';

export interface ScriptResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for assertion messages. */
  readonly output: string;
}

/** `env` is added to the test process's environment. */
export function runNodeScript(script: string, args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}
