/**
 * The administrations still to back up, handed to `jobs` workers. One that
 * another operation holds goes back into the queue with a moment before
 * which it is not tried again (backoff), so a worker takes the next one
 * instead of waiting; a worker only sleeps when everything left is waiting.
 */

export interface QueueItem<T> {
  readonly value: T;
  /** How often it was tried and found in use. */
  readonly tries: number;
  /** Not before this moment (ms since the epoch). */
  readonly notBefore: number;
}

export class WorkQueue<T> {
  readonly #items: QueueItem<T>[];
  readonly #now: () => number;

  constructor(values: readonly T[], now: () => number = Date.now) {
    this.#items = values.map((value) => ({ value, tries: 0, notBefore: 0 }));
    this.#now = now;
  }

  get size(): number {
    return this.#items.length;
  }

  /**
   * The first item whose time has come, taken out; or how long to wait for
   * the earliest one; or undefined when the queue is empty.
   */
  take(): { item: QueueItem<T> } | { waitMs: number } | undefined {
    if (this.#items.length === 0) return undefined;
    const now = this.#now();
    const ready = this.#items.findIndex((i) => i.notBefore <= now);
    if (ready >= 0) return { item: this.#items.splice(ready, 1)[0]! };
    return { waitMs: Math.min(...this.#items.map((i) => i.notBefore)) - now };
  }

  /** Puts an item back, to be tried again after `delayMs`. */
  retryLater(item: QueueItem<T>, delayMs: number): void {
    this.#items.push({ value: item.value, tries: item.tries + 1, notBefore: this.#now() + delayMs });
  }
}

/**
 * How long to wait before trying an administration in use again: 1 s, then
 * twice as long each time, at most 30 s; undefined once waiting longer would
 * pass `budgetMs` since the first try.
 */
export function lockBackoff(tries: number, waitedMs: number, budgetMs: number): number | undefined {
  const delay = Math.min(30_000, 1000 * 2 ** tries);
  if (waitedMs >= budgetMs) return undefined;
  return Math.min(delay, budgetMs - waitedMs);
}
