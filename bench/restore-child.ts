/**
 * A cold restore: `node restore-child.ts <vault|crypto-js> <userData> <cipherKeyHex> <expectedToken>` loads
 * the modules (not timed), then times the first session restore of the process — what a restarted app
 * pays, JIT warm-up included — and prints the microseconds.
 */
import { TestCipher } from '../tests/support/test-cipher.ts';
import { cryptoJsRestorer, vaultRestorer } from './session-restore-paths.ts';

const [design, userData, keyHex, expectedToken] = process.argv.slice(2);
if ((design !== 'vault' && design !== 'crypto-js') || !userData || !keyHex || !expectedToken) {
  throw new Error('usage: restore-child.ts <vault|crypto-js> <userData> <cipherKeyHex> <expectedToken>');
}
const restore =
  design === 'vault' ? vaultRestorer(userData, new TestCipher({ key: Buffer.from(keyHex, 'hex') }), expectedToken) : cryptoJsRestorer(userData, expectedToken);
const started = performance.now();
await restore();
process.stdout.write(`${((performance.now() - started) * 1000).toFixed(1)}\n`);
