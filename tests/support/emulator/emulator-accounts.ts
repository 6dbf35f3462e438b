/**
 * The Google accounts the emulator knows. Three exist from the start: a plain one and one that asks for a
 * second step (a one-time code) after the password, both still on the classic labs.google path, and one
 * that Google has moved to flow.google.com; tests may add more.
 */
import type { FlowPlan } from './flow-catalog.ts';
import { FLOW_PLANS } from './flow-catalog.ts';

/**
 * Which Google backend serves the account. `classic`: labs.google hands out a session and bearer token as
 * before, and flow.google.com sends the account back to labs.google. `migrated`: the one-way server flag of
 * September 2026 is set — labs.google's session endpoint answers `{}` for good and Flow lives on
 * flow.google.com.
 */
export type AccountBackend = 'classic' | 'migrated';

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
  readonly backend: AccountBackend;
  /** Decides which Flow models the account may use. */
  readonly plan: FlowPlan;
}

/** Input for adding an account; name and image get defaults derived from the email. */
export interface EmulatorAccountInput {
  readonly email: string;
  readonly password: string;
  readonly name?: string;
  readonly image?: string;
  readonly secondStepCode?: string;
  /** Default `classic`. */
  readonly backend?: AccountBackend;
  /** Default `pro`. */
  readonly plan?: FlowPlan;
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
  backend: 'classic',
  plan: 'pro',
});

/** A second built-in account whose sign-in has a second step (code `424242`). */
export const SECOND_STEP_ACCOUNT: EmulatorAccount = Object.freeze({
  email: 'grace@example.test',
  password: 'compiler-1952',
  name: 'Grace Hopper',
  image: avatarUrl('grace@example.test'),
  secondStepCode: '424242',
  backend: 'classic',
  plan: 'pro',
});

/** A built-in account Google has moved to flow.google.com (Pro plan: every picker model works). */
export const MIGRATED_ACCOUNT: EmulatorAccount = Object.freeze({
  email: 'lin@example.test',
  password: 'shadow-puppets-1936',
  name: 'Lin Huiyin',
  image: avatarUrl('lin@example.test'),
  backend: 'migrated',
  plan: 'pro',
});

/** The accounts every emulator starts with unless told otherwise. */
export const BUILT_IN_ACCOUNTS: readonly EmulatorAccount[] = [DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT, MIGRATED_ACCOUNT];

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
    const backend = input.backend ?? 'classic';
    if (backend !== 'classic' && backend !== 'migrated') throw new Error(`unknown account backend: ${String(backend)}`);
    const plan = input.plan ?? 'pro';
    if (!FLOW_PLANS.includes(plan)) throw new Error(`unknown plan: ${String(plan)}`);
    const account: EmulatorAccount = Object.freeze({
      email,
      password: input.password,
      name: input.name ?? email.split('@')[0]!,
      image: input.image ?? avatarUrl(email),
      ...(input.secondStepCode ? { secondStepCode: input.secondStepCode } : {}),
      backend,
      plan,
    });
    this.#accounts.set(email, account);
    return account;
  }

  /** Changes an existing account's backend and/or plan (e.g. Google migrating it), keeping the rest. */
  update(email: string, change: { readonly backend?: AccountBackend; readonly plan?: FlowPlan }): EmulatorAccount {
    const current = this.get(email);
    if (!current) throw new Error(`unknown emulator account: ${email}`);
    return this.add({ ...current, ...change });
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
