/**
 * Debounce for search-as-you-type. Timers are fine here: the renderer is the UI, not a service, and the
 * delay is a UX choice, not behaviour anything depends on.
 */

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Runs a pending call now (e.g. on Enter). */
  flush(): void;
  cancel(): void;
}

export function debounce<A extends unknown[]>(run: (...args: A) => void, delayMs: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const fire = (): void => {
    timer = null;
    const args = pending;
    pending = null;
    if (args) run(...args);
  };
  const debounced = (...args: A): void => {
    pending = args;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(fire, delayMs);
  };
  debounced.flush = () => {
    if (timer !== null) clearTimeout(timer);
    fire();
  };
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  return debounced;
}
