/**
 * The project's lint rules fire on what they forbid and stay quiet on the allowed form. ESLint runs with
 * the project's eslint.config.js from tests/lint/fixtures, whose files sit at the paths the rules are
 * about (src/shared/…, src/app/ipc/ipc-registry.ts, …) and whose own small tsconfig keeps the type-aware
 * rules fast.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = path.join(root, 'tests', 'lint', 'fixtures');

let results: Map<string, ESLint.LintResult>;

beforeAll(async () => {
  const eslint = new ESLint({ cwd: fixtures, overrideConfigFile: path.join(root, 'eslint.config.js') });
  const linted = await eslint.lintFiles(['src/**/*.ts']);
  results = new Map(linted.map((result) => [path.relative(fixtures, result.filePath).split(path.sep).join('/'), result]));
});

/** `rule: line` for every error ESLint reported in `file`. */
function errors(file: string): string[] {
  const result = results.get(file);
  if (!result) throw new Error(`${file} was not linted; linted: ${[...results.keys()].join(', ')}`);
  return result.messages.map((message) => `${message.ruleId ?? message.message}: ${message.line}`);
}

describe('promises', () => {
  it('reports a floating promise, and accepts awaited or voided ones', () => {
    expect(errors('src/services/floating-promise.ts')).toEqual(['@typescript-eslint/no-floating-promises: 5']);
    expect(errors('src/services/handled-promise.ts')).toEqual([]);
  });

  it('reports async callbacks where a void callback is expected', () => {
    expect(errors('src/services/misused-promise.ts')).toEqual([
      '@typescript-eslint/no-misused-promises: 9',
      '@typescript-eslint/no-misused-promises: 13',
    ]);
  });
});

describe('the single IPC registry', () => {
  it('reports ipcMain imported anywhere but src/app/ipc/ipc-registry.ts', () => {
    expect(errors('src/services/imports-ipc-main.ts')).toEqual(['no-restricted-imports: 2']);
    expect(errors('src/app/ipc/ipc-registry.ts')).toEqual([]);
  });

  it('reports ipcMain reached through the default export, destructuring or webContents.ipc', () => {
    expect(errors('src/services/reaches-ipc-main.ts')).toEqual([
      'no-restricted-syntax: 5',
      'no-restricted-syntax: 6',
      'no-restricted-syntax: 8',
    ]);
  });

  it('leaves other electron imports alone', () => {
    expect(errors('src/services/uses-electron-app.ts')).toEqual([]);
  });
});

describe('src/shared stays pure', () => {
  it('reports electron, node: and bare Node built-in imports', () => {
    expect(errors('src/shared/imports-electron.ts')).toEqual(['no-restricted-imports: 2']);
    expect(errors('src/shared/imports-node-fs.ts')).toEqual(['no-restricted-imports: 2']);
    expect(errors('src/shared/imports-bare-fs.ts')).toEqual(['no-restricted-imports: 2']);
  });

  it('reports DOM and Node globals, with a message that says why', () => {
    expect(errors('src/shared/uses-dom.ts')).toEqual([
      'no-restricted-globals: 3',
      'no-restricted-globals: 3',
      'no-restricted-globals: 3',
    ]);
    const messages = results.get('src/shared/uses-dom.ts')?.messages.map((message) => message.message) ?? [];
    expect(messages[0]).toContain('src/shared may not use the DOM (document)');
  });

  it('accepts plain types and functions', () => {
    expect(errors('src/shared/pure.ts')).toEqual([]);
  });
});

describe('the renderer stays sandboxed', () => {
  it('reports electron and Node built-in imports, and accepts the DOM', () => {
    expect(errors('src/renderer/imports-electron.ts')).toEqual(['no-restricted-imports: 2']);
    expect(errors('src/renderer/imports-node-path.ts')).toEqual(['no-restricted-imports: 2']);
    expect(errors('src/renderer/uses-dom.ts')).toEqual([]);
  });
});

describe('rooms: imports point down', () => {
  const upward = (line: number) => `rooms/arrows-point-down: ${line}`;

  it('reports an import of a room above, or of a sibling domain room', () => {
    expect(errors('src/shared/imports-core.ts')).toEqual([upward(2)]);
    expect(errors('src/auth/session/imports-accounts.ts')).toEqual([upward(2)]);
    expect(errors('src/services/gallery/imports-imagefx.ts')).toEqual([upward(2)]);
    expect(errors('src/services/gallery/imports-app.ts')).toEqual([upward(2)]);
    expect(errors('src/renderer/imports-services.ts')).toEqual([upward(2)]);
    const message = results.get('src/services/gallery/imports-app.ts')?.messages[0]?.message;
    expect(message).toBe('services/gallery may not import app: arrows point down (shared, core ← auth/*, services/* ← app ← main.ts; see docs/ARCHITECTURE.md).');
  });

  it('reports a room entered behind its index.ts', () => {
    expect(errors('src/auth/accounts/imports-session-internals.ts')).toEqual([upward(2)]);
    expect(results.get('src/auth/accounts/imports-session-internals.ts')?.messages[0]?.message).toBe(
      'Import auth/session through src/auth/session/index.ts, its public surface, not src/auth/session/session-state.ts.',
    );
  });

  it('accepts imports of the same room or a room below', () => {
    expect(errors('src/core/clock.ts')).toEqual([]);
    expect(errors('src/auth/session/session-state.ts')).toEqual([]);
    expect(errors('src/auth/accounts/imports-session.ts')).toEqual([]);
    expect(errors('src/services/imagefx/image-kinds.ts')).toEqual([]);
  });
});
