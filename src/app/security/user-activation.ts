/**
 * Whether the user just did something in a window — the test for "a navigation the user started" before
 * anything is handed to `shell.openExternal` (issue 15, row 9). Electron 45 tells neither `will-navigate`
 * nor `setWindowOpenHandler` whether a gesture caused them, but it reports every input event the browser
 * delivers to a webContents (`input-event`). Those come from the OS, never from page script (a scripted
 * `click()` or `dispatchEvent` stays inside the renderer), so a click or Enter there is a real gesture.
 *
 * Like Chromium's transient activation: it lasts 5 s and is consumed by use, so one click opens at most
 * one page however many navigations the page starts after it.
 */
import type { Clock } from '../../core/index.ts';

/** Chromium's transient user activation lifespan (`kActivationLifespan`). */
export const USER_ACTIVATION_LIFESPAN_MS = 5_000;

/** The part of Electron's `InputEvent` (and `KeyboardInputEvent`) read here. */
export interface UserInput {
  readonly type: string;
  readonly keyCode?: string;
}

/** What is watched: a webContents' `input-event`. */
export interface InputEventSource {
  on(event: 'input-event', listener: (event: unknown, input: UserInput) => void): unknown;
}

const POINTER_ACTIVATIONS = new Set(['mouseDown', 'mouseUp', 'gestureTap', 'touchEnd']);
const KEY_EVENTS = new Set(['rawKeyDown', 'keyDown']);
/** Keys that activate a focused link or button. */
const ACTIVATING_KEYS = new Set(['Enter', 'Return', 'Space', ' ']);

/** True for an input that activates: a click or tap, or Enter / Space. */
export function isActivatingInput(input: UserInput): boolean {
  if (POINTER_ACTIVATIONS.has(input.type)) return true;
  return KEY_EVENTS.has(input.type) && input.keyCode !== undefined && ACTIVATING_KEYS.has(input.keyCode);
}

/** The user activation of one webContents. */
export class UserActivation {
  readonly #clock: Pick<Clock, 'now'>;
  #activatedAt: number | null = null;

  constructor(contents: InputEventSource, clock: Pick<Clock, 'now'>) {
    this.#clock = clock;
    contents.on('input-event', (_event, input) => {
      if (isActivatingInput(input)) this.#activatedAt = clock.now();
    });
  }

  /** True (once) when the user activated the window within the last {@link USER_ACTIVATION_LIFESPAN_MS}. */
  consume(): boolean {
    const at = this.#activatedAt;
    this.#activatedAt = null;
    return at !== null && this.#clock.now() - at <= USER_ACTIVATION_LIFESPAN_MS;
  }
}
