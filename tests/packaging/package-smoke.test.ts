/**
 * `npm run package:smoke` end to end, in a copy of the project: the production build, electron-builder's
 * `dir` target on a stand-in Electron, the fuses it flips and the asar it writes. Then the same asar with
 * one deliberate defect each, checked with `--inspect`, must fail, while the untouched repack passes.
 */
import * as asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProjectForPackaging } from './packaging-project-copy.ts';
import { runNodeScript, type ScriptResult } from './run-node-script.ts';

let project: string;
let scratch: string;
let smoke: ScriptResult;
let appDir: string;
let archive: string;
let extracted: string;

const script = (): string => path.join(project, 'scripts', 'package-smoke.mjs');

beforeAll(async () => {
  project = copyProjectForPackaging();
  scratch = mkdtempSync(path.join(tmpdir(), 'imagefx-asar-cases-'));
  const keep = path.join(project, 'smoke');
  smoke = await runNodeScript(script(), ['--keep', keep], project);
  const release = path.join(keep, 'release');
  const unpacked = readdirSync(release).find((name) => name.endsWith('-unpacked')) ?? 'missing';
  appDir = path.join(release, unpacked);
  archive = path.join(appDir, 'resources', 'app.asar');
  extracted = path.join(scratch, 'extracted');
  asar.extractAll(archive, extracted);
}, 240_000);

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run package:smoke on the project', () => {
  it('exits 0', () => {
    expect(smoke.status, smoke.output).toBe(0);
    expect(smoke.stdout).toContain('package:smoke: the offline package (fuses as required) is as it should be');
  });

  it('packages with every fuse flipped as the issue asks, in the binary electron-builder wrote', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'imagefx-desktop'));
    const ON = 49;
    const OFF = 48;
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ON);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(OFF);
  });

  it('puts the built app and the production dependencies in app.asar, and no project files', () => {
    const files = asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/^[\\/]/, '').replaceAll('\\', '/'));
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'dist/main.js', 'dist/preload.cjs', 'dist/renderer/index.html',
      'node_modules/zod/package.json', 'node_modules/electron-store/package.json', 'node_modules/@rohitaryal/imagefx-api/package.json',
    ]));
    expect(files.filter((file) => !/^(package\.json|dist(\/|$)|node_modules(\/|$))/.test(file))).toEqual([]);
    expect(files.filter((file) => /\.map$|(^|\/)node_modules\/(vitest|electron|typescript|esbuild)\//.test(file))).toEqual([]);
  });
});

/** A change to the extracted app, and how to take it back (the cases share one extracted copy). */
interface Defect {
  apply(root: string): void;
  undo(root: string): void;
  readonly message: RegExp;
}

function addedFile(relative: string, content: string, message: RegExp): Defect {
  let created = '';
  return {
    apply: (root) => {
      // Remember the outermost folder (or the file) that did not exist, so undo removes exactly that.
      const parts = relative.split('/');
      const firstNew = parts.findIndex((_, index) => !existsSync(path.join(root, ...parts.slice(0, index + 1))));
      created = path.join(root, ...parts.slice(0, firstNew + 1));
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    },
    undo: () => rmSync(created, { recursive: true, force: true }),
    message,
  };
}

function removedPath(relative: string, message: RegExp): Defect {
  const aside = (root: string): string => path.join(path.dirname(root), `aside-${relative.replaceAll('/', '-')}`);
  return {
    apply: (root) => renameSync(path.join(root, relative), aside(root)),
    undo: (root) => renameSync(aside(root), path.join(root, relative)),
    message,
  };
}

/** Repacks the packaged app with `defects` applied and runs the script's `--inspect` on it. */
async function inspectWith(name: string, defects: readonly Defect[]): Promise<ScriptResult> {
  const repacked = path.join(scratch, `${name}.asar`);
  for (const defect of defects) defect.apply(extracted);
  try {
    await asar.createPackage(extracted, repacked);
  } finally {
    for (const defect of defects) defect.undo(extracted);
  }
  return runNodeScript(script(), ['--project', project, '--inspect', repacked], project);
}

describe('package:smoke --inspect on a deliberately broken asar', () => {
  it('passes the packaged app repacked unchanged (so each failure below is the defect alone)', async () => {
    const result = await inspectWith('unchanged', []);
    expect(result.status, result.output).toBe(0);
  });

  it('fails on a test file inside the asar', async () => {
    const testFile = addedFile('tests/app.test.ts', 'export {};\n', /tests\/app\.test\.ts is a test file/);
    const result = await inspectWith('test-file', [testFile]);
    expect(result.status, result.output).toBe(1);
    expect(result.stderr).toMatch(testFile.message);
  });

  it('fails on sources, source maps, env files, devDependencies and missing parts, naming each', async () => {
    const defects = [
      addedFile('src/main.ts', 'export {};\n', /src\/main\.ts is project source or tooling/),
      addedFile('dist/main.js.map', '{}', /dist\/main\.js\.map is a source map/),
      addedFile('.env', 'TOKEN=x\n', /\.env is an env file/),
      addedFile('node_modules/vitest/package.json', '{"name":"vitest","version":"4.0.0"}', /devDependency vitest is packaged/),
      removedPath('node_modules/zod', /missing production dependency zod@/),
      removedPath('dist/preload.cjs', /missing dist\/preload\.cjs/),
    ];
    const result = await inspectWith('many-defects', defects);
    expect(result.status, result.output).toBe(1);
    for (const defect of defects) expect(result.stderr).toMatch(defect.message);
  });
});
