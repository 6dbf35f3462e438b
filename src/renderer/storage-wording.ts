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
  /** True when the saved session cannot be vouched for and "Start over" (set it aside, sign in again) is offered. */
  readonly canStartOver: boolean;
}

const RESTART = 'You will have to sign in again every time the app starts.';

export function describeStorage(storage: StorageSummary): StorageWording {
  if (storage.mode === 'encrypted') {
    return { title: 'Your session is stored encrypted', text: 'It is encrypted with your system keychain and never leaves this computer.', canOptIn: false, canStartOver: false };
  }
  if (storage.mode === 'weak') {
    return {
      title: 'Your session is stored with weaker protection',
      text: 'No system keyring protects it: it is encrypted in a file only your user account can read, with a key other programs of yours could also use.',
      canOptIn: false,
      canStartOver: false,
    };
  }
  const title = 'Your session is kept in memory only';
  switch (storage.reason) {
    case 'weak-backend':
      return {
        title,
        text: `No system keyring was found, so nothing is written to disk. ${RESTART} Weaker storage keeps the session encrypted in a file only your user account can read: better than signing in each time, weaker than a keyring.`,
        canOptIn: true,
        canStartOver: false,
      };
    case 'backend-changed':
      return {
        title,
        text: `The system keychain is not the one the session was saved with, so the saved session is left untouched and not used. ${RESTART} Start over sets it aside and lets you sign in again.`,
        canOptIn: false,
        canStartOver: true,
      };
    default:
      return { title, text: `The system keychain is not available. ${RESTART}`, canOptIn: false, canStartOver: false };
  }
}
