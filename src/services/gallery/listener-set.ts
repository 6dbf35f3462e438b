/**
 * A set of listeners for one kind of event: `on` returns the function that unsubscribes, and a listener that
 * throws neither stops the others nor the work that emitted the event.
 */
export class ListenerSet<T> {
  readonly #listeners = new Set<(value: T) => void>();

  on(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.#listeners) {
      try {
        listener(value);
      } catch {
        // Listeners are the app's forwarding to the window; the gallery's work goes on regardless.
      }
    }
  }
}
