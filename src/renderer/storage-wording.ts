/**
 * What the session storage mode means, in the app's own words, for the banner and the Settings page.
 * Built from the machine-readable reason only: the vault's `detail` is written for logs and can name a
 * command-line flag (`--password-store=…`), which has no place in the window.
 */
import type { StorageSummary } from '../shared/auth-schemas.ts';

export interface StorageWording {
  readonly title: string;
  readonly text: string;
  /** True when weaker storage (an encrypted file only this user can read) is the offered way out. */
  readonly canOptIn: boolean;
}

const RESTART = 'You will have to sign in again every time the app starts.';

export function describeStorage(storage: StorageSummary): StorageWording {
  if (storage.mode === 'encrypted') {
    return { title: 'Your session is stored encrypted', text: 'It is encrypted with your system keychain and never leaves this computer.', canOptIn: false };
  }
  const title = 'Your session is kept in memory only';
  switch (storage.reason) {
    case 'weak-backend':
      return {
        title,
        text: `No system keyring was found, so nothing is written to disk. ${RESTART} Weaker storage keeps the session encrypted in a file only your user account can read: better than signing in each time, weaker than a keyring.`,
        canOptIn: true,
      };
    case 'backend-changed':
      return { title, text: `The system keychain is not the one the session was saved with, so the saved session is left untouched and not used. ${RESTART}`, canOptIn: false };
    default:
      return { title, text: `The system keychain is not available. ${RESTART}`, canOptIn: false };
  }
}
