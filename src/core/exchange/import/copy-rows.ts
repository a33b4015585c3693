/**
 * Rows into a staging table with COPY in text format, one at a time, with
 * back-pressure: the import streams a year of lines without holding them.
 */
import { once } from 'node:events';
import type pg from 'pg';

type CopyStream = NodeJS.WritableStream & NodeJS.EventEmitter;

/** COPY in text format, row by row, with back-pressure. */
export class CopyRows {
  readonly #stream: CopyStream;
  #failure: Error | undefined;
  #buffer = '';
  rows = 0;

  private constructor(stream: CopyStream) {
    this.#stream = stream;
    stream.on('error', (err: Error) => (this.#failure ??= err));
  }

  static async open(client: pg.Client, table: string, columns: readonly string[]): Promise<CopyRows> {
    const { from } = await import('pg-copy-streams');
    return new CopyRows(
      client.query(from(`copy ${table} (${columns.join(', ')}) from stdin`)) as unknown as CopyStream,
    );
  }

  async row(values: ReadonlyArray<string | number | null | undefined>): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.#buffer += `${values.map(copyText).join('\t')}\n`;
    this.rows++;
    if (this.#buffer.length >= 64 * 1024) await this.#flush();
  }

  async #flush(): Promise<void> {
    const text = this.#buffer;
    this.#buffer = '';
    if (text && !this.#stream.write(text)) await once(this.#stream, 'drain');
  }

  async end(): Promise<number> {
    await this.#flush();
    if (this.#failure) throw this.#failure;
    this.#stream.end();
    await once(this.#stream, 'finish');
    if (this.#failure) throw this.#failure;
    return this.rows;
  }
}

function copyText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}
