// `npm run check:config`: validates electron-builder.yml the way electron-builder itself does (its own JSON
// schema, app-builder-lib/scheme.json, through its own validateConfiguration), then against the project's
// rules, which the schema cannot express: the fuses, an app limited to the built files, asar on, the targets,
// a pinned Electron, hardened-runtime entitlements without escape hatches, and real icons.
//
//   node scripts/check-config.mjs [--config <file>] [--project <dir>]
//
// Exits 0 when every check passes, 1 with one line per problem otherwise. package-smoke.mjs imports the rules.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { enterPrivateTempDir } from './private-temp.mjs';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const requireFromBuilder = createRequire(createRequire(path.join(projectRoot, 'package.json')).resolve('electron-builder'));
const appBuilderLib = path.dirname(requireFromBuilder.resolve('app-builder-lib/package.json'));
const requireFromLib = createRequire(path.join(appBuilderLib, 'package.json'));

/** The fuse values the issue requires (https://www.electronjs.org/docs/latest/tutorial/fuses). */
export const REQUIRED_FUSES = Object.freeze({
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  grantFileProtocolExtraPrivileges: false,
});

/** `files` must exclude these, so nothing of the kind can reach the package, not even from a dependency. */
export const REQUIRED_FILE_EXCLUSIONS = Object.freeze(['!**/*.map', '!**/*.{ts,tsx,mts,cts}', '!**/.env', '!**/.env.*']);

/** Entitlements that would undo the hardened runtime. */
const FORBIDDEN_ENTITLEMENTS = [
  'com.apple.security.cs.disable-library-validation',
  'com.apple.security.cs.allow-dyld-environment-variables',
  'com.apple.security.cs.disable-executable-page-protection',
  'com.apple.security.get-task-allow',
  'com.apple.security.device.camera',
  'com.apple.security.device.audio-input',
];

const REQUIRED_TARGETS = { linux: ['AppImage', 'deb'], mac: ['dmg'], win: ['nsis'] };
const MIN_ICON_SIZE = 512;

/** Reads electron-builder.yml (or .json) as electron-builder does, with its own js-yaml. */
export function loadBuilderConfig(configPath) {
  const text = readFileSync(configPath, 'utf8');
  const config = configPath.endsWith('.json') ? JSON.parse(text) : requireFromLib('js-yaml').load(text);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(`${configPath} does not contain a configuration object`);
  }
  return config;
}

/** electron-builder's own validation, exactly as `electron-builder` runs it before building. */
export async function schemaProblems(config) {
  const { validateConfiguration } = requireFromLib('./out/util/config/config.js');
  const debugLogger = { isEnabled: false, add() {} };
  try {
    await validateConfiguration(structuredClone(config), debugLogger);
    return [];
  } catch (error) {
    return [`schema: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function targetNames(platformConfig) {
  const targets = platformConfig?.target;
  const list = Array.isArray(targets) ? targets : targets === undefined ? [] : [targets];
  return list.map((target) => (typeof target === 'string' ? target : target?.target)).filter(Boolean);
}

/** Width and height from a PNG's IHDR chunk, or null when the file is not a PNG. */
function pngSize(file) {
  const bytes = readFileSync(file);
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function fileRules(config, problems) {
  const files = config.files;
  if (!Array.isArray(files) || files.some((entry) => typeof entry !== 'string')) {
    problems.push('files: must be a list of glob strings naming exactly what the app needs');
    return;
  }
  for (const pattern of files.filter((entry) => !entry.startsWith('!'))) {
    if (pattern !== 'package.json' && !pattern.startsWith('dist/')) {
      problems.push(`files: "${pattern}" is outside the built app (only package.json and dist/ may be included)`);
    }
  }
  for (const exclusion of REQUIRED_FILE_EXCLUSIONS) {
    if (!files.includes(exclusion)) problems.push(`files: must exclude "${exclusion}"`);
  }
}

function fuseRules(config, problems) {
  const fuses = config.electronFuses;
  if (!fuses || typeof fuses !== 'object') {
    problems.push('electronFuses: missing; the fuses must be set at package time');
    return;
  }
  for (const [name, required] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[name] !== required) {
      problems.push(`electronFuses.${name}: must be ${required}, is ${JSON.stringify(fuses[name]) ?? 'unset'}`);
    }
  }
}

function macRules(config, projectDir, problems) {
  const mac = config.mac ?? {};
  if (mac.hardenedRuntime !== true) problems.push('mac.hardenedRuntime: must be true');
  for (const key of ['entitlements', 'entitlementsInherit']) {
    const file = mac[key] && path.resolve(projectDir, mac[key]);
    if (!file || !existsSync(file)) {
      problems.push(`mac.${key}: must name an entitlements plist that exists`);
      continue;
    }
    const plist = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    if (!plist.includes('<plist')) problems.push(`mac.${key}: ${mac[key]} is not a plist`);
    if (!plist.includes('com.apple.security.cs.allow-jit')) problems.push(`mac.${key}: ${mac[key]} lacks allow-jit, which V8 needs`);
    for (const entitlement of FORBIDDEN_ENTITLEMENTS) {
      if (plist.includes(entitlement)) problems.push(`mac.${key}: ${mac[key]} grants ${entitlement}`);
    }
  }
}

function iconRules(config, projectDir, problems) {
  for (const platform of ['linux', 'mac', 'win']) {
    const icon = config[platform]?.icon;
    const file = icon && path.resolve(projectDir, icon);
    if (!file || !existsSync(file)) {
      problems.push(`${platform}.icon: must name an icon file that exists`);
      continue;
    }
    const size = pngSize(file);
    if (!size || size.width < MIN_ICON_SIZE || size.height < MIN_ICON_SIZE) {
      problems.push(`${platform}.icon: ${icon} must be a PNG of at least ${MIN_ICON_SIZE}×${MIN_ICON_SIZE}`);
    }
  }
}

/** The project's own rules; returns one message per problem. */
export function projectRuleProblems(config, projectDir) {
  const problems = [];
  if (typeof config.appId !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/i.test(config.appId)) {
    problems.push('appId: must be a reverse-DNS id');
  }
  if (typeof config.productName !== 'string' || !config.productName.trim()) problems.push('productName: must be set');
  if (config.asar !== true) problems.push('asar: must be true (OnlyLoadAppFromAsar and asar integrity need it)');
  if ('electronDist' in config) problems.push('electronDist: must not be committed (package:smoke passes a stand-in)');
  const pkg = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const pinned = pkg.devDependencies?.electron;
  if (config.electronVersion !== pinned) {
    problems.push(`electronVersion: must equal the exact devDependency electron (${pinned}), is ${config.electronVersion}`);
  }
  fileRules(config, problems);
  fuseRules(config, problems);
  for (const [platform, names] of Object.entries(REQUIRED_TARGETS)) {
    const configured = targetNames(config[platform]);
    for (const name of names) if (!configured.includes(name)) problems.push(`${platform}.target: must include ${name}`);
  }
  macRules(config, projectDir, problems);
  iconRules(config, projectDir, problems);
  return problems;
}

/** Every problem with `configPath`, schema first. */
export async function checkConfig({ configPath, projectDir }) {
  let config;
  try {
    config = loadBuilderConfig(configPath);
  } catch (error) {
    return [`${configPath}: ${error instanceof Error ? error.message : String(error)}`];
  }
  return [...(await schemaProblems(config)), ...projectRuleProblems(config, projectDir)];
}

async function main() {
  const { values } = parseArgs({ options: { config: { type: 'string' }, project: { type: 'string' } } });
  const projectDir = path.resolve(values.project ?? projectRoot);
  const configPath = path.resolve(values.config ?? path.join(projectDir, 'electron-builder.yml'));
  const version = JSON.parse(readFileSync(path.join(appBuilderLib, 'package.json'), 'utf8')).version;
  const problems = await checkConfig({ configPath, projectDir });
  if (problems.length === 0) {
    console.log(`check:config: ${path.relative(process.cwd(), configPath) || configPath} passes electron-builder ${version}'s schema and the project's rules.`);
    return;
  }
  console.error(`check:config: ${problems.length} problem(s) in ${configPath}:`);
  for (const problem of problems) console.error(`  - ${problem.replace(/\n/g, '\n    ')}`);
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // electron-builder's config loader keeps a jiti cache in the temporary folder: a private one goes at exit.
  process.once('exit', enterPrivateTempDir('imagefx-check-config-'));
  await main();
}
