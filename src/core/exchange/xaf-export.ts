/**
 * Exporting one fiscal year of an administration as an XAF 3.2 auditfile.
 *
 * Everything is read in one read-only snapshot, with the administration
 * locked (journaled as "xaf-export") as a backup locks it. The small parts (company,
 * relations, accounts, VAT codes, periods, opening balance) are read whole;
 * the transaction lines, the bulk, come as one COPY in journal, entry and
 * line order and are written as they arrive, so memory stays flat however
 * large the year. The totals the standard puts before the lines are one
 * aggregate query first.
 *
 * Values the standard cannot hold are never silently broken: an identifier
 * longer than the standard allows stops the export naming it; a descriptive
 * text that is too long is shortened and reported in the result's warnings.
 */

import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { CopyOutBlocks, dropConnection } from '../../engines/index.js';
import { errnoOf, fileErrorReason, fromPostgresError, type Localized, ToolError } from '../../errors/index.js';
import { AtomicFile } from '../../storage/atomic-write.js';
import { checkOutputTarget, newFileTarget } from '../../storage/folders.js';
import { checkSimple, declAt, type ElementDecl, escapeText, type XafRecord, XafWriter } from '../../xaf/index.js';
import { findAdministration } from '../administrations/find-administration.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { beginOperation } from '../journal/operation-journal.js';
import type { ProgressListener } from '../progress.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';
import { kluisVersion } from '../version.js';
import {
  accountKindToXaf,
  fromCents,
  journalTypeToXaf,
  monthlyPeriods,
  type Period,
  periodOf,
  relationKindToXaf,
  toCents,
  toMilli,
  vatAmount,
} from './xaf-map.js';

export interface XafExportInput {
  /** Administration number or name. */
  readonly adm: string;
  readonly year: number;
  /** A file (written under a temporary name beside it and linked into place when complete) or a stream (standard output). */
  readonly output: { readonly path: string } | { readonly stream: Writable };
  /** The header's creation date; today by default. */
  readonly dateCreated?: string;
  readonly onProgress?: ProgressListener;
}

export interface XafExportResult {
  readonly adm: string;
  readonly name: string;
  readonly year: number;
  readonly path: string | null;
  readonly bytes: number;
  readonly transactions: number;
  readonly lines: number;
  readonly seconds: number;
  /** Texts shortened to fit the standard, and similar; empty when nothing was changed. */
  readonly warnings: readonly Localized[];
}

type Row = Record<string, string | null>;

/**
 * Writes to a stream, waiting when it asks to. The stream's own failure (a
 * full disk, a reader that went away) is kept, so that it ends the export as
 * "cannot write" and is never an unhandled 'error' event.
 */
function streamSink(stream: Writable) {
  let bytes = 0;
  let failure: Error | undefined;
  stream.on('error', (err: Error) => (failure ??= err));
  return {
    get bytes() {
      return bytes;
    },
    get failure() {
      return failure;
    },
    async write(text: string): Promise<void> {
      if (failure) throw failure;
      const buffer = Buffer.from(text, 'utf8');
      bytes += buffer.length;
      if (!stream.write(buffer)) await once(stream, 'drain');
    },
  };
}

/**
 * The file to write: an existing folder, or a name ending in "/", gets
 * <number>-<year>.xaf in it. Proved writable, and refused when a file of
 * that name exists, before anything is read.
 */
function targetFile(output: XafExportInput['output'], adm: string, year: number): string | null {
  return 'path' in output ? newFileTarget(output.path, (folder) => join(folder, `${adm}-${year}.xaf`)) : null;
}

export async function exportXaf(ctx: KluisContext, input: XafExportInput): Promise<XafExportResult> {
  // An output that cannot be written is said before the server is even asked (the name in a folder needs it).
  if ('path' in input.output) checkOutputTarget(input.output.path);
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    const record = await findAdministration(sys, input.adm);
    const target = targetFile(input.output, formatAdminNumber(record.number), input.year);
    const file = target ? AtomicFile.create(target, { replace: false }) : undefined;
    let op: Awaited<ReturnType<typeof beginOperation>>;
    try {
      // Locked like a backup: nothing replaces or removes the administration while its year is read.
      op = await beginOperation(sys, 'xaf-export', record.number, {
        location: target ?? '-',
        partial: file?.temp ?? null,
      });
    } catch (err) {
      file?.abort();
      throw err;
    }
    try {
      const result = await writeAuditfile(ctx, record, input, target, file);
      await op.finish();
      return result;
    } catch (err) {
      throw await op.abandon(err, async () => undefined);
    }
  } finally {
    await sys.close();
  }
}

async function writeAuditfile(
  ctx: KluisContext,
  record: AdministrationRecord,
  input: XafExportInput,
  target: string | null,
  file: AtomicFile | undefined,
): Promise<XafExportResult> {
  const started = Date.now();
  const adm = formatAdminNumber(record.number);
  const stream = file ? file.stream() : (input.output as { stream: Writable }).stream;
  const sink = streamSink(stream);
  let client: pg.Client | undefined;
  let done = false;
  try {
    client = await ctx.engine.connect(record.databaseName);
    await client.query('begin isolation level repeatable read read only');
    await client.query(`set local work_mem = '256MB'`);
    const counts = await new YearExport(client, adm, input, new XafWriter(sink)).run();
    await client.query('commit');
    await file?.commit();
    done = true;
    return {
      adm,
      name: record.name,
      year: input.year,
      path: target,
      bytes: sink.bytes,
      ...counts,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (err) {
    const written =
      sink.failure ?? (errnoOf(err) && (err as NodeJS.ErrnoException).path !== undefined ? err : undefined);
    if (written && !(err instanceof ToolError)) {
      throw new ToolError(
        'XAF_WRITE_FAILED',
        { path: target ?? { nl: 'standaarduitvoer', en: 'standard output' }, reason: fileErrorReason(written) },
        { cause: written },
      );
    }
    throw err instanceof ToolError
      ? err
      : fromPostgresError(err, ctx.engine.name, ctx.engine.describe().target, 'query');
  } finally {
    // A COPY whose output failed is still sending: only dropping the connection ends its session.
    if (client) {
      if (done) await client.end().catch(() => undefined);
      else dropConnection(client);
    }
    if (!done) file?.abort();
  }
}

class YearExport {
  readonly warnings: Localized[] = [];
  readonly #relationCodes = new Map<string, string>();
  readonly #vatPercentages = new Map<string, string>();
  readonly #decls = transactionDecls();
  #periods: Period[] = [];

  constructor(
    private readonly c: pg.Client,
    private readonly adm: string,
    private readonly input: XafExportInput,
    private readonly w: XafWriter,
  ) {}

  async run(): Promise<{ transactions: number; lines: number; warnings: Localized[] }> {
    const year = await this.fiscalYear();
    const settings = (
      await this.c.query<{ name: string; currency: string; xaf: XafRecord | null }>(
        'select name, currency, xaf from settings',
      )
    ).rows[0]!;
    this.w.start();
    this.w.record(declAt('header'), {
      fiscalYear: (year.xaf?.fiscalYear as string | undefined) ?? String(this.input.year),
      startDate: year.start,
      endDate: year.end,
      curCode: settings.currency,
      dateCreated: this.input.dateCreated ?? new Date().toISOString().slice(0, 10),
      softwareDesc: 'kluis',
      softwareVersion: kluisVersion(),
    });
    this.w.open('company');
    const company = settings.xaf ?? {};
    const companyDecl = declAt('company');
    this.fields(
      companyDecl,
      ['companyIdent', 'companyName', 'taxRegistrationCountry', 'taxRegIdent', 'streetAddress', 'postalAddress'],
      {
        companyName: settings.name,
        taxRegistrationCountry: 'NL',
        taxRegIdent: '',
        ...company,
      },
      'company',
    );
    await this.flush();
    await this.customersSuppliers();
    await this.generalLedger(company);
    await this.vatCodes();
    await this.periods(year);
    await this.openingBalance(year);
    const counts = await this.transactions();
    this.w.close('company');
    await this.w.end();
    return { ...counts, warnings: this.warnings };
  }

  async fiscalYear(): Promise<{ start: string; end: string; xaf: XafRecord | null }> {
    const r = await this.c.query<{ start: string; end: string; xaf: XafRecord | null }>(
      `select start_date::text as start, end_date::text as end, xaf from fiscal_years where year = $1`,
      [this.input.year],
    );
    if (!r.rows[0]) {
      const years = (await this.c.query<{ year: number }>('select year from fiscal_years order by year')).rows.map(
        (y) => y.year,
      );
      throw new ToolError('XAF_YEAR_NOT_FOUND', {
        adm: this.adm,
        year: this.input.year,
        years: years.join(', ') || '-',
      });
    }
    return r.rows[0];
  }

  async flush(): Promise<void> {
    await this.w.flush();
  }

  /**
   * Makes a record fit the standard: a text that is too long is shortened
   * (with a warning), an identifier that is too long stops the export, an
   * optional value that does not fit is left out (with a warning).
   */
  conform(decl: ElementDecl, record: XafRecord, label: string): XafRecord {
    const out: XafRecord = {};
    for (const child of decl.children!) {
      const value = record[child.name];
      if (value === undefined || value === null) continue;
      const values = (Array.isArray(value) ? value : [value]) as Array<string | XafRecord>;
      const kept: Array<string | XafRecord> = [];
      for (const v of values) {
        if (typeof v !== 'string') {
          kept.push(this.conform(child, v, label));
          continue;
        }
        const fitted = this.fit(child, v, label);
        if (fitted !== undefined) kept.push(fitted);
      }
      if (kept.length === 0) continue;
      out[child.name] = (child.max > 1 ? kept : kept[0]) as XafRecord[string];
    }
    return out;
  }

  fit(decl: ElementDecl, value: string, label: string): string | undefined {
    const checked = checkSimple(decl.type!, value);
    if (!('reason' in checked)) return value;
    const max = decl.type!.maxLength;
    if (max !== undefined && [...value].length > max) {
      if (decl.type!.name === 'IdentificationString35')
        throw new ToolError('XAF_EXPORT_VALUE_TOO_LONG', {
          what: label,
          value: value.slice(0, 60),
          max,
          element: decl.name,
        });
      this.warnings.push({
        nl: `${label}: ${decl.name} ingekort tot ${max} tekens`,
        en: `${label}: ${decl.name} shortened to ${max} characters`,
      });
      return [...value].slice(0, max).join('');
    }
    if (decl.min === 0) {
      this.warnings.push({
        nl: `${label}: ${decl.name} weggelaten (${checked.reason.nl})`,
        en: `${label}: ${decl.name} left out (${checked.reason.en})`,
      });
      return undefined;
    }
    throw new ToolError('XAF_EXPORT_VALUE_TOO_LONG', {
      what: label,
      value: value.slice(0, 60),
      max: max ?? 0,
      element: decl.name,
    });
  }

  /** Some of a container's simple or record children, in schema order. */
  fields(container: ElementDecl, names: readonly string[], record: XafRecord, label: string): void {
    const partial: ElementDecl = { ...container, children: container.children!.filter((c) => names.includes(c.name)) };
    const fitted = this.conform(partial, record, label);
    for (const child of partial.children!) {
      const value = fitted[child.name];
      if (value === undefined) continue;
      for (const v of (Array.isArray(value) ? value : [value]) as Array<string | XafRecord>) {
        if (typeof v === 'string') this.w.field(child.name, v);
        else this.w.record(child, v);
      }
    }
  }

  async customersSuppliers(): Promise<void> {
    const rows = (
      await this.c.query<Row & { xaf: XafRecord | null }>(
        'select id::text, code, name, kind, vat_number, iban, city, country, email, xaf from relations order by code',
      )
    ).rows;
    if (rows.length === 0) return;
    const decl = declAt('company/customersSuppliers/customerSupplier');
    this.w.open('customersSuppliers');
    for (const r of rows) {
      this.#relationCodes.set(r.id!, r.code!);
      const extra = r.xaf ?? {};
      const record: XafRecord = {
        custSupID: r.code!,
        ...(r.name ? { custSupName: r.name } : {}),
        ...(r.email ? { eMail: r.email } : {}),
        taxRegistrationCountry: r.country!,
        ...(r.vat_number ? { taxRegIdent: r.vat_number } : {}),
        custSupTp: relationKindToXaf[r.kind as keyof typeof relationKindToXaf],
        ...(r.city ? { streetAddress: [{ city: r.city }] } : {}),
        ...(r.iban ? { bankAccount: [{ bankAccNr: r.iban }] } : {}),
        ...extra,
      };
      this.w.record(decl, this.conform(decl, record, `relatie/relation ${r.code}`));
      await this.flush();
    }
    this.w.close('customersSuppliers');
  }

  async generalLedger(company: XafRecord): Promise<void> {
    const rows = (
      await this.c.query<Row & { xaf: XafRecord | null }>('select code, name, kind, xaf from accounts order by code')
    ).rows;
    const basics = company.basics as XafRecord[] | undefined;
    if (rows.length === 0) return;
    const decl = declAt('company/generalLedger/ledgerAccount');
    this.w.open('generalLedger');
    for (const r of rows) {
      const record: XafRecord = {
        accID: r.code!,
        accDesc: r.name!,
        accTp: accountKindToXaf[r.kind as keyof typeof accountKindToXaf],
        ...(r.xaf ?? {}),
      };
      this.w.record(decl, this.conform(decl, record, `rekening/account ${r.code}`));
    }
    if (basics) this.w.record(declAt('company/generalLedger/basics'), { basic: basics });
    this.w.close('generalLedger');
    await this.flush();
  }

  async vatCodes(): Promise<void> {
    // Codes the year's lines use but the table lacks (data from before it existed) are listed too, so every line's code is known.
    const rows = (
      await this.c.query<Row & { xaf: XafRecord | null }>(
        `
      select code, description, percentage::text as percentage, pay_account, claim_account, xaf from vat_codes
      union all
      select distinct l.vat_code, l.vat_code, null, null, null, null::jsonb
        from journal_lines l join journal_entries e on e.id = l.entry_id
       where e.fiscal_year = $1 and l.vat_code is not null and not exists (select 1 from vat_codes v where v.code = l.vat_code)
      order by 1`,
        [this.input.year],
      )
    ).rows;
    if (rows.length === 0) return;
    const decl = declAt('company/vatCodes/vatCode');
    this.w.open('vatCodes');
    for (const r of rows) {
      if (r.percentage != null) this.#vatPercentages.set(r.code!, r.percentage);
      const record: XafRecord = {
        vatID: r.code!,
        vatDesc: r.description!,
        ...(r.pay_account ? { vatToPayAccID: r.pay_account } : {}),
        ...(r.claim_account ? { vatToClaimAccID: r.claim_account } : {}),
        ...(r.xaf ?? {}),
      };
      this.w.record(decl, this.conform(decl, record, `btw-code/VAT code ${r.code}`));
    }
    this.w.close('vatCodes');
    await this.flush();
  }

  async periods(year: { start: string; end: string }): Promise<void> {
    const rows = (
      await this.c.query<Row & { number: number; xaf: XafRecord | null }>(
        'select number, description, start_date::text as start, end_date::text as end, xaf from periods where fiscal_year = $1 order by number',
        [this.input.year],
      )
    ).rows;
    const decl = declAt('company/periods/period');
    this.w.open('periods');
    if (rows.length === 0) {
      this.#periods = monthlyPeriods(year.start, year.end);
      for (const p of this.#periods)
        this.w.record(decl, { periodNumber: String(p.number), startDatePeriod: p.start, endDatePeriod: p.end });
    } else {
      this.#periods = rows.map((r) => ({ number: r.number, start: r.start!, end: r.end! }));
      for (const r of rows) {
        const record: XafRecord = {
          periodNumber: String(r.number),
          ...(r.description !== null ? { periodDesc: r.description } : {}),
          startDatePeriod: r.start!,
          endDatePeriod: r.end!,
          ...(r.xaf ?? {}),
        };
        this.w.record(decl, this.conform(decl, record, `periode/period ${r.number}`));
      }
    }
    this.w.close('periods');
    await this.flush();
  }

  /**
   * The opening balance recorded for the year (an imported auditfile's), or
   * else, when earlier years were booked in kluis, their closing positions:
   * the balance-sheet accounts' totals, with the earlier years' result on
   * the first balance-sheet account on the credit side (0500 Eigen vermogen
   * in the standard chart).
   */
  async openingBalance(year: { start: string }): Promise<void> {
    const stored = (
      await this.c.query<Row & { xaf: XafRecord | null }>(
        'select balance_date::text as date, description, xaf from opening_balances where fiscal_year = $1',
        [this.input.year],
      )
    ).rows[0];
    let lines: Array<{ nr: string; account: string; debit: string; credit: string }>;
    if (stored) {
      lines = (
        await this.c.query<{ nr: string; account: string; debit: string; credit: string }>(
          'select nr, account_code as account, debit::text as debit, credit::text as credit from opening_balance_lines where fiscal_year = $1 order by position',
          [this.input.year],
        )
      ).rows;
    } else {
      lines = await this.derivedOpening();
      if (lines.length === 0) return;
    }
    const decl = declAt('company/openingBalance/obLine');
    let debit = 0n;
    let credit = 0n;
    for (const l of lines) {
      debit += toCents(l.debit);
      credit += toCents(l.credit);
    }
    this.w.open('openingBalance');
    this.w.field('opBalDate', stored?.date ?? year.start);
    const desc = stored ? stored.description : 'Beginbalans';
    if (desc != null)
      this.w.field(
        'opBalDesc',
        this.fit(declAt('company/openingBalance/opBalDesc'), desc, 'beginbalans/opening balance'),
      );
    this.w.field('linesCount', lines.length);
    this.w.field('totalDebit', fromCents(debit));
    this.w.field('totalCredit', fromCents(credit));
    for (const l of lines) {
      const isCredit = toCents(l.credit) > 0n;
      this.w.record(decl, {
        nr: l.nr,
        accID: l.account,
        amnt: isCredit ? l.credit : l.debit,
        amntTp: isCredit ? 'C' : 'D',
      });
    }
    await this.subledgers('opening', 'obSubledgers', 'company/openingBalance/obSubledgers/obSubledger', 'obSbLine');
    this.w.close('openingBalance');
    await this.flush();
  }

  async derivedOpening(): Promise<Array<{ nr: string; account: string; debit: string; credit: string }>> {
    const r = await this.c.query<{ account: string; kind: string; net: string }>(
      `
      select l.account_code as account, a.kind, sum(l.debit - l.credit)::text as net
        from journal_lines l join journal_entries e on e.id = l.entry_id join accounts a on a.code = l.account_code
       where e.fiscal_year < $1
       group by l.account_code, a.kind order by l.account_code`,
      [this.input.year],
    );
    if (r.rows.length === 0) return [];
    const equity = (
      await this.c.query<{ code: string }>(
        `select code from accounts where kind = 'balance' and debit_credit = 'C' order by code limit 1`,
      )
    ).rows[0]?.code;
    const net = new Map<string, bigint>();
    let result = 0n;
    for (const row of r.rows) {
      if (row.kind === 'balance' || !equity) net.set(row.account, (net.get(row.account) ?? 0n) + toCents(row.net));
      else result += toCents(row.net);
    }
    if (equity && result !== 0n) net.set(equity, (net.get(equity) ?? 0n) + result);
    const lines: Array<{ nr: string; account: string; debit: string; credit: string }> = [];
    for (const [account, cents] of [...net.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (cents === 0n) continue;
      lines.push({
        nr: String(lines.length + 1),
        account,
        debit: cents > 0n ? fromCents(cents) : '0.00',
        credit: cents < 0n ? fromCents(-cents) : '0.00',
      });
    }
    return lines;
  }

  async subledgers(
    section: 'opening' | 'transactions',
    container: string,
    path: string,
    lineName: string,
  ): Promise<void> {
    const headers = (
      await this.c.query<{ position: number; header: XafRecord }>(
        'select position, header from xaf_subledgers where section = $1 order by position',
        [section],
      )
    ).rows;
    if (headers.length === 0) return;
    const decl = declAt(path);
    const lineDecl = decl.byName!.get(lineName)!;
    this.w.open(container);
    for (const h of headers) {
      const lines = (
        await this.c.query<{ content: XafRecord }>(
          'select content from xaf_subledger_lines where section = $1 and subledger = $2 order by position',
          [section, h.position],
        )
      ).rows;
      this.w.open(decl.name);
      for (const child of decl.children!) {
        if (child.name === lineName) for (const l of lines) this.w.record(lineDecl, l.content);
        else this.w.field(child.name, h.header[child.name] as string | undefined);
      }
      this.w.close(decl.name);
      await this.flush();
    }
    this.w.close(container);
  }

  async transactions(): Promise<{ transactions: number; lines: number }> {
    const totals = (
      await this.c.query<{ lines: string; entries: string; debit: string | null; credit: string | null }>(
        `
      select count(*)::text as lines, count(distinct l.entry_id)::text as entries,
             sum(case when ${amountTypeSql} = 'D' then ${amountSql} else 0 end)::text as debit,
             sum(case when ${amountTypeSql} = 'C' then ${amountSql} else 0 end)::text as credit
        from journal_lines l join journal_entries e on e.id = l.entry_id
       where e.fiscal_year = $1`,
        [this.input.year],
      )
    ).rows[0]!;
    const journals = (
      await this.c.query<{ code: string; name: string; type: string; xaf: XafRecord | null }>(
        'select code, name, type, xaf from journals order by code',
      )
    ).rows;
    const lineCount = Number(totals.lines);
    this.w.open('transactions');
    this.w.field('linesCount', totals.lines);
    this.w.field('totalDebit', totals.debit ?? '0.00');
    this.w.field('totalCredit', totals.credit ?? '0.00');
    const lines = new LineStream(this.c, this.input.year);
    const journalDecl = declAt('company/transactions/journal');
    const lineDecl = declAt('company/transactions/journal/transaction/trLine');
    let written = 0;
    let entries = 0;
    let reportAt = 10_000;
    let next = await lines.next();
    for (const j of journals) {
      this.w.open('journal');
      const header = this.conform(
        journalDecl,
        {
          jrnID: j.code,
          desc: j.name,
          jrnTp: journalTypeToXaf[j.type as keyof typeof journalTypeToXaf],
          ...(j.xaf ?? {}),
        },
        `dagboek/journal ${j.code}`,
      );
      for (const name of ['jrnID', 'desc', 'jrnTp', 'offsetAccID', 'bankAccNr'])
        this.w.field(name, header[name] as string | undefined);
      while (next && next.journal === j.code) {
        const entry = next;
        entries++;
        this.transactionHeader(entry);
        while (next && next.entryId === entry.entryId) {
          this.line(next, lineDecl);
          written++;
          next = await lines.next();
        }
        this.w.close('transaction');
        if (written >= reportAt) {
          this.input.onProgress?.({ step: 'xaf-export', done: written, total: lineCount });
          reportAt = written + 10_000;
        }
        await this.flush();
      }
      this.w.close('journal');
    }
    if (next) throw new Error(`journal line of unknown journal ${next.journal}`);
    await this.subledgers('transactions', 'subledgers', 'company/transactions/subledgers/subledger', 'sbLine');
    this.w.close('transactions');
    this.input.onProgress?.({ step: 'xaf-export', done: written, total: lineCount });
    return { transactions: entries, lines: written };
  }

  transactionHeader(e: LineRow): void {
    const extra = e.entryXaf ? (JSON.parse(e.entryXaf) as XafRecord) : {};
    this.w.open('transaction');
    this.w.field('nr', this.fit(this.#decls.nr, e.entryNumber, `boeking/entry ${e.entryNumber}`));
    if (e.entryDescription) this.w.field('desc', e.entryDescription);
    this.w.field('periodNumber', e.period ?? String(periodOf(this.#periods, e.entryDate)));
    this.w.field('trDt', e.entryDate);
    for (const name of ['amnt', 'amntTp', 'sourceID']) this.w.field(name, extra[name] as string | undefined);
    if (e.createdBy)
      this.w.field('userID', this.fit(this.#decls.userID, e.createdBy, `boeking/entry ${e.entryNumber}`));
  }

  line(l: LineRow, decl: ElementDecl): void {
    const isCredit = l.credit !== '0.00';
    const amount = isCredit ? l.credit : l.debit;
    const relation = l.relation ? this.#relationCodes.get(l.relation) : undefined;
    const percentage = l.vatCode ? this.#vatPercentages.get(l.vatCode) : undefined;
    const vat =
      l.vatCode && percentage !== undefined
        ? [
            {
              vatID: l.vatCode,
              vatPerc: percentage,
              vatAmnt: fromCents(vatAmount(toCents(amount), toMilli(percentage))),
              vatAmntTp: isCredit ? 'C' : 'D',
            },
          ]
        : undefined;
    const docRef =
      l.documentRef.length > 999
        ? this.fit(this.#decls.docRef, l.documentRef, `boeking/entry ${l.entryNumber}`)!
        : l.documentRef;
    if (l.lineXaf) {
      const record: XafRecord = {
        nr: l.lineNo,
        accID: l.account,
        docRef,
        effDate: l.effectiveDate,
        desc: l.description || undefined,
        amnt: amount,
        amntTp: isCredit ? 'C' : 'D',
        custSupID: relation,
        vat,
        currency: l.currencyCode ? { curCode: l.currencyCode, curAmnt: l.currencyAmount! } : undefined,
        ...(JSON.parse(l.lineXaf) as XafRecord),
      };
      this.w.record(decl, record);
      return;
    }
    // The fast path: kluis's own columns, written without building a record.
    const pad = '  '.repeat(this.w.indent + 1);
    let text = `${pad.slice(2)}<trLine>\n${pad}<nr>${l.lineNo}</nr>\n${pad}<accID>${escapeText(l.account, 'accID')}</accID>\n${pad}<docRef>${escapeText(docRef, 'docRef')}</docRef>\n${pad}<effDate>${l.effectiveDate}</effDate>\n`;
    if (l.description) text += `${pad}<desc>${escapeText(l.description, 'desc')}</desc>\n`;
    text += `${pad}<amnt>${amount}</amnt>\n${pad}<amntTp>${isCredit ? 'C' : 'D'}</amntTp>\n`;
    if (relation) text += `${pad}<custSupID>${escapeText(relation, 'custSupID')}</custSupID>\n`;
    if (vat)
      text += `${pad}<vat>\n${pad}  <vatID>${escapeText(vat[0]!.vatID, 'vatID')}</vatID>\n${pad}  <vatPerc>${vat[0]!.vatPerc}</vatPerc>\n${pad}  <vatAmnt>${vat[0]!.vatAmnt}</vatAmnt>\n${pad}  <vatAmntTp>${vat[0]!.vatAmntTp}</vatAmntTp>\n${pad}</vat>\n`;
    if (l.currencyCode)
      text += `${pad}<currency>\n${pad}  <curCode>${l.currencyCode}</curCode>\n${pad}  <curAmnt>${l.currencyAmount}</curAmnt>\n${pad}</currency>\n`;
    this.w.raw(`${text}${pad.slice(2)}</trLine>\n`);
  }
}

/** Declarations the per-entry path checks values against, looked up once. */
const transactionDecls = () => ({
  nr: declAt('company/transactions/journal/transaction/nr'),
  userID: declAt('company/transactions/journal/transaction/userID'),
  docRef: declAt('company/transactions/journal/transaction/trLine/docRef'),
});

/** The amount and its side as the auditfile shows them (an imported line may carry its own, negative one). */
const amountSql = `coalesce((l.xaf->>'amnt')::numeric, l.debit + l.credit)`;
const amountTypeSql = `coalesce(l.xaf->>'amntTp', case when l.credit > 0 then 'C' else 'D' end)`;

interface LineRow {
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
class LineStream {
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
