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
  const headers = tb.columns.map((c) => t(c));
  const shown = tb.rows.slice(0, most).map((r) => r.cells.map((c) => t(c)));
  const widths = headers.map(width);
  const measured = [headers, ...shown].map((cells) =>
    cells.map((text, i) => {
      const w = width(text);
      if (w > (widths[i] ?? 0)) widths[i] = w;
      return w;
    }),
  );
  // Without figures, as on the web page: the columns after the third (the history's counts and sizes).
  const isFigure = (i: number) => (tb.figures ? tb.figures.includes(i) : i > 2);
  const line = (cells: readonly string[], row: number) =>
    `  ${cells
      .map((text, i) => {
        const fill = ' '.repeat(Math.max(0, widths[i]! - measured[row]![i]!));
        return isFigure(i) ? fill + text : text + fill;
      })
      .join('  ')
      .trimEnd()}`;
  lines.push(...[headers, ...shown].map(line));
  const more = tb.rows.length - shown.length;
  if (more > 0) lines.push(lang === 'nl' ? `  … en nog ${more}` : `  … and ${more} more`);
  return lines;
}
