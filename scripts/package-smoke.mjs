// `npm run package:smoke`: proves the packaging offline, where Electron's binary cannot be downloaded.
//  1. builds the app for production (scripts/build.mjs, NODE_ENV=production);
//  2. runs electron-builder's `dir` target with electron-builder.yml, pointing `electronDist` at a stand-in
//     Electron folder made here; any DNS lookup (a download) during packaging fails the run;
//  3. checks the packaged binary's fuses, which electron-builder flips in the stand-in exactly as in the real
//     binary (it carries the fuse sentinel and Electron's default wire);
//  4. checks app.asar: the built main, preload and renderer and every production dependency are there;
//     sources, tests, source maps, TypeScript, env files, devDependencies, project files and demo mode's
//     code (emulator routing and certificate trust, development builds only) are not.
//
//   node scripts/package-smoke.mjs [--project <dir>] [--keep <dir>]   build, package, inspect
//   node scripts/package-smoke.mjs [--project <dir>] --inspect <app.asar>   inspect an existing asar only
import { spawnSync } from 'node:child_process';
import dns from 'node:dns';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { REQUIRED_FUSES, loadBuilderConfig } from './check-config.mjs';
import { enterPrivateTempDir } from './private-temp.mjs';

const scriptProject = fileURLToPath(new URL('..', import.meta.url));
const requireHere = createRequire(import.meta.url);
const requireFromLib = createRequire(requireHere.resolve('app-builder-lib/package.json'));
const asar = requireFromLib('@electron/asar');
const { FuseV1Options, getCurrentFuseWire } = requireFromLib('@electron/fuses');

/** @electron/fuses' sentinel, then wire version 1, length 8, and Electron's default states ('1' on, '0' off). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_FUSE_WIRE = '10110001';

/** A folder shaped like Electron's Linux zip, with a shell script in place of the binary. */
function createStandInElectron(dir, version) {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron from package:smoke: there is no real binary here" >&2\nexit 1\n# '),
    Buffer.from(FUSE_SENTINEL), Buffer.from([1, DEFAULT_FUSE_WIRE.length]), Buffer.from(DEFAULT_FUSE_WIRE), Buffer.from('\n'),
  ]);
  writeFileSync(path.join(dir, 'electron'), binary);
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'version'), version);
  writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for Electron\'s MIT license.\n');
  writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), '');
}

/** Makes every non-local DNS lookup throw (and records it): packaging must not download anything. */
function refuseNetwork() {
  const attempts = [];
  const local = (host) => host === 'localhost' || host === '127.0.0.1' || host === '::1';
  const refuse = (host) => {
    attempts.push(host);
    return Object.assign(new Error(`package:smoke runs offline: refused to resolve ${host}`), { code: 'ENOTFOUND' });
  };
  const { lookup } = dns;
  dns.lookup = (host, options, callback) => {
    if (local(host)) return lookup(host, options, callback);
    const done = typeof options === 'function' ? options : callback;
    process.nextTick(() => done(refuse(host)));
  };
  const promisesLookup = dns.promises.lookup;
  dns.promises.lookup = (host, options) => (local(host) ? promisesLookup(host, options) : Promise.reject(refuse(host)));
  return attempts;
}

async function packageApp(project, outDir) {
  const built = spawnSync(process.execPath, [path.join(project, 'scripts', 'build.mjs')], {
    cwd: project, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the production build failed');
  const config = loadBuilderConfig(path.join(project, 'electron-builder.yml'));
  const electronDist = path.join(outDir, 'electron-dist');
  createStandInElectron(electronDist, config.electronVersion);
  const attempts = refuseNetwork();
  const { build, Platform } = createRequire(path.join(project, 'package.json'))('electron-builder');
  await build({
    projectDir: project,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { electronDist, directories: { output: path.join(outDir, 'release') } },
  });
  if (attempts.length > 0) throw new Error(`electron-builder tried to reach the network: ${[...new Set(attempts)].join(', ')}`);
  const release = path.join(outDir, 'release');
  const unpacked = readdirSync(release).find((name) => /^linux(-[a-z0-9]+)?-unpacked$/.test(name));
  if (!unpacked) throw new Error(`no linux-*-unpacked folder in ${release}`);
  return { appDir: path.join(release, unpacked), executable: config.executableName ?? readPackage(project).name };
}

function readPackage(dir) {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/** The packaged binary's fuses against REQUIRED_FUSES. */
async function fuseProblems(binary) {
  const wire = await getCurrentFuseWire(binary);
  const problems = [];
  for (const [name, required] of Object.entries(REQUIRED_FUSES)) {
    const index = FuseV1Options[name[0].toUpperCase() + name.slice(1)];
    const state = wire[index] === 49 ? true : wire[index] === 48 ? false : `byte ${wire[index]}`;
    if (state !== required) problems.push(`fuse ${name}: packaged binary has ${state}, must be ${required}`);
  }
  return problems;
}

/** Every file in the asar (paths without a leading slash), walking its header. */
function asarFiles(archive) {
  const files = [];
  const walk = (node, prefix) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const entry = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, entry);
      else files.push(entry);
    }
  };
  walk(asar.getRawHeader(archive).header, '');
  return files;
}

function listFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

/** Where Node would find `name` from `fromDir`, stopping at the project. */
function findPackageDir(name, fromDir, project) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === project || dir === path.dirname(dir)) return null;
  }
}

/** name@version of every installed production package: dependencies, their dependencies, installed optionals. */
function productionPackages(project) {
  const found = new Map();
  const queue = [{ dir: project, manifest: readPackage(project), isRoot: true }];
  while (queue.length > 0) {
    const { dir, manifest, isRoot } = queue.shift();
    const optional = new Set(Object.keys(manifest.optionalDependencies ?? {}));
    const peers = Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, meta]) => meta?.optional).map(([name]) => name);
    const names = new Set([
      ...Object.keys(manifest.dependencies ?? {}), ...optional,
      ...(isRoot ? [] : Object.keys(manifest.peerDependencies ?? {}).filter((name) => !peers.includes(name))),
    ]);
    for (const name of names) {
      const packageDir = findPackageDir(name, dir, project);
      if (!packageDir) {
        if (!optional.has(name)) found.set(`missing:${name}`, { name, version: null });
        continue;
      }
      const depManifest = readPackage(packageDir);
      const key = `${name}@${depManifest.version}`;
      if (found.has(key)) continue;
      found.set(key, { name, version: depManifest.version });
      queue.push({ dir: packageDir, manifest: depManifest, isRoot: false });
    }
  }
  return [...found.values()];
}

/**
 * Strings only demo mode's code holds (src/app/demo): its marker (DEMO_CODE_MARKER in demo-main.ts), the
 * Chromium switch that reroutes Google, the certificate override, and the emulator router's error code.
 */
export const DEMO_CODE_MARKERS = ['imagefx-desktop:demo-code:development-only', 'host-resolver-rules', 'setCertificateVerifyProc', 'EMULATOR_ROUTING_REFUSED'];

const FORBIDDEN = [
  [/^(src|tests?|scripts|build|bench|coverage|release|\.ci|\.github)\//, 'project source or tooling'],
  [/(^|\/)(tests?|__tests__)\//, 'a test folder'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'a test file'],
  [/\.map$/, 'a source map'],
  [/\.[cm]?tsx?$/, 'TypeScript source'],
  [/(^|\/)\.env(\.[^/]*)?$/, 'an env file'],
];

/**
 * Everything wrong with `archive` for `project` (whose dist/ holds the build that was packaged), and what
 * was looked at: `{ problems, fileCount, productionCount }`.
 */
export function inspectAsar(archive, project) {
  const files = asarFiles(archive);
  const present = new Set(files);
  const problems = [];
  const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  const root = readPackage(project);
  if (manifest.devDependencies) problems.push('package.json in the asar still lists devDependencies');
  for (const required of [manifest.main, 'dist/preload.cjs', 'dist/renderer/index.html']) {
    if (!present.has(required)) problems.push(`missing ${required}`);
  }
  for (const built of listFiles(path.join(project, 'dist')).filter((file) => !file.endsWith('.map'))) {
    if (!present.has(`dist/${built}`)) problems.push(`missing built file dist/${built}`);
  }
  for (const file of files) {
    if (file !== 'package.json' && !file.startsWith('dist/') && !file.startsWith('node_modules/')) {
      problems.push(`unexpected project file ${file}`);
    }
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(file)) problems.push(`${file} is ${what}`);
    if (file.startsWith('dist/') && /\.[cm]?js$/.test(file)) {
      const text = asar.extractFile(archive, file).toString('utf8');
      for (const marker of DEMO_CODE_MARKERS) if (text.includes(marker)) problems.push(`${file} holds demo-mode code ("${marker}"): demo mode must not ship`);
    }
  }
  const packaged = new Map();
  for (const file of files.filter((entry) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(entry))) {
    const { name, version } = JSON.parse(asar.extractFile(archive, file).toString('utf8'));
    if (file.endsWith(`node_modules/${name}/package.json`)) packaged.set(`${name}@${version}`, file);
  }
  const production = productionPackages(project);
  for (const { name, version } of production) {
    if (version === null) problems.push(`production dependency ${name} is not installed`);
    else if (!packaged.has(`${name}@${version}`)) problems.push(`missing production dependency ${name}@${version}`);
  }
  const productionNames = new Set(production.map((entry) => entry.name));
  for (const name of Object.keys(root.devDependencies ?? {}).filter((dev) => !productionNames.has(dev))) {
    const leaked = [...packaged.entries()].find(([key]) => key.startsWith(`${name}@`));
    if (leaked) problems.push(`devDependency ${name} is packaged (${leaked[1]})`);
  }
  return { problems, fileCount: files.length, productionCount: production.length };
}

async function main() {
  const { values } = parseArgs({ options: { project: { type: 'string' }, keep: { type: 'string' }, inspect: { type: 'string' } } });
  const project = path.resolve(values.project ?? scriptProject);
  const problems = [];
  let archive = values.inspect && path.resolve(values.inspect);
  let inspection;
  if (!archive) {
    const workDir = values.keep ? path.resolve(values.keep) : mkdtempSync(path.join(tmpdir(), 'imagefx-package-smoke-'));
    mkdirSync(workDir, { recursive: true });
    try {
      const { appDir, executable } = await packageApp(project, workDir);
      archive = path.join(appDir, 'resources', 'app.asar');
      problems.push(...(await fuseProblems(path.join(appDir, executable))));
      inspection = inspectAsar(archive, project);
    } finally {
      if (!values.keep) rmSync(workDir, { recursive: true, force: true });
    }
  } else {
    inspection = inspectAsar(archive, project);
  }
  problems.push(...inspection.problems);
  if (problems.length === 0) {
    const what = values.inspect ? 'the asar' : 'the offline package (fuses as required)';
    console.log(`package:smoke: ${what} is as it should be: ${inspection.fileCount} files, ${inspection.productionCount} production packages, nothing else (${archive}).`);
    return;
  }
  console.error(`package:smoke: ${problems.length} problem(s) in ${archive}:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exitCode = 1;
}

// electron-builder and the tools it starts keep caches in the temporary folder (jiti, Node's compile
// cache): a private one, removed at exit, next to the work folder main() removes itself.
process.once('exit', enterPrivateTempDir('imagefx-package-smoke-run-'));
try {
  await main();
} catch (error) {
  console.error(`package:smoke: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
