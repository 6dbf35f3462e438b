/**
 * `scripts/check-security.mjs` (the Electronegativity half of `npm run check:security`): it passes src/ with
 * the reviewed exclusion list, fails a fixture whose BrowserWindow turns contextIsolation off (while the
 * same fixture with it on passes), and refuses an exclusion list whose entries do not say why.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../packaging/packaging-project-copy.ts';
import { runNodeScript } from '../packaging/run-node-script.ts';

const SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'check-security.mjs');
const PROJECT_EXCLUSIONS = path.join(PROJECT_ROOT, 'security', 'electronegativity-exclusions.json');

/** A small main process that does everything right: isolation, sandbox, navigation limits, permissions, CSP. */
const SECURE_MAIN = `import { app, BrowserWindow, session } from 'electron';

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const window = new BrowserWindow({
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  return window.loadURL('app://fixture/index.html');
});
`;
const PAGE = `<!doctype html>
<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'"><title>fixture</title></head><body></body></html>
`;

let scratch: string;
let noExclusions: string;

function fixture(name: string, main: string): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'main.js'), main);
  writeFileSync(path.join(dir, 'index.html'), PAGE);
  return dir;
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'imagefx-check-security-'));
  // The project's list without its findings: fixtures are judged on their own.
  const project = JSON.parse(readFileSync(PROJECT_EXCLUSIONS, 'utf8')) as { disabledChecks: unknown[] };
  noExclusions = path.join(scratch, 'no-exclusions.json');
  writeFileSync(noExclusions, JSON.stringify({ disabledChecks: project.disabledChecks, findings: [] }));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('check-security.mjs', () => {
  it('exits 0 on src/ with the reviewed exclusion list', async () => {
    const result = await runNodeScript(SCRIPT, [], PROJECT_ROOT);
    expect(result.status, result.output).toBe(0);
    expect(result.stdout).toContain('no unreviewed HIGH or MEDIUM finding');
  });

  it('passes a fixture main process that follows the checklist', async () => {
    const result = await runNodeScript(SCRIPT, ['--input', fixture('secure', SECURE_MAIN), '--exclusions', noExclusions], scratch);
    expect(result.status, result.output).toBe(0);
  });

  it('fails the same fixture with contextIsolation: false, naming the check and the line', async () => {
    const insecure = SECURE_MAIN.replace('contextIsolation: true', 'contextIsolation: false');
    const result = await runNodeScript(SCRIPT, ['--input', fixture('insecure', insecure), '--exclusions', noExclusions], scratch);
    expect(result.status, result.output).toBe(1);
    expect(result.stderr).toMatch(/CONTEXT_ISOLATION_JS_CHECK \[HIGH\/\w+\] main\.js:6:/);
  });

  it('fails when an exclusion does not say why', async () => {
    const exclusions = JSON.parse(readFileSync(PROJECT_EXCLUSIONS, 'utf8')) as { findings: { check: string; reason: string }[] };
    const [first, ...rest] = exclusions.findings;
    if (!first) throw new Error('the project exclusion list is empty');
    const broken = path.join(scratch, 'reasonless-exclusions.json');
    writeFileSync(broken, JSON.stringify({ ...exclusions, findings: [{ ...first, reason: 'fine' }, ...rest] }));
    const result = await runNodeScript(SCRIPT, ['--exclusions', broken], PROJECT_ROOT);
    expect(result.status, result.output).toBe(1);
    expect(result.stderr).toContain(`findings[0] (${first.check}) needs a real reason, not "fine"`);
  });
});
