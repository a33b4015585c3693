/**
 * The overall progress of `backup all`: one bar over every administration,
 * each weighted by its database's size, so a large administration half done
 * counts for more than a small one finished. Reported as the `backup-all`
 * step with the administrations done and total and the bytes, which the
 * shells' ProgressMeter turns into a percentage and the time left.
 */
import type { ProgressEvent, ProgressListener } from '../../progress.js';

export const backupAllStep = 'backup-all';

export class OverallProgress {
  readonly #sizes: ReadonlyMap<number, number>;
  readonly #fraction = new Map<number, number>();
  readonly #total: number;
  readonly #listener: ProgressListener | undefined;
  #finished = 0;

  /** `sizes`: each administration's number and the size of its database in bytes. */
  constructor(sizes: ReadonlyMap<number, number>, listener: ProgressListener | undefined) {
    // An empty database still has work to do: count it as a byte, so the bar moves for it too.
    this.#sizes = new Map([...sizes].map(([n, bytes]) => [n, Math.max(1, bytes)]));
    this.#total = [...this.#sizes.values()].reduce((sum, b) => sum + b, 0);
    this.#listener = listener;
  }

  /** How far one administration's own backup is (0–1); never goes back. */
  advance(number: number, fraction: number): void {
    const before = this.#fraction.get(number) ?? 0;
    this.#fraction.set(number, Math.max(before, Math.min(1, fraction)));
    this.report();
  }

  /** An administration is finished, whether it succeeded or not: its share of the bar is done. */
  finish(number: number): void {
    this.#finished++;
    this.#fraction.set(number, 1);
    this.report();
  }

  event(): ProgressEvent {
    let done = 0;
    for (const [n, bytes] of this.#sizes) done += bytes * (this.#fraction.get(n) ?? 0);
    const rounded = Math.min(this.#total, Math.round(done));
    return {
      step: backupAllStep,
      done: rounded,
      total: this.#total,
      detail: {
        administrations: this.#sizes.size,
        administrationsDone: this.#finished,
        bytes: rounded,
        bytesTotal: this.#total,
      },
    };
  }

  report(): void {
    this.#listener?.(this.event());
  }
}
