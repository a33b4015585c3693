/**
 * A table of the wizards' model (wizard/model.ts) as lines of text, for the
 * terminal wizard and the commands that print the same tables (the apply's
 * review): the caption, the column names, the rows aligned — amounts to the
 * right — at most `most` of them and a count of the rest.
 */
import type { Lang, Localized } from '../errors/index.js';
import type { Table } from '../wizard/model.js';

const width = (text: string) => [...text].length;

export function tableLines(
  tb: Table,
  lang: Lang,
  t: (v: string | Localized) => string,
  most = Number.POSITIVE_INFINITY,
): string[] {
  const lines = [`${t(tb.caption)}:`];
  if (tb.rows.length === 0) return [...lines, `  ${t(tb.empty)}`];
  const shown = tb.rows.slice(0, most).map((r) => r.cells.map((c) => t(c)));
  const headers = tb.columns.map((c) => t(c));
  const widths = headers.map((h, i) => Math.max(width(h), ...shown.map((cells) => width(cells[i] ?? ''))));
  // Without figures, as on the web page: the columns after the third (the history's counts and sizes).
  const isFigure = (i: number) => (tb.figures ? tb.figures.includes(i) : i > 2);
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, widths[i]! - width(text)));
    return isFigure(i) ? fill + text : text + fill;
  };
  const line = (cells: readonly string[]) => `  ${cells.map(pad).join('  ').trimEnd()}`;
  lines.push(line(headers), ...shown.map(line));
  const more = tb.rows.length - shown.length;
  if (more > 0) lines.push(lang === 'nl' ? `  … en nog ${more}` : `  … and ${more} more`);
  return lines;
}
