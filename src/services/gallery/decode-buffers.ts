/**
 * The memory saves decode base64 pictures into, reused from one save to the next. A picture is 1–4 MB, and
 * fresh memory of that size is mapped and faulted in page by page on the main thread at every save (on some
 * virtual machines that alone took 10 ms per picture, as long as the whole rest of the save); a buffer kept
 * from the save before is already there. A buffer is taken for one save and given back when its file is
 * written; only a picture's own bytes (`subarray(0, written)`) are ever read from it.
 */

/** Buffers kept for reuse: enough for the four pictures of one generation saved side by side. */
const KEPT = 4;
/** Sizes are rounded up to this, so pictures of slightly different sizes share buffers. */
const STEP = 1024 * 1024;

export class DecodeBuffers {
  readonly #free: Buffer[] = [];

  /** A buffer of at least `size` bytes (contents undefined); give it back with {@link release}. */
  take(size: number): Buffer {
    const index = this.#free.findIndex((buffer) => buffer.length >= size);
    if (index >= 0) return this.#free.splice(index, 1)[0]!;
    return Buffer.allocUnsafeSlow(Math.max(STEP, Math.ceil(size / STEP) * STEP));
  }

  /** Gives `buffer` back once nothing reads it any more; kept for the next save, or left to the collector. */
  release(buffer: Buffer): void {
    if (this.#free.length < KEPT && !this.#free.includes(buffer)) this.#free.push(buffer);
  }
}
