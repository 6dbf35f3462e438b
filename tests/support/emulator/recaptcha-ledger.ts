/**
 * The stand-in reCAPTCHA Enterprise's memory: every token minted (when, for which action, and whether the
 * page's own code asked for it) and every time a Flow RPC presented one. A token is good once, for the action
 * it was minted for, for two minutes, and only when the page minted it; anything else is refused the way
 * Flow refuses it (PUBLIC_ERROR_UNUSUAL_ACTIVITY). Tests read both lists to prove that every token was minted
 * by the page and used exactly once.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.ts';
import { HIJACK_ACTION } from './flow-catalog.ts';

/** Who asked for a token: the page's own Generate/upload handlers, or anything else on the page. */
export type RecaptchaMinter = 'page' | 'foreign';

/** One token the stand-in minted. */
export interface RecaptchaMint {
  readonly seq: number;
  readonly time: number;
  readonly siteKey: string;
  /** As requested; the page's x2a trap turns a foreign call's action into `extension_hijack_detected`. */
  readonly action: string;
  readonly minter: RecaptchaMinter;
  /** The page origin the script ran on. */
  readonly origin: string;
  readonly token: string;
  /** Emulator time of the first use, or null. */
  usedAt: number | null;
  /** How many times an RPC presented it. */
  uses: number;
}

/** Why a presented token was accepted or refused. */
export type RecaptchaVerdict =
  | 'accepted'
  | 'missing'
  | 'unknown'
  | 'reused'
  | 'expired'
  | 'foreign'
  | 'hijack-tagged'
  | 'action-mismatch'
  | 'site-key-mismatch';

/** One presentation of a token to an RPC. */
export interface RecaptchaUse {
  readonly seq: number;
  readonly time: number;
  readonly rpcid: string;
  readonly expectedAction: string;
  readonly token: string;
  /** The mint it matched, or null for an unknown token. */
  readonly mintSeq: number | null;
  readonly verdict: RecaptchaVerdict;
}

/** Real reCAPTCHA tokens expire two minutes after they are minted. */
export const RECAPTCHA_TOKEN_LIFETIME_MS = 2 * 60 * 1000;
/** Prefix of every token (GF642: `0cAFcW`). */
export const RECAPTCHA_TOKEN_PREFIX = '0cAFcW';
/** 1797 random bytes → 2396 base64url characters; with the prefix, about the 2,425 GF642 measured. */
const TOKEN_RANDOM_BYTES = 1797;

/** Mints and uses, oldest first. */
export class RecaptchaLedger {
  readonly #clock: EmulatorClock;
  readonly #siteKey: string;
  #mints: RecaptchaMint[] = [];
  #uses: RecaptchaUse[] = [];
  #nextMint = 1;
  #nextUse = 1;

  constructor(clock: EmulatorClock, siteKey: string) {
    this.#clock = clock;
    this.#siteKey = siteKey;
  }

  /** A fresh single-use token. */
  mint(request: { siteKey: string; action: string; minter: RecaptchaMinter; origin: string }): RecaptchaMint {
    const mint: RecaptchaMint = {
      ...request,
      seq: this.#nextMint++,
      time: this.#clock.now(),
      token: `${RECAPTCHA_TOKEN_PREFIX}${randomBytes(TOKEN_RANDOM_BYTES).toString('base64url')}`,
      usedAt: null,
      uses: 0,
    };
    this.#mints.push(mint);
    return mint;
  }

  /** Checks and uses up `token` for an RPC that needs `expectedAction`; records the use either way. */
  redeem(token: string | undefined, expectedAction: string, rpcid: string): RecaptchaVerdict {
    const mint = token ? this.#mints.find((candidate) => candidate.token === token) : undefined;
    const verdict = this.#judge(token, mint, expectedAction);
    if (mint) {
      mint.uses += 1;
      mint.usedAt ??= this.#clock.now();
    }
    this.#uses.push({
      seq: this.#nextUse++,
      time: this.#clock.now(),
      rpcid,
      expectedAction,
      token: token ?? '',
      mintSeq: mint?.seq ?? null,
      verdict,
    });
    return verdict;
  }

  /** Every mint (copies). */
  mints(): RecaptchaMint[] {
    return this.#mints.map((mint) => ({ ...mint }));
  }

  /** Every use (copies). */
  uses(): RecaptchaUse[] {
    return this.#uses.map((use) => ({ ...use }));
  }

  /** Forgets both lists (outstanding tokens become unknown). */
  clear(): void {
    this.#mints = [];
    this.#uses = [];
  }

  #judge(token: string | undefined, mint: RecaptchaMint | undefined, expectedAction: string): RecaptchaVerdict {
    if (!token) return 'missing';
    if (!mint) return 'unknown';
    if (mint.uses > 0) return 'reused';
    if (this.#clock.now() - mint.time > RECAPTCHA_TOKEN_LIFETIME_MS) return 'expired';
    if (mint.action === HIJACK_ACTION) return 'hijack-tagged';
    if (mint.minter !== 'page') return 'foreign';
    if (mint.siteKey !== this.#siteKey) return 'site-key-mismatch';
    if (mint.action !== expectedAction) return 'action-mismatch';
    return 'accepted';
  }
}
