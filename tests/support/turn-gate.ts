/**
 * A stand-in for the gallery's "let other work run" step (`GalleryOptions.yieldToEventLoop`) that a test
 * can hold: long gallery work (an export, a bulk delete, reading "all matching") then stops at a known
 * step, so what the window shows mid-way, and what a second request meets, is certain rather than a race.
 * Open by default: every turn passes after one turn of the event loop, as `setImmediate` would.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export class TurnGate {
  #allowed = Number.POSITIVE_INFINITY;
  #waiting: (() => void)[] = [];

  /** Stops the work at its next turn. */
  hold(): void {
    this.#allowed = 0;
  }

  /** Lets `turns` more turns pass, then holds again. */
  allow(turns: number): void {
    this.#allowed = turns;
    this.#wake();
  }

  /** Lets every turn pass again. */
  release(): void {
    this.#allowed = Number.POSITIVE_INFINITY;
    this.#wake();
  }

  /** The gallery's yield: one turn of the event loop, then waits while held. */
  async turn(): Promise<void> {
    await nextTurn();
    while (this.#allowed <= 0) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#allowed -= 1;
  }

  #wake(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}
