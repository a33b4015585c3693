/**
 * The year's transaction lines, the bulk of an export, as one text COPY in
 * journal, entry and line order, parsed row by row as the blocks arrive:
 * memory stays flat however large the year.
 */
import type pg from 'pg';
import { CopyOutBlocks } from '../../../engines/index.js';

export interface LineRow {
  journal: string;
  entryId: string;
  entryNumber: string;
  entryDate: string;
  period: string | null;
  entryDescription: string;
  createdBy: string;
  entryXaf: string | null;
  lineNo: string;
  account: string;
  documentRef: string;
  effectiveDate: string;
  description: string;
  debit: string;
  credit: string;
  relation: string | null;
  vatCode: string | null;
  currencyCode: string | null;
  currencyAmount: string | null;
  lineXaf: string | null;
}

const lineColumns = [
  'e.journal_code',
  'e.id',
  'e.entry_number',
  'e.entry_date',
  'e.period',
  'e.description',
  'e.created_by',
  'e.xaf',
  'l.line_no',
  'l.account_code',
  'coalesce(l.document_ref, e.entry_number)',
  'coalesce(l.effective_date, e.entry_date)',
  'l.description',
  'l.debit',
  'l.credit',
  'coalesce(l.relation_id, e.relation_id)',
  'l.vat_code',
  'l.currency_code',
  'l.currency_amount',
  'l.xaf',
];

/** COPY text format: backslash escapes, \N for null. */
function unescapeCopy(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'b' ? '\b' : c === 'f' ? '\f' : c === 'v' ? '\v' : c,
  );
}

/** The year's transaction lines in journal, entry and line order, row by row from one COPY. */
export class LineStream {
  #copy: CopyOutBlocks | undefined;
  #iterator: AsyncIterator<Buffer> | undefined;
  #rows: string[] = [];
  #rest = Buffer.alloc(0);
  #ended = false;

  constructor(
    private readonly c: pg.Client,
    private readonly year: number,
  ) {}

  async next(): Promise<LineRow | undefined> {
    while (this.#rows.length === 0) {
      if (this.#ended) return undefined;
      await this.#fill();
    }
    const f = this.#rows.pop()!.split('\t').map(unescapeCopy);
    return {
      journal: f[0]!,
      entryId: f[1]!,
      entryNumber: f[2]!,
      entryDate: f[3]!,
      period: f[4] ?? null,
      entryDescription: f[5]!,
      createdBy: f[6]!,
      entryXaf: f[7] ?? null,
      lineNo: f[8]!,
      account: f[9]!,
      documentRef: f[10]!,
      effectiveDate: f[11]!,
      description: f[12]!,
      debit: f[13]!,
      credit: f[14]!,
      relation: f[15] ?? null,
      vatCode: f[16] ?? null,
      currencyCode: f[17] ?? null,
      currencyAmount: f[18] ?? null,
      lineXaf: f[19] ?? null,
    };
  }

  async #fill(): Promise<void> {
    if (!this.#iterator) {
      const year = Number(this.year);
      const sql = `copy (select ${lineColumns.join(', ')} from journal_lines l join journal_entries e on e.id = l.entry_id where e.fiscal_year = ${year} order by e.journal_code, e.id, l.line_no) to stdout`;
      this.#copy = this.c.query(new CopyOutBlocks(sql, () => Buffer.allocUnsafe(128 * 1024)));
      this.#iterator = this.#copy[Symbol.asyncIterator]();
    }
    const { value, done } = await this.#iterator.next();
    if (done) {
      this.#ended = true;
      if (this.#rest.length) throw new Error('COPY ended inside a row');
      return;
    }
    const chunk = this.#rest.length ? Buffer.concat([this.#rest, value]) : value;
    const last = chunk.lastIndexOf(0x0a);
    if (last < 0) {
      this.#rest = Buffer.from(chunk);
      return;
    }
    this.#rest = Buffer.from(chunk.subarray(last + 1));
    const text = chunk.toString('utf8', 0, last);
    this.#rows = text.split('\n').reverse();
  }
}
