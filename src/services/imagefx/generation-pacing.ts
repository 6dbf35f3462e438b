/**
 * The pause between two generations, as a person would take: a few seconds, jittered so a long batch does
 * not hit Google on a metronome. Time and randomness are the queue's (injected).
 */

export interface PacingOptions {
  /** The shortest pause after a request ends before the next one starts, milliseconds. */
  readonly minMs: number;
  /** The longest; each pause is drawn uniformly between the two. */
  readonly maxMs: number;
}

/** Two to five seconds. */
export const DEFAULT_PACING: PacingOptions = { minMs: 2_000, maxMs: 5_000 };

export class GenerationPacer {
  readonly #options: PacingOptions;
  readonly #random: () => number;
  #nextAt: number | null = null;

  constructor(options: PacingOptions, random: () => number) {
    if (!(options.minMs >= 0 && options.maxMs >= options.minMs)) throw new RangeError('pacing needs 0 ≤ minMs ≤ maxMs');
    this.#options = options;
    this.#random = random;
  }

  /** A request to Google ended at `now`: the next one waits a freshly drawn pause. */
  requestEnded(now: number): void {
    const { minMs, maxMs } = this.#options;
    const jitter = Math.min(1, Math.max(0, this.#random()));
    this.#nextAt = now + Math.round(minMs + (maxMs - minMs) * jitter);
  }

  /** When the next request may start, or `null` when it may start now (at `now`). */
  nextStartAt(now: number): number | null {
    return this.#nextAt !== null && this.#nextAt > now ? this.#nextAt : null;
  }
}
