/**
 * The summary a command prints before it changes anything (client install,
 * xaf import): the rows of the wizard's summary screen for the same plan
 * (wizard/actions/rows.ts, labelled and ordered by the catalog), as text.
 */
import type { SummaryRow } from '../wizard/index.js';
import type { Output } from './output.js';

/** One row a line, the values in one column: 20 wide as it always was, wider (with a space to spare) for a longer label. */
export function printPlanRows(out: Output, rows: readonly SummaryRow[]): void {
  const text = (v: SummaryRow['value']) => (typeof v === 'string' ? v : out.t(v));
  const width = Math.max(20, ...rows.map((r) => out.t(r.label).length + 1));
  for (const r of rows) out.line(`${out.t(r.label).padEnd(width)} ${text(r.value)}`);
}
