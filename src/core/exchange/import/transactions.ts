/**
 * The transactions section of an auditfile, the bulk: journals as rows of
 * their own, and every transaction and its lines streamed on two COPY
 * connections of their own while they are checked (keys, amounts, balance,
 * the section's totals).
 */
import type pg from 'pg';
import type { XafRecord } from '../../../xaf/index.js';
import {
  type AuditfileKeys,
  addLine,
  centsOrStop,
  checkBalanced,
  checkLinePosition,
  checkTotals,
  newTotals,
  stopAt,
  type Totals,
} from './checks.js';
import { CopyRows } from './copy-rows.js';
import { columns, entryExtras, journalRow, lineRow, lineVat } from './rows.js';
import type { XafImportResult } from './types.js';

type Counts = { -readonly [K in keyof XafImportResult['counts']]: number };

interface Transaction {
  nr: string;
  date: string;
  line: number;
  fields: Record<string, string>;
  written: boolean;
  position: number;
  debit: bigint;
  credit: bigint;
}

/** What the section shares with the rest of the load. */
export interface SectionContext {
  readonly path: string;
  readonly year: number;
  readonly keys: AuditfileKeys;
  readonly counts: Counts;
  /** Percentages the lines showed per VAT code (the standard keeps them on the lines only). */
  readonly vatPercentages: Map<string, bigint>;
  /** Where journal rows go (few, and before their transactions). */
  readonly main: pg.Client;
}

export class TransactionsSection {
  readonly totals: Totals;
  readonly #at: SectionContext;
  readonly #entries: CopyRows;
  readonly #lines: CopyRows;
  #journal: string | undefined;
  #journalFields: Record<string, string> = {};
  #journalWritten = false;
  #transaction: Transaction | undefined;
  #entryId = 0;
  #lineId = 0;

  private constructor(at: SectionContext, line: number, entries: CopyRows, lines: CopyRows) {
    this.#at = at;
    this.totals = newTotals(line);
    this.#entries = entries;
    this.#lines = lines;
  }

  static async open(
    at: SectionContext,
    line: number,
    entriesClient: pg.Client,
    linesClient: pg.Client,
  ): Promise<TransactionsSection> {
    const entries = await CopyRows.open(entriesClient, 'journal_entries', columns.entries);
    const lines = await CopyRows.open(linesClient, 'journal_lines', columns.lines);
    return new TransactionsSection(at, line, entries, lines);
  }

  openJournal(): void {
    this.#journal = undefined;
  }

  journalField(name: string, value: string, line: number): void {
    if (name === 'jrnID') this.#journalFields = { jrnID: value, line: String(line) };
    else this.#journalFields[name] = value;
    this.#journal = this.#journalFields.jrnID;
  }

  async closeJournal(): Promise<void> {
    await this.#writeJournal();
    this.#journalWritten = false;
    this.#journalFields = {};
  }

  openTransaction(line: number): void {
    this.#transaction = { nr: '', date: '', line, fields: {}, written: false, position: 0, debit: 0n, credit: 0n };
  }

  async transactionField(name: string, value: string): Promise<void> {
    await this.#writeJournal();
    this.#transaction!.fields[name] = value;
  }

  async closeTransaction(): Promise<void> {
    await this.#writeTransaction();
    stopAt(this.#at.path, checkBalanced(this.#transaction!, this.#journal));
  }

  /** The section's end: its totals, then both COPYs finished. */
  async close(): Promise<void> {
    stopAt(this.#at.path, checkTotals(this.totals, 'transactions'));
    await Promise.all([this.#entries.end(), this.#lines.end()]);
  }

  /** A journal's row, once its header fields are all read (at its first transaction or its end). */
  async #writeJournal(): Promise<void> {
    if (this.#journalWritten) return;
    const f = this.#journalFields;
    stopAt(this.#at.path, this.#at.keys.declare('journal', f.jrnID!, Number(f.line), 'journal/jrnID'));
    this.#journalWritten = true;
    await this.#at.main.query('insert into journals (code, name, type, xaf) values ($1, $2, $3, $4)', journalRow(f));
    this.#at.counts.journals++;
  }

  async #writeTransaction(): Promise<void> {
    const t = this.#transaction!;
    if (t.written) return;
    t.written = true;
    const f = t.fields;
    t.nr = f.nr!;
    t.date = f.trDt!.slice(0, 10);
    const period = Number(f.periodNumber);
    stopAt(this.#at.path, this.#at.keys.refer('period', period, t.line, 'transaction/periodNumber'));
    this.#entryId++;
    await this.#entries.row([
      this.#entryId,
      this.#journal,
      t.nr,
      t.date,
      this.#at.year,
      period,
      f.desc ?? '',
      f.userID ?? '',
      entryExtras(f, t.date),
    ]);
    this.#at.counts.transactions++;
  }

  async line(r: XafRecord, line: number): Promise<void> {
    const { path, keys } = this.#at;
    await this.#writeTransaction();
    const t = this.#transaction!;
    const position = ++t.position;
    stopAt(path, checkLinePosition(position, t.nr, line));
    stopAt(path, keys.refer('account', r.accID as string, line, 'trLine/accID'));
    const cents = centsOrStop(path, r.amnt as string, line, 'trLine/amnt');
    const side = addLine(this.totals, cents, r.amntTp as string);
    const abs = cents < 0n ? -cents : cents;
    if (side === 'D') t.debit += abs;
    else t.credit += abs;
    const custSupID = r.custSupID as string | undefined;
    stopAt(path, keys.refer('relation', custSupID, line, 'trLine/custSupID'));
    const vat = r.vat as XafRecord[] | undefined;
    for (const v of vat ?? []) {
      stopAt(path, keys.refer('vatCode', v.vatID as string, line, 'trLine/vat/vatID'));
      centsOrStop(path, v.vatAmnt as string, line, 'trLine/vat/vatAmnt');
    }
    const currency = r.currency as XafRecord | undefined;
    if (currency) centsOrStop(path, currency.curAmnt as string, line, 'trLine/currency/curAmnt');
    await this.#lines.row(
      lineRow(r, {
        id: ++this.#lineId,
        entryId: this.#entryId,
        position,
        transaction: t,
        cents,
        side,
        relation: custSupID === undefined ? null : keys.relationId(custSupID)!,
        vat: lineVat(vat, abs, side, this.#at.vatPercentages),
      }),
    );
    this.#at.counts.lines++;
  }
}
