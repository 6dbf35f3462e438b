/**
 * `npm run emulator`: starts the Google emulator (labs.google and flow.google.com) in its own process and
 * serves until SIGINT/SIGTERM.
 * Runs directly on Node 24 (type stripping), so this tree uses only erasable TypeScript.
 *
 *   npm run emulator -- --port 8443
 */
import { parseArgs } from 'node:util';
import { hostResolverRules } from '../../../src/app/demo/emulator-routing.ts';
import { DEFAULT_ACCOUNT, MIGRATED_ACCOUNT, SECOND_STEP_ACCOUNT } from './emulator-accounts.ts';
import { FLOW_SIGN_IN_URL, SIGN_IN_URL } from './emulator-endpoints.ts';
import { startEmulator } from './start-emulator.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${values.port}`);
  process.exit(2);
}

const emulator = await startEmulator({ port, host: values.host });
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
  'Ready. Press Ctrl+C to stop.',
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`Received ${signal}, shutting down.\n`);
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
