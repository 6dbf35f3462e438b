/**
 * The Google accounts the emulator knows. Two exist from the start: a plain one and one that asks for a
 * second step (a one-time code) after the password; tests may add more.
 */

/** A Google account that can sign in through the emulator's pages. */
export interface EmulatorAccount {
  readonly email: string;
  readonly password: string;
  /** Display name returned in `session.user.name`. */
  readonly name: string;
  /** Avatar URL returned in `session.user.image` (served by the emulator, so it loads offline). */
  readonly image: string;
  /** When set, sign-in asks for this code on a second page after the password. */
  readonly secondStepCode?: string;
}

/** Input for adding an account; name and image get defaults derived from the email. */
export interface EmulatorAccountInput {
  readonly email: string;
  readonly password: string;
  readonly name?: string;
  readonly image?: string;
  readonly secondStepCode?: string;
}

/** Path (on labs.google) where the emulator serves generated avatar PNGs. */
export const AVATAR_PATH_PREFIX = '/__emulator/avatars/';

function avatarUrl(email: string): string {
  return `https://labs.google${AVATAR_PATH_PREFIX}${encodeURIComponent(email.split('@')[0] ?? 'user')}.png`;
}

/** The default account: email + password only. */
export const DEFAULT_ACCOUNT: EmulatorAccount = Object.freeze({
  email: 'ada@example.test',
  password: 'analytical-engine',
  name: 'Ada Lovelace',
  image: avatarUrl('ada@example.test'),
});

/** A second built-in account whose sign-in has a second step (code `424242`). */
export const SECOND_STEP_ACCOUNT: EmulatorAccount = Object.freeze({
  email: 'grace@example.test',
  password: 'compiler-1952',
  name: 'Grace Hopper',
  image: avatarUrl('grace@example.test'),
  secondStepCode: '424242',
});

/** Accounts by (case-insensitive) email. */
export class AccountDirectory {
  readonly #accounts = new Map<string, EmulatorAccount>();

  constructor(initial: readonly EmulatorAccountInput[]) {
    for (const account of initial) this.add(account);
  }

  /** Adds or replaces an account, filling in a name and avatar when missing. */
  add(input: EmulatorAccountInput): EmulatorAccount {
    const email = input.email.trim().toLowerCase();
    if (!email.includes('@')) throw new Error(`not an email address: ${input.email}`);
    if (!input.password) throw new Error('an emulator account needs a password');
    const account: EmulatorAccount = Object.freeze({
      email,
      password: input.password,
      name: input.name ?? email.split('@')[0]!,
      image: input.image ?? avatarUrl(email),
      ...(input.secondStepCode ? { secondStepCode: input.secondStepCode } : {}),
    });
    this.#accounts.set(email, account);
    return account;
  }

  /** The account for `email`, if any. */
  get(email: string): EmulatorAccount | undefined {
    return this.#accounts.get(email.trim().toLowerCase());
  }

  /** The account when `email` and `password` match it. */
  verifyPassword(email: string, password: string): EmulatorAccount | undefined {
    const account = this.get(email);
    return account && account.password === password ? account : undefined;
  }

  /** Every account, in insertion order. */
  list(): EmulatorAccount[] {
    return [...this.#accounts.values()];
  }
}
