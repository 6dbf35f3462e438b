// `npm run check:security` (first half): Electronegativity over src/, failing on any HIGH or MEDIUM finding
// that is not in the reviewed exclusion list (security/electronegativity-exclusions.json, each entry with a
// reason), on any file the scanner could not parse (a blind spot), and on a malformed exclusion list.
// The second half of the npm script runs the unit tests for what a static scanner cannot see.
//
//   node scripts/check-security.mjs [--input <dir or file>] [--exclusions <json>]
//
// Electronegativity fetches translations from S3 on every run and Electron's release list from GitHub for
// one check (src/locales/i18n.js and AvailableSecurityFixesGlobalCheck.js in its source). This gate runs
// offline, so its `got` is replaced by one that fails at once: translations fall back to the bundled en-US,
// and the release check is disabled in the exclusion list, with the reason.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const requireHere = createRequire(import.meta.url);
const toolDir = path.dirname(requireHere.resolve('@doyensec/electronegativity/package.json'));
const toolVersion = JSON.parse(readFileSync(path.join(toolDir, 'package.json'), 'utf8')).version;

/** Findings at or above this severity (Electronegativity's MEDIUM) fail the gate unless reviewed. */
const FAILING_SEVERITY = 2;
const MIN_REASON_LENGTH = 20;

/** Puts an always-failing `got` into the require cache wherever Electronegativity loads it from. */
function keepElectronegativityOffline() {
  const offline = () => Promise.reject(new Error('check:security runs offline'));
  offline.head = offline;
  offline.get = offline;
  for (const requester of ['dist/locales/i18n.js', 'dist/finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js']) {
    const gotPath = createRequire(path.join(toolDir, requester)).resolve('got');
    requireHere.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
  }
}

/** Reads and validates the exclusion list; returns `{ disabledChecks, findings, problems }`. */
export function loadExclusions(file) {
  const problems = [];
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { disabledChecks: [], findings: [], problems: [`${file}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const section = (name, keys) => {
    const entries = Array.isArray(data?.[name]) ? data[name] : [];
    if (!Array.isArray(data?.[name])) problems.push(`${file}: "${name}" must be a list`);
    entries.forEach((entry, index) => {
      for (const key of keys) {
        if (typeof entry?.[key] !== 'string' || !entry[key].trim()) problems.push(`${file}: ${name}[${index}] needs "${key}"`);
      }
      if (typeof entry?.reason === 'string' && entry.reason.trim().length < MIN_REASON_LENGTH) {
        problems.push(`${file}: ${name}[${index}] (${entry.check}) needs a real reason, not "${entry.reason}"`);
      }
      const unknown = Object.keys(entry ?? {}).filter((key) => !keys.includes(key));
      if (unknown.length > 0) problems.push(`${file}: ${name}[${index}] has unknown keys ${unknown.join(', ')}`);
    });
    return entries;
  };
  return {
    disabledChecks: section('disabledChecks', ['check', 'reason']),
    findings: section('findings', ['check', 'file', 'reason']),
    problems,
  };
}

/** Runs Electronegativity over `input` with the pinned Electron version; console output is held back. */
async function scan(input, disabledChecks) {
  keepElectronegativityOffline();
  const loaded = requireHere(path.join(toolDir, 'dist', 'runner.js'));
  const run = loaded.default ?? loaded;
  const electronVersion = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).devDependencies.electron;
  const log = console.log;
  console.log = () => {};
  try {
    return await run({
      input,
      customScan: [],
      excludeFromScan: disabledChecks.map((entry) => entry.check.toLowerCase()),
      electronVersionOverride: electronVersion,
      isRelative: true,
      parserPlugins: [],
    }, false);
  } finally {
    console.log = log;
  }
}

/** Splits findings into failures, reviewed exclusions and notes; lists exclusions that matched nothing. */
export function judge(issues, exclusions) {
  const used = new Set();
  const failures = [];
  const excluded = [];
  const notes = [];
  for (const issue of issues) {
    const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
    const line = `${issue.id} [${issue.severity.name}/${issue.confidence.name}] ${where} — ${issue.description}`;
    if (issue.severity.value < FAILING_SEVERITY) {
      notes.push(line);
      continue;
    }
    const match = exclusions.findIndex((entry) => entry.check === issue.id && entry.file === issue.file);
    if (match === -1) failures.push(line);
    else {
      used.add(match);
      excluded.push(line);
    }
  }
  const unused = exclusions.filter((_, index) => !used.has(index)).map((entry) => `${entry.check} in ${entry.file}`);
  return { failures, excluded, notes, unused };
}

async function main() {
  const { values } = parseArgs({ options: { input: { type: 'string' }, exclusions: { type: 'string' } } });
  const input = path.resolve(values.input ?? path.join(projectRoot, 'src'));
  const exclusionsFile = path.resolve(values.exclusions ?? path.join(projectRoot, 'security', 'electronegativity-exclusions.json'));
  const exclusions = loadExclusions(exclusionsFile);
  const result = await scan(input, exclusions.disabledChecks);
  const verdict = judge(result.issues, exclusions.findings);
  const blindSpots = result.errors.map((error) => `could not parse ${error.file}: ${error.message}`);
  const problems = [...exclusions.problems, ...blindSpots, ...verdict.failures];

  const say = (heading, lines) => {
    if (lines.length === 0) return;
    console.log(heading);
    for (const line of lines) console.log(`  - ${line}`);
  };
  say('Reviewed (security/electronegativity-exclusions.json says why):', verdict.excluded);
  say('Low-severity notes (not failing):', verdict.notes);
  say('Warning: exclusions that matched nothing (remove them once confirmed):', verdict.unused);
  const summary = `Electronegativity ${toolVersion}, ${result.atomicChecks} atomic + ${result.globalChecks} global checks over ${path.relative(process.cwd(), input) || input}`;
  if (problems.length === 0) {
    console.log(`check:security: ${summary}: no unreviewed HIGH or MEDIUM finding.`);
    return;
  }
  console.error(`check:security: ${summary}: ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exitCode = 1;
}

await main();
