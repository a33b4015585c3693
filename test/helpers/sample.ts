/**
 * Seeded samples of a test matrix, so that the suite stays within its time
 * without a test losing its power to fail. A matrix runs in full on the
 * first engine selected (ENGINES order; embedded by default), and on any
 * other engine as a sample that still covers every row and every column in
 * each run, chosen by a seed that moves between runs so that over runs every
 * cell is tried. The seed is printed, and given in each sampled test's
 * diagnostics; `KLUIS_<NAME>_SEED=<seed>` repeats a run,
 * `KLUIS_<NAME>_FULL=1` (or `KLUIS_TEST_FULL=1` for every matrix) runs the
 * whole matrix on every engine.
 */
import { SeededRandom } from '../../src/core/generator/random.js';
import { type EngineName, selectedEngines } from './engines.js';

export interface MatrixSample {
  /** The seed of this run (printed; `KLUIS_<NAME>_SEED` repeats it). */
  readonly seed: string;
  /** Whether this engine runs the whole matrix. */
  readonly full: boolean;
  /** How to repeat or widen the run, for diagnostics and failure messages. */
  readonly how: string;
  /**
   * The columns to try with row `row` (0-based) out of `rows`: all of them
   * when full; otherwise `perRow` of them, dealt from a seeded shuffle in
   * turn so that every column is tried with some row in each run.
   */
  columnsFor<T>(row: number, rows: number, columns: readonly T[], perRow: number): T[];
  /** A seeded subset of `items` of `count` (all of them when full). */
  some<T>(items: readonly T[], count: number): T[];
}

/** The sample of matrix `name` (e.g. 'CONCURRENCY') on engine `kind`. */
export function matrixSample(name: string, kind: EngineName): MatrixSample {
  const env = process.env;
  const seed = env[`KLUIS_${name}_SEED`] ?? String(Date.now() % 1_000_000);
  const full = env[`KLUIS_${name}_FULL`] === '1' || env['KLUIS_TEST_FULL'] === '1' || selectedEngines()[0] === kind;
  const how = full
    ? `${name.toLowerCase()} matrix in full on ${kind}`
    : `${name.toLowerCase()} matrix sampled on ${kind}, seed ${seed} (KLUIS_${name}_SEED=${seed} repeats it, KLUIS_${name}_FULL=1 runs all of it)`;
  const shuffled = <T>(items: readonly T[], salt: string): T[] => {
    const rnd = new SeededRandom(`${seed}-${kind}-${salt}`);
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rnd.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    seed,
    full,
    how,
    columnsFor<T>(row: number, rows: number, columns: readonly T[], perRow: number): T[] {
      if (full || perRow >= columns.length) return [...columns];
      // Enough per row that the rows together reach every column.
      const take = Math.max(perRow, Math.ceil(columns.length / rows));
      const order = shuffled(columns, 'columns');
      return Array.from({ length: take }, (_, i) => order[(row * take + i) % order.length]!);
    },
    some<T>(items: readonly T[], count: number): T[] {
      return full || count >= items.length ? [...items] : shuffled(items, 'some').slice(0, count);
    },
  };
}
