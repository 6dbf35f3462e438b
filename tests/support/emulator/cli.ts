/**
 * `npm run emulator`: starts the Google emulator (labs.google and flow.google.com) in its own process and
 * serves until SIGINT/SIGTERM, or until the process that started it exits. Runs directly on Node 24 (type
 * stripping), so this tree uses only erasable TypeScript.
 *
 *   npm run emulator -- --port 8443
 */
import { parseArgs } from 'node:util';
import { hostResolverRules } from '../../../src/app/demo/emulator-routing.ts';
import { DEFAULT_ACCOUNT, MIGRATED_ACCOUNT, SECOND_STEP_ACCOUNT } from './emulator-accounts.ts';
import { FLOW_SIGN_IN_URL, SIGN_IN_URL } from './emulator-endpoints.ts';
import { startEmulator, type Emulator } from './start-emulator.ts';

/** How often the CLI checks that the process that started it is still there. */
const PARENT_CHECK_MS = 200;

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${values.port}`);
  process.exit(2);
}

// Everything that stops the emulator is in place before it starts and before "Ready." is printed: whoever
// waits for that line may signal at once, and a signal without a handler would kill the process before
// close() removes the CA folder. The parent id is read first because the parent may exit during startup.
const parent = process.ppid;
let emulator: Emulator | undefined = undefined;
let stopReason: string | undefined;

function shutDown(running: Emulator, reason: string): void {
  process.stdout.write(`${reason}, shutting down.\n`);
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

function stop(reason: string): void {
  if (stopReason !== undefined) return;
  stopReason = reason;
  if (emulator) shutDown(emulator, reason); // else: right after startup, below
}

process.on('SIGINT', () => stop('Received SIGINT'));
process.on('SIGTERM', () => stop('Received SIGTERM'));
// Whoever read our output may be gone: a closed stdout must not turn the shutdown into a crash.
process.stdout.on('error', () => undefined);
// `npm run` starts this file through `sh -c`. A SIGTERM sent to npm alone is forwarded to that shell, which
// dies without passing it on, and this process would keep serving as an orphan. Node has no parent-death
// signal, so it watches its parent id: once the parent is gone the id changes (to init or a subreaper).
setInterval(() => {
  if (process.ppid !== parent) stop('The process that started the emulator exited');
}, PARENT_CHECK_MS).unref();

emulator = await startEmulator({ port, host: values.host });
if (stopReason !== undefined) {
  shutDown(emulator, stopReason);
} else {
  const lines = [
    `Emulator URL: ${emulator.url}`,
    `CA certificate: ${emulator.caPath}`,
    `Leaf SPKI sha256: ${emulator.spkiHash}`,
    `Chromium: --host-resolver-rules="${hostResolverRules(emulator.route)}" --ignore-certificate-errors-spki-list=${emulator.spkiHash}`,
    `Sign-in URL (labs.google, classic): ${SIGN_IN_URL}`,
    `Sign-in URL (flow.google.com): ${FLOW_SIGN_IN_URL}`,
    `Classic accounts: ${DEFAULT_ACCOUNT.email} / ${DEFAULT_ACCOUNT.password}; ${SECOND_STEP_ACCOUNT.email} / ${SECOND_STEP_ACCOUNT.password} (code ${SECOND_STEP_ACCOUNT.secondStepCode})`,
    `Migrated to Flow (${MIGRATED_ACCOUNT.plan} plan): ${MIGRATED_ACCOUNT.email} / ${MIGRATED_ACCOUNT.password}`,
    'Flow: project grid at https://flow.google.com/, editor at /project/<id>, images on https://flow-content.google/image/<id>',
    `Control: ${emulator.url}/__emulator/ (POST ${emulator.url}/__emulator/control/<method>, body a JSON array of arguments)`,
    `Process id: ${process.pid}`,
    'Ready. Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
