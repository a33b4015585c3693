/**
 * Everything the CLI prints goes through Output: plain text or JSON on
 * stdout, messages and progress on stderr, tables aligned for people.
 */
import { formatBytes, formatCount, formatDateTime, formatSeconds } from '../core/index.js';
import type { Lang, Localized } from '../errors/index.js';

export interface Output {
  readonly lang: Lang;
  readonly json: boolean;
  /** A line of result text on stdout (suppressed in --json mode). */
  line(text?: string): void;
  /** The result as JSON on stdout (only in --json mode). */
  data(value: unknown): void;
  /** Progress or a note on stderr, in the user's language; quiet in --json mode and off a terminal. */
  note(text: Localized | string): void;
  /** A warning on stderr, always shown. */
  warn(text: Localized | string): void;
  /** A status line that rewrites itself on a terminal; quiet otherwise. `undefined` clears it. */
  status(text: string | undefined): void;
  /** Whether `status` shows anything (a terminal, no --json): a progress bar that is not shown is not drawn either. */
  readonly showsStatus: boolean;
  t(text: Localized): string;
  /** A count for people in the output's language (19.965 / 19,965); --json prints the number itself. */
  count(n: number): string;
  /** A size for people (3,0 MiB / 3.0 MiB). */
  bytes(n: number): string;
  /** A duration for people (1,3 s / 1.3 s). */
  seconds(s: number): string;
  /** A moment for people, in this machine's time zone (3 december 2026 14:05). */
  date(moment: Date | string): string;
}

export function createOutput(
  lang: Lang,
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Output {
  const t = (text: Localized) => text[lang];
  const str = (text: Localized | string) => (typeof text === 'string' ? text : t(text));
  return {
    lang,
    json,
    showsStatus: !json && stderr.isTTY === true,
    t,
    count: (n) => formatCount(n, lang),
    bytes: (n) => formatBytes(n, lang),
    seconds: (s) => formatSeconds(s, lang),
    date: (moment) => formatDateTime(moment, lang),
    line: (text = '') => {
      if (!json) stdout.write(`${text}\n`);
    },
    data: (value) => {
      if (json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    note: (text) => {
      if (!json && stderr.isTTY) stderr.write(`${str(text)}\n`);
    },
    warn: (text) => stderr.write(`${str(text)}\n`),
    status: (text) => {
      if (json || !stderr.isTTY) return;
      stderr.write(text === undefined ? '\r\x1b[K' : `\r\x1b[K${text}`);
    },
  };
}

/** Aligns rows under headers; the last column is not padded. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}
