/**
 * One definition per shape: no exported type in src/ restates another — neither an alias that only renames
 * one of our types, nor a second declaration of the same shape (mutually assignable, same property names).
 * The checker runs the TypeScript compiler over src/ (tests/lint/shape-restatements.ts); a fixture with
 * both kinds of restatement proves it finds them.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSourceProgram, findRestatements } from './shape-restatements.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'imagefx-shapes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exported types in src/', () => {
  it('each shape has one definition', () => {
    expect(findRestatements(createSourceProgram(root), root)).toEqual([]);
  });
});

describe('the checker', () => {
  it('finds an alias of one of our types and a second declaration of the same shape, and nothing else', () => {
    mkdirSync(path.join(scratch, 'src'));
    writeFileSync(
      path.join(scratch, 'src', 'shapes.ts'),
      [
        'export interface Job { readonly id: string; readonly status: "queued" | "done" }',
        'export type JobStatus = "queued" | "done";',
        'export type Task = Job;',
        'export interface Work { id: string; status: "queued" | "done" }',
        'export interface Partial { readonly id: string; readonly status?: "queued" | "done" }',
        'export type Id = string;',
        'export interface Named { readonly id: string; readonly name: string }',
      ].join('\n'),
    );
    writeFileSync(path.join(scratch, 'src', 'states.ts'), 'export type Status = "done" | "queued";\n');
    const found = findRestatements(createSourceProgram(scratch), scratch).map((r) => `${r.why}: ${r.declaration} ~ ${r.restates}`);
    expect(found.sort()).toEqual([
      'alias: src/shapes.ts:Task ~ src/shapes.ts:Job',
      'same shape: src/shapes.ts:Work ~ src/shapes.ts:Job',
      'same shape: src/states.ts:Status ~ src/shapes.ts:JobStatus',
    ]);
  });
});
