/** COPY statements with explicit, quoted column lists (binary COPY is positional). */
import { quoteIdent } from '../../engines/index.js';
import type { ColumnInfo } from '../../format/index.js';

function columnList(columns: readonly ColumnInfo[]): string {
  return columns.map((c) => quoteIdent(c.name)).join(', ');
}

export function copyToSql(table: string, columns: readonly ColumnInfo[]): string {
  return `copy public.${quoteIdent(table)} (${columnList(columns)}) to stdout (format binary)`;
}

export function copyFromSql(table: string, columns: readonly ColumnInfo[]): string {
  return `copy public.${quoteIdent(table)} (${columnList(columns)}) from stdin (format binary, freeze)`;
}
