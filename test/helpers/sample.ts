/**
 * Seeded samples of a test matrix, so that the suite stays within its time
 * without a test losing its power to fail. A matrix runs in full on the
 * first engine selected (ENGINES order; embedded by default), and on any
 * other engine as a sample that still covers every row and every column in
 * each run, chosen by a seed that moves between runs so that over runs every
 * cell is tried. A matrix too large for even one engine is sampled on every
 * engine (`everyEngine`) and dealt into parts (`dealt`): each run takes one
 * part on each engine, every part covers every row and every column, and the
 * seed says which part, so that consecutive seeds run every cell.
 * The seed is printed, and given in each sampled test's
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
  /**
   * Whether cell (`row`, `column`) runs, the matrix being dealt into `parts`
   * along its diagonals: cell (r, c) belongs to part (r + c) mod `parts`, so
   * each part holds every row and every column once the matrix has at least
   * `parts` of each. This run takes the part the seed names (the next one on
   * the next engine): seeds n, n+1, … n+parts-1 together run every cell.
   * Always true when full.
   */
  dealt(row: number, column: number, parts: number): boolean;
}

export interface SampleOptions {
  /** Sample on the first engine too (a matrix too large to run whole in every run). */
  readonly everyEngine?: boolean;
}

/** The seed of every matrix of this test file that is given none, so that one printed seed repeats the file's run. */
const fileSeed = String(Date.now() % 1_000_000);

/** The sample of matrix `name` (e.g. 'CONCURRENCY') on engine `kind`. */
export function matrixSample(name: string, kind: EngineName, options: SampleOptions = {}): MatrixSample {
  const env = process.env;
  const seed = env[`KLUIS_${name}_SEED`] ?? fileSeed;
  const engines = selectedEngines();
  const full =
    env[`KLUIS_${name}_FULL`] === '1' ||
    env['KLUIS_TEST_FULL'] === '1' ||
    (!options.everyEngine && engines[0] === kind);
  const how = full
    ? `${name.toLowerCase()} matrix in full on ${kind}`
    : `${name.toLowerCase()} matrix sampled on ${kind}, seed ${seed} (KLUIS_${name}_SEED=${seed} repeats it, KLUIS_${name}_FULL=1 runs all of it)`;
  // A numeric seed names its part directly, so that consecutive seeds rotate through the parts.
  const base = /^\d+$/.test(seed) ? Number(seed) : new SeededRandom(seed).int(0, 1_000_000);
  const part = base + Math.max(0, engines.indexOf(kind));
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
    dealt(row: number, column: number, parts: number): boolean {
      return full || parts <= 1 || (row + column) % parts === part % parts;
    },
  };
}
