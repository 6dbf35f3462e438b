// `node scripts/check-advisories.mjs`: the dependency advisory gate, offline. Reads package-lock.json and
// security/advisories.json (a committed snapshot of the GitHub Advisory Database entries that concern this
// app's packages) and fails, naming package, version and advisory, when an installed version falls in a
// vulnerable range. By default it checks what ships or runs the app: every package the lockfile does not
// mark `dev`, plus Electron (a devDependency at build time, the runtime of the packaged app).
//
//   node scripts/check-advisories.mjs [--lockfile <package-lock.json>] [--advisories <advisories.json>] [--include-dev]
//
// Why a snapshot: the npm registry this project is built against refuses npm audit's bulk endpoint (405),
// so `npm audit` cannot gate anything here. SECURITY.md says how the snapshot is refreshed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
/** DevDependencies that still run the packaged app. */
const RUNTIME_DEV_PACKAGES = new Set(['electron']);

/** `1.2.3-beta.4` → { core: [1, 2, 3], pre: ['beta', 4] }, or null. */
export function parseVersion(text) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!match) return null;
  const pre = match[4] ? match[4].split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [];
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre };
}

/** Semver precedence: negative, zero or positive. */
export function compareVersions(a, b) {
  for (let i = 0; i < 3; i += 1) if (a.core[i] !== b.core[i]) return a.core[i] - b.core[i];
  if (a.pre.length === 0 || b.pre.length === 0) return (a.pre.length === 0 ? 1 : 0) - (b.pre.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i += 1) {
    const [x, y] = [a.pre[i], b.pre[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** True when `version` satisfies `range` (`<1.2.3`, `>=1.0.0 <1.2.3`, alternatives joined by `||`). */
export function inRange(version, range) {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`not a version: ${version}`);
  return range.split('||').some((alternative) => {
    const comparators = alternative.trim().split(/[\s,]+/).filter(Boolean);
    if (comparators.length === 0) throw new Error(`empty range in "${range}"`);
    return comparators.every((comparator) => {
      const match = /^(<=|>=|<|>|=)?(.+)$/.exec(comparator);
      const bound = match && parseVersion(match[2]);
      if (!bound) throw new Error(`cannot read "${comparator}" in "${range}"`);
      const order = compareVersions(parsed, bound);
      switch (match[1] ?? '=') {
        case '<': return order < 0;
        case '<=': return order <= 0;
        case '>': return order > 0;
        case '>=': return order >= 0;
        default: return order === 0;
      }
    });
  });
}

/** The snapshot, validated: a malformed one fails the gate instead of checking nothing. */
export function readAdvisories(file) {
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed?.advisories) || parsed.advisories.length === 0) throw new Error(`${file} lists no advisories`);
  for (const advisory of parsed.advisories) {
    for (const field of ['id', 'package', 'vulnerable', 'severity', 'title']) {
      if (typeof advisory?.[field] !== 'string' || advisory[field] === '') throw new Error(`${file}: an advisory lacks "${field}"`);
    }
    inRange('0.0.0', advisory.vulnerable); // throws on a range it cannot read
  }
  return parsed.advisories;
}

/** `{ name, version, location }` of every installed package in a lockfile v2/v3 the check covers. */
export function lockedPackages(lock, includeDev) {
  return Object.entries(lock.packages ?? {})
    .filter(([location, entry]) => location !== '' && !entry.link && typeof entry.version === 'string')
    .map(([location, entry]) => ({ name: entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length), version: entry.version, location, dev: entry.dev === true }))
    .filter((entry) => includeDev || !entry.dev || RUNTIME_DEV_PACKAGES.has(entry.name));
}

function main() {
  const { values } = parseArgs({ options: { lockfile: { type: 'string' }, advisories: { type: 'string' }, 'include-dev': { type: 'boolean' } } });
  const lockfile = path.resolve(values.lockfile ?? path.join(root, 'package-lock.json'));
  const advisoriesFile = path.resolve(values.advisories ?? path.join(root, 'security', 'advisories.json'));
  const advisories = readAdvisories(advisoriesFile);
  const packages = lockedPackages(JSON.parse(readFileSync(lockfile, 'utf8')), values['include-dev'] === true);
  const hits = [];
  for (const installed of packages) {
    if (!parseVersion(installed.version)) continue; // git or file dependencies carry no semver to check
    for (const advisory of advisories) {
      if (advisory.package === installed.name && inRange(installed.version, advisory.vulnerable)) hits.push({ installed, advisory });
    }
  }
  if (hits.length === 0) {
    console.log(`check:advisories: ${packages.length} packages checked against ${advisories.length} advisories (${path.relative(root, advisoriesFile) || advisoriesFile}): none applies.`);
    return;
  }
  console.error(`check:advisories: ${hits.length} vulnerable package version(s) in ${lockfile}:`);
  for (const { installed, advisory } of hits) {
    console.error(`  - ${installed.name}@${installed.version} (${installed.location}): ${advisory.id} [${advisory.severity}] ${advisory.title} — vulnerable ${advisory.vulnerable}${advisory.url ? ` — ${advisory.url}` : ''}`);
  }
  process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    main();
  } catch (error) {
    console.error(`check:advisories: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
