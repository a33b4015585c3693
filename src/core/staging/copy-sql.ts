/** COPY statements with explicit, quoted column lists (binary COPY is positional). */
import { quoteIdent } from '../../engines/index.js';
import type { ColumnInfo } from '../../format/index.js';

function columnList(columns: readonly ColumnInfo[]): string {
  return columns.map((c) => quoteIdent(c.name)).join(', ');
}

export function copyToSql(table: string, columns: readonly ColumnInfo[]): string {
  return `copy public.${quoteIdent(table)} (${columnList(columns)}) to stdout (format binary)`;
}

/** COPY of a query whose columns are exactly `columns` (a hand-back substitutes some tables' contents). */
export function copyQueryToSql(query: string): string {
  return `copy (${query}) to stdout (format binary)`;
}

/** A select of exactly `columns`, in order; `replace` gives some of them another value (SQL). */
export function selectColumns(
  columns: readonly ColumnInfo[],
  from: string,
  where = '',
  replace: Readonly<Record<string, string>> = {},
): string {
  const list = columns
    .map((c) => (c.name in replace ? `${replace[c.name]} as ${quoteIdent(c.name)}` : quoteIdent(c.name)))
    .join(', ');
  return `select ${list} from ${from}${where ? ` where ${where}` : ''}`;
}

export function copyFromSql(table: string, columns: readonly ColumnInfo[]): string {
  return `copy public.${quoteIdent(table)} (${columnList(columns)}) from stdin (format binary, freeze)`;
}
