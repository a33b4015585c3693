/**
 * The summary (preview) rows an operation shows before it works, from its
 * declaration: the shell gives one value per declared row, under the row's
 * `from` key, and gets the rows back in the declared order with the declared
 * labels. A key the declaration has and the values lack does not compile,
 * nor does one it lacks, so a shell cannot show a row the catalog does not
 * know of or drop one silently. Core builds no sentences here: the values
 * are the shells' texts; this only pairs them with the labels.
 */
import type { Localized } from '../../errors/index.js';
import type { RowDeclaration } from './types.js';

type Previewing = { readonly preview: readonly RowDeclaration[] };

/** The keys of an operation's preview rows, as its declaration spells them. */
export type PreviewKey<O extends Previewing> = O['preview'][number]['from'];

/** One row's value; null leaves the row out (no warning, nothing handed back). */
export type RowValue = Localized | string | null;

/** A value whose row's label also says which one it is about: "Administratie 004". */
export interface QualifiedValue {
  readonly which: string;
  readonly value: Localized | string;
}

/** A row's value, or a list of them: one row each, in the list's order (warnings, items to recover). */
export type PreviewValue = RowValue | readonly (RowValue | QualifiedValue)[];

/** A value for every row the operation declares, and for nothing else. */
export type PreviewValues<O extends Previewing> = { readonly [K in PreviewKey<O>]: PreviewValue };

export interface PreviewRow {
  readonly label: Localized;
  readonly value: Localized | string;
  /** Shown as a note (a warning), not as a line of the list. */
  readonly note?: true;
}

function qualified(value: RowValue | QualifiedValue): value is QualifiedValue {
  return value !== null && typeof value === 'object' && 'which' in value;
}

function isList(value: PreviewValue): value is readonly (RowValue | QualifiedValue)[] {
  return Array.isArray(value);
}

/** The rows of `op`'s preview, in declared order, labelled as declared; null values left out. */
export function declaredRows<O extends Previewing>(op: O, values: PreviewValues<O>): PreviewRow[] {
  // The keys were checked where the values were written; here a row is looked up by its key.
  const byKey: Readonly<Record<string, PreviewValue>> = values;
  const rows: PreviewRow[] = [];
  for (const row of op.preview) {
    const given = byKey[row.from] ?? null;
    const list = isList(given) ? given : [given];
    for (const value of list) {
      if (value === null) continue;
      if (qualified(value))
        rows.push({
          label: { nl: `${row.label.nl} ${value.which}`, en: `${row.label.en} ${value.which}` },
          value: value.value,
          ...(row.note ? { note: true as const } : {}),
        });
      else rows.push({ label: row.label, value, ...(row.note ? { note: true as const } : {}) });
    }
  }
  return rows;
}
