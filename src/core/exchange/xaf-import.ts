/**
 * Importing an XAF 3.2 auditfile as an administration: the books of a client
 * on any package, installed under the accountant's licence and users, as a
 * client install does (accountantSide): staging database, journal, swap.
 *
 * One pass over the file. The reader validates every element against the
 * schema as it arrives; this module checks what the schema's keys say (lines
 * name known accounts, relations, VAT codes and periods; identifiers are
 * unique) and what the standard says adds up (line counts, debit and credit
 * totals, every transaction balances), and streams the rows into the staging
 * database with COPY: the transactions on two connections of their own, the
 * rest on a third, section by section. The first fault stops everything and
 * the staging database is dropped: nothing is written where anyone sees it.
 *
 * What an auditfile holds that kluis does not model is kept as JSON beside
 * the record it belongs to (the xaf columns, xaf_subledgers), so an export
 * hands it out again. docs/XAF.md has the mapping.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, readSync } from 'node:fs';
import type pg from 'pg';
import { errnoOf, type Localized, readFileError, ToolError } from '../../errors/index.js';
import { openOrdinaryFile } from '../../storage/small-file.js';
import { readXaf, type XafEvent, type XafRecord } from '../../xaf/index.js';
import { adminMigrations, continueIdentitiesSql } from '../admin-db/admin-schema.js';
import { resolveTarget } from '../backup/restore-backup.js';
import { type Accountant, accountantSide, type ClientBooksInput, guardOpen } from '../client/install-client.js';
import type { KluisContext } from '../context.js';
import {
  adminDatabaseName,
  formatAdminNumber,
  parseAdminRef,
  validateAdminName,
} from '../domain/administration-ref.js';
import { freeNumberAttempts, numberTakenMeanwhile } from '../journal/operation-journal.js';
import { migrate, runPostPhases } from '../migrations/migrator.js';
import { buildAndSwap } from '../staging/swap.js';
import { checkPlacementInput, preparePlacement } from '../staging/tablespace.js';
import { SystemDb } from '../system-db/system-db.js';
import {
  accountKindFromXaf,
  fromCents,
  fromMilli,
  journalTypeFromXaf,
  relationKindFromXaf,
  toCents,
  toMilli,
  vatAmount,
} from './xaf-map.js';

export interface XafImportInput extends ClientBooksInput {
  /** The file's size in bytes, for progress (when known). */
  readonly size?: number;
  readonly onPlan?: (plan: XafImportPlan) => Promise<void> | void;
}

export interface XafImportPlan {
  readonly number: number;
  readonly name: string;
  readonly databaseName: string;
  readonly overwrites: {
    readonly name: string;
    readonly identity: string;
    readonly transactions: number;
    readonly documents: number;
  } | null;
  /** What the file's header says. */
  readonly header: {
    readonly fiscalYear: string;
    readonly startDate: string;
    readonly endDate: string;
    readonly currency: string;
    readonly software: string | null;
  };
  readonly companyName: string;
  readonly activeLicence: { readonly number: string; readonly holder: string; readonly registeredUser: string };
  readonly users: ReadonlyArray<{ readonly userName: string; readonly fullName: string; readonly role: string }>;
}

export interface XafImportResult extends XafImportPlan {
  readonly counts: {
    readonly accounts: number;
    readonly relations: number;
    readonly vatCodes: number;
    readonly periods: number;
    readonly journals: number;
    readonly transactions: number;
    readonly lines: number;
    readonly openingLines: number;
  };
  readonly bytes: number;
  readonly seconds: number;
}

/** The largest amount numeric(18,2) holds, in cents. */
const maxCents = 10n ** 18n;

export async function importXaf(ctx: KluisContext, input: XafImportInput): Promise<XafImportPlan | XafImportResult> {
  const started = Date.now();
  checkPlacementInput(ctx.engine, input, 'xaf import');
  const accountant = withinMaxUsers(await accountantSide(ctx, input, 'xaf import'));
  const locks = guardOpen(ctx, accountant, input.to);
  let bytes = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of fileErrorsCoded(input.source as AsyncIterable<Buffer>)) {
      bytes += chunk.length;
      if (input.size) input.onProgress?.({ step: 'xaf-import', done: Math.min(bytes, input.size), total: input.size });
      // Small pieces: the events of one piece are alive until they are loaded, and fewer of them outlive a young collection.
      for (let at = 0; at < chunk.length; at += 16 * 1024) yield chunk.subarray(at, at + 16 * 1024);
    }
  }
  const events = readXaf(counted(), { path: input.path })[Symbol.asyncIterator]();
  try {
    const { header, companyName, pending } = await readHeader(events, input.path);
    const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
    try {
      const fallback = fallbackName(companyName, header.fiscalYear);
      const target = await resolveTarget(ctx, sys, input.to, input.replace, fallback, (existing, overwrites) => ({
        nl: `De auditfile inlezen over administratie ${formatAdminNumber(existing.number)} "${existing.name}" (${overwrites.transactions} transacties, ${overwrites.documents} documenten gaan verloren)`,
        en: `Importing the auditfile over administration ${formatAdminNumber(existing.number)} "${existing.name}" (${overwrites.transactions} transactions and ${overwrites.documents} documents will be lost)`,
      }));
      const l = accountant.licence.licence;
      let plan: XafImportPlan = {
        number: target.number,
        name: target.name,
        databaseName: adminDatabaseName(sys.name, target.number),
        overwrites: target.overwrites,
        header: {
          fiscalYear: header.fiscalYear,
          startDate: header.startDate,
          endDate: header.endDate,
          currency: header.curCode,
          software: header.softwareDesc
            ? `${header.softwareDesc}${header.softwareVersion ? ` ${header.softwareVersion}` : ''}`
            : null,
        },
        companyName,
        activeLicence: { number: l.number, holder: l.holder, registeredUser: l.registeredUser },
        users: accountant.users.map((u) => ({ userName: u.userName, fullName: u.fullName, role: u.role })),
      };
      await input.onPlan?.(plan);
      if (input.dryRun) return plan;
      const identity = target.existing?.identity ?? randomUUID();
      const swapInto = (plan: XafImportPlan) => {
        const swapTarget = {
          number: plan.number,
          name: plan.name,
          databaseName: plan.databaseName,
          identity,
          overwrites: plan.overwrites !== null,
        };
        return buildAndSwap(
          ctx,
          sys,
          'xaf-import',
          swapTarget,
          { file: input.path },
          async (staging, op) => {
            const placement = await preparePlacement(ctx.engine, input);
            await op.phase('planned', { staging, tablespace: placement?.tablespace ?? null });
            await ctx.engine.createDatabase(staging, placement ? { tablespace: placement.tablespace } : {});
            await op.phase('staging-created');
            // Read again now that the open administration is locked: what goes in is what it holds now.
            const current = withinMaxUsers(await accountantSide(ctx, input, 'xaf import'));
            const loaded = await new AuditfileLoader(ctx, staging, input.path, plan, identity, current, header).load(
              pending,
              events,
            );
            await op.phase('data-loaded');
            return {
              result: loaded,
              placed: { directory: placement?.directory ?? null, tablespace: placement?.tablespace ?? null },
            };
          },
          locks,
        );
      };
      // A new administration gets the lowest free number; if another operation takes it first, the next.
      for (let attempt = 1; ; attempt++) {
        try {
          const counts = await swapInto(plan);
          return { ...plan, counts, bytes, seconds: (Date.now() - started) / 1000 };
        } catch (err) {
          if (
            parseAdminRef(input.to).kind !== 'name' ||
            attempt >= freeNumberAttempts ||
            !numberTakenMeanwhile(err, plan.number)
          )
            throw err;
          const free = await sys.nextFreeNumber();
          if (free === undefined) throw new ToolError('ADMIN_NUMBERS_EXHAUSTED');
          plan = { ...plan, number: free, databaseName: adminDatabaseName(sys.name, free) };
        }
      }
    } finally {
      await sys.close();
    }
  } finally {
    await events.return?.(undefined).catch(() => undefined);
    input.source.destroy();
  }
}

/** The new administration runs under the accountant's licence: its users must fit in it. */
function withinMaxUsers(accountant: Accountant): Accountant {
  const l = accountant.licence.licence;
  if (accountant.users.length > l.maxUsers)
    throw new ToolError('LICENCE_MAX_USERS', { number: l.number, max: l.maxUsers });
  return accountant;
}

/** The chunks of a file stream; its own failure (the file vanished, a read error) as a coded error. */
async function* fileErrorsCoded(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (err) {
    const path = (err as { path?: unknown }).path;
    throw errnoOf(err) && typeof path === 'string' ? readFileError(err, path) : err;
  }
}

/**
 * Whether a file is an auditfile rather than a kluis backup: XML starts with
 * "<" (after a byte-order mark and white space); a backup starts with its
 * magic bytes. Only the first bytes are read.
 */
export function isAuditfile(path: string): boolean {
  const { fd } = openOrdinaryFile(path);
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    let bytes = head.subarray(0, n);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const text =
      bytes[0] === 0xff && bytes[1] === 0xfe
        ? bytes.subarray(2).toString('utf16le')
        : bytes[0] === 0xfe && bytes[1] === 0xff
          ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')
          : bytes.toString('latin1');
    return text.trimStart().startsWith('<');
  } finally {
    closeSync(fd);
  }
}

function fallbackName(companyName: string, fiscalYear: string): string {
  try {
    return validateAdminName(companyName.trim().slice(0, 60));
  } catch {
    return `Auditfile ${fiscalYear}`.slice(0, 60);
  }
}

interface Header {
  /** Where the header is in the file. */
  line: number;
  fiscalYear: string;
  startDate: string;
  endDate: string;
  curCode: string;
  softwareDesc?: string;
  softwareVersion?: string;
}

/** Reads up to the company's name (the plan needs it); the events read stay pending for the loader. */
async function readHeader(
  events: AsyncIterator<XafEvent>,
  path: string,
): Promise<{ header: Header; companyName: string; pending: XafEvent[] }> {
  const pending: XafEvent[] = [];
  let header: Header | undefined;
  for (;;) {
    const { value, done } = await events.next();
    if (done)
      throw new ToolError('XAF_INVALID', {
        path,
        line: 0,
        element: 'auditfile',
        reason: { nl: 'het bestand houdt op vóór de bedrijfsnaam', en: 'the file ends before the company name' },
      });
    pending.push(value);
    if (value.kind === 'record' && value.name === 'header')
      header = { ...(value.record as unknown as Omit<Header, 'line'>), line: value.line };
    if (value.kind === 'field' && value.path === 'company' && value.name === 'companyName')
      return { header: header!, companyName: value.value, pending };
  }
}

type CopyStream = NodeJS.WritableStream & NodeJS.EventEmitter;

/** COPY in text format, row by row, with back-pressure. */
class CopyRows {
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

/** The extras of a record: what is left once the modeled elements are taken out; null when nothing is. */
function extras(record: XafRecord, modeled: ReadonlySet<string>, keep: XafRecord = {}): string | null {
  let rest: XafRecord | undefined = Object.keys(keep).length ? { ...keep } : undefined;
  for (const k in record) {
    if (modeled.has(k) || record[k] === undefined) continue;
    rest ??= {};
    rest[k] = record[k];
  }
  return rest ? JSON.stringify(rest) : null;
}

/** The elements of each record that kluis keeps in columns of its own (docs/XAF.md). */
const modeled = {
  relation: new Set([
    'custSupID',
    'custSupName',
    'custSupTp',
    'taxRegIdent',
    'taxRegistrationCountry',
    'eMail',
    'streetAddress',
    'bankAccount',
  ]),
  account: new Set(['accID', 'accDesc', 'accTp']),
  vatCode: new Set(['vatID', 'vatDesc', 'vatToPayAccID', 'vatToClaimAccID']),
  period: new Set(['periodNumber', 'periodDesc', 'startDatePeriod', 'endDatePeriod']),
  line: new Set(['nr', 'accID', 'docRef', 'effDate', 'desc', 'amnt', 'amntTp', 'custSupID', 'vat', 'currency']),
} as const;

interface Totals {
  linesCount?: string;
  totalDebit?: string;
  totalCredit?: string;
  line: number;
  lines: number;
  debit: bigint;
  credit: bigint;
}

/** One auditfile into one staging database. */
class AuditfileLoader {
  readonly #accounts = new Set<string>();
  readonly #relations = new Map<string, number>();
  readonly #vatCodes = new Set<string>();
  /** Percentages the lines showed per VAT code (the standard keeps them on the lines only). */
  readonly #vatPercentages = new Map<string, bigint>();
  readonly #periods = new Set<number>();
  readonly #journals = new Set<string>();
  readonly #company: XafRecord = {};
  readonly #subledgers: Array<{ section: string; position: number; header: XafRecord; totals: Totals }> = [];
  readonly #counts = {
    accounts: 0,
    relations: 0,
    vatCodes: 0,
    periods: 0,
    journals: 0,
    transactions: 0,
    lines: 0,
    openingLines: 0,
  };
  readonly #year: number;
  #main!: pg.Client;
  #entriesClient!: pg.Client;
  #linesClient!: pg.Client;
  #section: CopyRows | undefined;
  #entries: CopyRows | undefined;
  #lines: CopyRows | undefined;
  #journal: string | undefined;
  #transaction:
    | {
        nr: string;
        date: string;
        line: number;
        fields: Record<string, string>;
        written: boolean;
        position: number;
        debit: bigint;
        credit: bigint;
      }
    | undefined;
  #entryId = 0;
  #lineId = 0;
  #transactionTotals: Totals | undefined;
  #opening: { fields: Record<string, string>; totals: Totals; written: boolean } | undefined;
  #subledger: { section: string; position: number; header: XafRecord; totals: Totals; lines: number } | undefined;

  constructor(
    private readonly ctx: KluisContext,
    private readonly staging: string,
    private readonly path: string,
    private readonly plan: XafImportPlan,
    private readonly identity: string,
    private readonly accountant: Accountant,
    private readonly header: Header,
  ) {
    this.#year = /^\d{4}$/.test(header.fiscalYear) ? Number(header.fiscalYear) : Number(header.endDate.slice(0, 4));
  }

  async load(pending: XafEvent[], events: AsyncIterator<XafEvent>): Promise<XafImportResult['counts']> {
    const clients: pg.Client[] = [];
    const connect = async () => {
      const c = await this.ctx.engine.connect(this.staging);
      clients.push(c);
      return c;
    };
    try {
      this.#main = await connect();
      const { deferredPost } = await migrate(this.#main, adminMigrations, this.staging, { deferPost: true });
      await this.#start();
      this.#entriesClient = await connect();
      this.#linesClient = await connect();
      for (const e of pending) await this.#event(e);
      for (;;) {
        const { value, done } = await events.next();
        if (done) break;
        await this.#event(value);
      }
      await this.#finish();
      await runPostPhases([this.#main, this.#entriesClient], deferredPost).catch((err) => {
        throw this.#translate(err);
      });
      await this.#main.query(`update counters set value = $1 where name = 'transactions'`, [this.#counts.lines]);
      await this.#main.query(continueIdentitiesSql);
      return this.#counts;
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  }

  /** A unique-key violation in the post phase is the file's fault: the same transaction number twice in a journal. */
  #translate(err: unknown): unknown {
    const e = err as { code?: string; constraint?: string; detail?: string };
    if (e.code === '23505' && e.constraint === 'journal_entries_number_key') {
      const m = /\(journal_code, entry_number\)=\((.*), (.*)\)/.exec(e.detail ?? '');
      return this.#check('?', 'transaction', {
        nl: `transactie ${m?.[2] ?? '?'} staat twee keer in dagboek ${m?.[1] ?? '?'}`,
        en: `transaction ${m?.[2] ?? '?'} appears twice in journal ${m?.[1] ?? '?'}`,
      });
    }
    return err;
  }

  async #start(): Promise<void> {
    const c = this.#main;
    const h = this.header;
    await c.query('begin');
    await c.query('insert into settings (number, name, identity, currency) values ($1, $2, $3, $4)', [
      this.plan.number,
      this.plan.name,
      this.identity,
      h.curCode,
    ]);
    await c
      .query('insert into fiscal_years (year, start_date, end_date, xaf) values ($1, $2, $3, $4)', [
        this.#year,
        h.startDate.slice(0, 10),
        h.endDate.slice(0, 10),
        String(this.#year) === h.fiscalYear ? null : JSON.stringify({ fiscalYear: h.fiscalYear }),
      ])
      .catch((err: { code?: string }) => {
        throw err.code === '23514'
          ? this.#check(h.line, 'header', {
              nl: 'de einddatum van het boekjaar ligt niet na de begindatum',
              en: 'the fiscal year does not end after it starts',
            })
          : err;
      });
    await c.query(`insert into licences (role, document) values ('active', $1)`, [
      JSON.stringify(this.accountant.licence),
    ]);
    for (const u of this.accountant.users) {
      await c.query(
        `insert into users (user_name, full_name, role, password_hash, active, origin) values ($1, $2, $3, $4, true, 'own')`,
        [u.userName, u.fullName, u.role, u.passwordHash],
      );
    }
    await c.query(
      `insert into audit_log (user_name, action, object, details) values ($1, 'xaf.imported', 'administration', $2)`,
      [
        this.accountant.licence.licence.registeredUser,
        JSON.stringify({ file: this.path, fiscalYear: h.fiscalYear, software: this.plan.header.software }),
      ],
    );
    await c.query('commit');
  }

  #check(line: number | '?', element: string, reason: Localized): ToolError {
    return new ToolError('XAF_CHECK_FAILED', { path: this.path, line, element, reason });
  }

  #beyond(line: number, element: string, reason: Localized): ToolError {
    return new ToolError('XAF_BEYOND_KLUIS', { path: this.path, line, element, reason });
  }

  /** An amount as cents, within what kluis stores. */
  #cents(amount: string, line: number, element: string): bigint {
    const cents = toCents(amount);
    if (cents >= maxCents || cents <= -maxCents)
      throw this.#beyond(line, element, {
        nl: `het bedrag ${amount} is groter dan kluis bewaart (16 cijfers voor de komma)`,
        en: `the amount ${amount} is larger than kluis keeps (16 digits before the point)`,
      });
    return cents;
  }

  async #openSection(table: string, columns: readonly string[]): Promise<CopyRows> {
    await this.#endSection();
    this.#section = await CopyRows.open(this.#main, table, columns);
    return this.#section;
  }

  async #endSection(): Promise<void> {
    if (this.#section) await this.#section.end();
    this.#section = undefined;
  }

  async #event(e: XafEvent): Promise<void> {
    switch (e.kind) {
      case 'open':
        return this.#open(e.path, e.line);
      case 'close':
        return this.#close(e.path);
      case 'field':
        return this.#field(e.path, e.name, e.value, e.line);
      case 'record':
        return this.#record(e.path, e.name, e.record, e.line);
    }
  }

  async #open(path: string, line: number): Promise<void> {
    switch (path) {
      case 'company/customersSuppliers':
        await this.#openSection('relations', [
          'id',
          'code',
          'name',
          'kind',
          'vat_number',
          'iban',
          'city',
          'country',
          'email',
          'xaf',
        ]);
        return;
      case 'company/generalLedger':
        await this.#openSection('accounts', ['code', 'name', 'kind', 'debit_credit', 'xaf']);
        return;
      case 'company/vatCodes':
        await this.#openSection('vat_codes', ['code', 'description', 'pay_account', 'claim_account', 'xaf']);
        return;
      case 'company/periods':
        await this.#openSection('periods', ['fiscal_year', 'number', 'description', 'start_date', 'end_date', 'xaf']);
        return;
      case 'company/openingBalance':
        await this.#endSection();
        this.#opening = { fields: {}, totals: { line, lines: 0, debit: 0n, credit: 0n }, written: false };
        return;
      case 'company/transactions':
        await this.#endSection();
        this.#transactionTotals = { line, lines: 0, debit: 0n, credit: 0n };
        this.#entries = await CopyRows.open(this.#entriesClient, 'journal_entries', [
          'id',
          'journal_code',
          'entry_number',
          'entry_date',
          'fiscal_year',
          'period',
          'description',
          'created_by',
          'xaf',
        ]);
        this.#lines = await CopyRows.open(this.#linesClient, 'journal_lines', [
          'id',
          'entry_id',
          'line_no',
          'account_code',
          'description',
          'debit',
          'credit',
          'vat_code',
          'effective_date',
          'document_ref',
          'relation_id',
          'currency_code',
          'currency_amount',
          'xaf',
        ]);
        return;
      case 'company/transactions/journal':
        this.#journal = undefined;
        return;
      case 'company/transactions/journal/transaction':
        this.#transaction = { nr: '', date: '', line, fields: {}, written: false, position: 0, debit: 0n, credit: 0n };
        return;
      case 'company/openingBalance/obSubledgers':
      case 'company/transactions/subledgers':
        await this.#endSection();
        if (path.startsWith('company/openingBalance')) await this.#writeOpening();
        await this.#openSection('xaf_subledger_lines', ['section', 'subledger', 'position', 'content']);
        return;
      case 'company/openingBalance/obSubledgers/obSubledger':
      case 'company/transactions/subledgers/subledger': {
        const section = path.startsWith('company/openingBalance') ? 'opening' : 'transactions';
        this.#subledger = {
          section,
          position: this.#subledgers.filter((s) => s.section === section).length + 1,
          header: {},
          totals: { line, lines: 0, debit: 0n, credit: 0n },
          lines: 0,
        };
        return;
      }
      default:
        return;
    }
  }

  async #field(path: string, name: string, value: string, line: number): Promise<void> {
    switch (path) {
      case 'company':
        this.#company[name] = value;
        return;
      case 'company/openingBalance':
        this.#opening!.fields[name] = value;
        if (name === 'linesCount' || name === 'totalDebit' || name === 'totalCredit')
          this.#opening!.totals[name] = value;
        return;
      case 'company/transactions':
        this.#transactionTotals![name as 'linesCount'] = value;
        return;
      case 'company/transactions/journal':
        if (name === 'jrnID') this.#journalFields = { jrnID: value, line: String(line) };
        else this.#journalFields[name] = value;
        this.#journal = this.#journalFields.jrnID;
        return;
      case 'company/transactions/journal/transaction':
        await this.#writeJournal();
        this.#transaction!.fields[name] = value;
        return;
      case 'company/openingBalance/obSubledgers/obSubledger':
      case 'company/transactions/subledgers/subledger':
        this.#subledger!.header[name] = value;
        if (name === 'linesCount' || name === 'totalDebit' || name === 'totalCredit')
          this.#subledger!.totals[name] = value;
        return;
      default:
        return;
    }
  }

  #journalFields: Record<string, string> = {};
  #journalWritten = false;

  /** A journal's row, once its header fields are all read (at its first transaction or its end). */
  async #writeJournal(): Promise<void> {
    if (this.#journalWritten) return;
    const f = this.#journalFields;
    const line = Number(f.line);
    if (this.#journals.has(f.jrnID!))
      throw this.#check(line, 'journal/jrnID', {
        nl: `dagboek ${f.jrnID} staat twee keer in de auditfile`,
        en: `journal ${f.jrnID} appears twice in the auditfile`,
      });
    this.#journals.add(f.jrnID!);
    this.#journalWritten = true;
    const type = f.jrnTp !== undefined ? journalTypeFromXaf[f.jrnTp] : undefined;
    const extra: XafRecord = {};
    if (type === undefined) extra.jrnTp = (f.jrnTp ?? null) as string;
    if (f.offsetAccID !== undefined) extra.offsetAccID = f.offsetAccID;
    if (f.bankAccNr !== undefined) extra.bankAccNr = f.bankAccNr;
    await this.#main.query('insert into journals (code, name, type, xaf) values ($1, $2, $3, $4)', [
      f.jrnID,
      f.desc,
      type ?? 'general',
      Object.keys(extra).length ? JSON.stringify(extra) : null,
    ]);
    this.#counts.journals++;
  }

  async #record(path: string, name: string, r: XafRecord, line: number): Promise<void> {
    switch (`${path}/${name}`) {
      case 'company/streetAddress':
      case 'company/postalAddress':
        this.#company[name] ??= [];
        (this.#company[name] as XafRecord[]).push(r);
        return;
      case 'company/customersSuppliers/customerSupplier':
        return this.#relation(r, line);
      case 'company/generalLedger/ledgerAccount':
        return this.#account(r, line);
      case 'company/generalLedger/basics/basic':
        this.#company.basics ??= [];
        (this.#company.basics as XafRecord[]).push(r);
        return;
      case 'company/vatCodes/vatCode':
        return this.#vatCode(r, line);
      case 'company/periods/period':
        return this.#period(r, line);
      case 'company/openingBalance/obLine':
        return this.#obLine(r, line);
      case 'company/transactions/journal/transaction/trLine':
        return this.#trLine(r, line);
      case 'company/openingBalance/obSubledgers/obSubledger/obSbLine':
      case 'company/transactions/subledgers/subledger/sbLine':
        return this.#subledgerLine(r, line);
      default:
        return;
    }
  }

  async #relation(r: XafRecord, line: number): Promise<void> {
    const code = r.custSupID as string;
    if (this.#relations.has(code))
      throw this.#check(line, 'customerSupplier/custSupID', {
        nl: `relatie ${code} staat twee keer in de auditfile`,
        en: `relation ${code} appears twice in the auditfile`,
      });
    const id = this.#relations.size + 1;
    this.#relations.set(code, id);
    const keep: XafRecord = {};
    const tp = r.custSupTp as string | undefined;
    if (tp === undefined) keep.custSupTp = null as unknown as string;
    if (r.taxRegistrationCountry === undefined) keep.taxRegistrationCountry = null as unknown as string;
    const streets = r.streetAddress as XafRecord[] | undefined;
    const simpleStreet =
      streets?.length === 1 && Object.keys(streets[0]!).length === 1 && typeof streets[0]!.city === 'string';
    if (streets && !simpleStreet) keep.streetAddress = streets;
    const banks = r.bankAccount as XafRecord[] | undefined;
    const simpleBank = banks?.length === 1 && Object.keys(banks[0]!).length === 1;
    if (banks && !simpleBank) keep.bankAccount = banks;
    await this.#section!.row([
      id,
      code,
      (r.custSupName as string | undefined) ?? '',
      tp ? relationKindFromXaf[tp] : 'both',
      r.taxRegIdent as string | undefined,
      banks?.[0]?.bankAccNr as string | undefined,
      streets?.find((s) => s.city)?.city as string | undefined,
      (r.taxRegistrationCountry as string | undefined) ?? 'NL',
      r.eMail as string | undefined,
      extras(r, modeled.relation, keep),
    ]);
    this.#counts.relations++;
  }

  async #account(r: XafRecord, line: number): Promise<void> {
    const code = r.accID as string;
    if (this.#accounts.has(code))
      throw this.#check(line, 'ledgerAccount/accID', {
        nl: `grootboekrekening ${code} staat twee keer in de auditfile`,
        en: `ledger account ${code} appears twice in the auditfile`,
      });
    this.#accounts.add(code);
    await this.#section!.row([
      code,
      r.accDesc as string,
      accountKindFromXaf[r.accTp as string],
      'D',
      extras(r, modeled.account),
    ]);
    this.#counts.accounts++;
  }

  #knownAccount(code: string | undefined, line: number, element: string): void {
    if (code !== undefined && !this.#accounts.has(code))
      throw this.#check(line, element, {
        nl: `grootboekrekening ${code} staat niet in het grootboek van de auditfile`,
        en: `ledger account ${code} is not in the auditfile's general ledger`,
      });
  }

  async #vatCode(r: XafRecord, line: number): Promise<void> {
    const code = r.vatID as string;
    if (this.#vatCodes.has(code))
      throw this.#check(line, 'vatCode/vatID', {
        nl: `btw-code ${code} staat twee keer in de auditfile`,
        en: `VAT code ${code} appears twice in the auditfile`,
      });
    this.#vatCodes.add(code);
    this.#knownAccount(r.vatToPayAccID as string | undefined, line, 'vatCode/vatToPayAccID');
    this.#knownAccount(r.vatToClaimAccID as string | undefined, line, 'vatCode/vatToClaimAccID');
    await this.#section!.row([
      code,
      r.vatDesc as string,
      r.vatToPayAccID as string | undefined,
      r.vatToClaimAccID as string | undefined,
      extras(r, modeled.vatCode),
    ]);
    this.#counts.vatCodes++;
  }

  async #period(r: XafRecord, line: number): Promise<void> {
    const number = Number(r.periodNumber);
    if (this.#periods.has(number))
      throw this.#check(line, 'period/periodNumber', {
        nl: `periode ${number} staat twee keer in de auditfile`,
        en: `period ${number} appears twice in the auditfile`,
      });
    this.#periods.add(number);
    const start = (r.startDatePeriod as string).slice(0, 10);
    const end = (r.endDatePeriod as string).slice(0, 10);
    if (end < start)
      throw this.#check(line, 'period', {
        nl: `periode ${number} eindigt vóór ze begint`,
        en: `period ${number} ends before it starts`,
      });
    await this.#section!.row([
      this.#year,
      number,
      r.periodDesc as string | undefined,
      start,
      end,
      extras(r, modeled.period),
    ]);
    this.#counts.periods++;
  }

  async #writeOpening(): Promise<void> {
    const o = this.#opening!;
    if (o.written) return;
    o.written = true;
    await this.#main.query(
      'insert into opening_balances (fiscal_year, balance_date, description) values ($1, $2, $3)',
      [this.#year, o.fields.opBalDate!.slice(0, 10), o.fields.opBalDesc ?? null],
    );
  }

  async #obLine(r: XafRecord, line: number): Promise<void> {
    if (!this.#section) {
      await this.#writeOpening();
      this.#section = await CopyRows.open(this.#main, 'opening_balance_lines', [
        'fiscal_year',
        'position',
        'nr',
        'account_code',
        'debit',
        'credit',
      ]);
    }
    this.#knownAccount(r.accID as string, line, 'obLine/accID');
    const cents = this.#cents(r.amnt as string, line, 'obLine/amnt');
    const side = this.#add(this.#opening!.totals, cents, r.amntTp as string);
    const abs = cents < 0n ? -cents : cents;
    await this.#section.row([
      this.#year,
      ++this.#counts.openingLines,
      r.nr as string,
      r.accID as string,
      side === 'D' ? fromCents(abs) : '0.00',
      side === 'C' ? fromCents(abs) : '0.00',
    ]);
  }

  /** Adds a line to totals as the standard counts them; returns the side the line ends up on in kluis (a negative amount changes sides). */
  #add(totals: Totals, cents: bigint, type: string): 'D' | 'C' {
    totals.lines++;
    if (type === 'D') totals.debit += cents;
    else totals.credit += cents;
    return cents < 0n === (type === 'D') ? 'C' : 'D';
  }

  #checkTotals(t: Totals, element: string): void {
    const said = { lines: t.linesCount, debit: t.totalDebit, credit: t.totalCredit };
    if (said.lines !== undefined && BigInt(said.lines) !== BigInt(t.lines)) {
      throw this.#check(t.line, `${element}/linesCount`, {
        nl: `linesCount zegt ${said.lines}, er zijn ${t.lines} regels`,
        en: `linesCount says ${said.lines}, there are ${t.lines} lines`,
      });
    }
    if (said.debit !== undefined && toCents(said.debit) !== t.debit) {
      throw this.#check(t.line, `${element}/totalDebit`, {
        nl: `totalDebit zegt ${said.debit}, de regels tellen op tot ${fromCents(t.debit)}`,
        en: `totalDebit says ${said.debit}, the lines add up to ${fromCents(t.debit)}`,
      });
    }
    if (said.credit !== undefined && toCents(said.credit) !== t.credit) {
      throw this.#check(t.line, `${element}/totalCredit`, {
        nl: `totalCredit zegt ${said.credit}, de regels tellen op tot ${fromCents(t.credit)}`,
        en: `totalCredit says ${said.credit}, the lines add up to ${fromCents(t.credit)}`,
      });
    }
  }

  async #writeTransaction(): Promise<void> {
    const t = this.#transaction!;
    if (t.written) return;
    t.written = true;
    const f = t.fields;
    t.nr = f.nr!;
    t.date = f.trDt!.slice(0, 10);
    const period = Number(f.periodNumber);
    if (!this.#periods.has(period))
      throw this.#check(t.line, 'transaction/periodNumber', {
        nl: `periode ${period} staat niet bij de perioden van de auditfile`,
        en: `period ${period} is not among the auditfile's periods`,
      });
    const extra: XafRecord = {};
    for (const k of ['amnt', 'amntTp', 'sourceID'] as const) if (f[k] !== undefined) extra[k] = f[k];
    if (f.trDt !== t.date) extra.trDt = f.trDt!;
    this.#entryId++;
    await this.#entries!.row([
      this.#entryId,
      this.#journal,
      t.nr,
      t.date,
      this.#year,
      period,
      f.desc ?? '',
      f.userID ?? '',
      Object.keys(extra).length ? JSON.stringify(extra) : null,
    ]);
    this.#counts.transactions++;
  }

  async #trLine(r: XafRecord, line: number): Promise<void> {
    await this.#writeTransaction();
    const t = this.#transaction!;
    const position = ++t.position;
    if (position > 32767)
      throw this.#beyond(line, 'trLine', {
        nl: `transactie ${t.nr} heeft meer dan 32767 regels`,
        en: `transaction ${t.nr} has more than 32767 lines`,
      });
    const accID = r.accID as string;
    this.#knownAccount(accID, line, 'trLine/accID');
    const cents = this.#cents(r.amnt as string, line, 'trLine/amnt');
    const type = r.amntTp as string;
    const side = this.#add(this.#transactionTotals!, cents, type);
    const abs = cents < 0n ? -cents : cents;
    if (side === 'D') t.debit += abs;
    else t.credit += abs;
    const keep: XafRecord = {};
    if (r.nr !== String(position)) keep.nr = r.nr as string;
    if (cents < 0n) Object.assign(keep, { amnt: r.amnt as string, amntTp: type });
    const custSupID = r.custSupID as string | undefined;
    const relation = custSupID === undefined ? null : this.#relations.get(custSupID);
    if (relation === undefined)
      throw this.#check(line, 'trLine/custSupID', {
        nl: `relatie ${custSupID} staat niet bij de relaties van de auditfile`,
        en: `relation ${custSupID} is not among the auditfile's relations`,
      });
    const vatCode = this.#vat(r.vat as XafRecord[] | undefined, abs, side, line, keep);
    const currency = r.currency as XafRecord | undefined;
    if (currency) this.#cents(currency.curAmnt as string, line, 'trLine/currency/curAmnt');
    const effDate = (r.effDate as string).slice(0, 10);
    if (effDate !== r.effDate) keep.effDate = r.effDate as string;
    const docRef = r.docRef as string;
    await this.#lines!.row([
      ++this.#lineId,
      this.#entryId,
      position,
      accID,
      (r.desc as string | undefined) ?? '',
      side === 'D' ? fromCents(abs) : '0.00',
      side === 'C' ? fromCents(abs) : '0.00',
      vatCode,
      effDate === t.date ? null : effDate,
      docRef === t.nr ? null : docRef,
      relation,
      currency?.curCode as string | undefined,
      currency?.curAmnt as string | undefined,
      extras(r, modeled.line, keep),
    ]);
    this.#counts.lines++;
  }

  /**
   * A line's VAT: the code goes in kluis's column; the amounts are kept only
   * when they are not what the code's percentage gives (the first line with a
   * code sets its percentage, as the standard keeps percentages on lines only).
   */
  #vat(vat: XafRecord[] | undefined, abs: bigint, side: 'D' | 'C', line: number, keep: XafRecord): string | null {
    if (!vat || vat.length === 0) return null;
    for (const v of vat) {
      if (!this.#vatCodes.has(v.vatID as string))
        throw this.#check(line, 'trLine/vat/vatID', {
          nl: `btw-code ${v.vatID} staat niet bij de btw-codes van de auditfile`,
          en: `VAT code ${v.vatID} is not among the auditfile's VAT codes`,
        });
      this.#cents(v.vatAmnt as string, line, 'trLine/vat/vatAmnt');
    }
    const first = vat[0]!;
    const code = first.vatID as string;
    const percentage = toMilli(first.vatPerc as string);
    if (!this.#vatPercentages.has(code)) this.#vatPercentages.set(code, percentage);
    const standard =
      vat.length === 1 &&
      this.#vatPercentages.get(code) === percentage &&
      first.vatPerc === fromMilli(percentage) &&
      first.vatAmntTp === side &&
      first.vatAmnt === fromCents(vatAmount(abs, percentage));
    if (!standard) keep.vat = vat;
    return code;
  }

  async #subledgerLine(r: XafRecord, line: number): Promise<void> {
    const s = this.#subledger!;
    if (r.custSupID !== undefined && !this.#relations.has(r.custSupID as string))
      throw this.#check(line, 'custSupID', {
        nl: `relatie ${r.custSupID} staat niet bij de relaties van de auditfile`,
        en: `relation ${r.custSupID} is not among the auditfile's relations`,
      });
    if (r.jrnID !== undefined && !this.#journals.has(r.jrnID as string))
      throw this.#check(line, 'sbLine/jrnID', {
        nl: `dagboek ${r.jrnID} staat niet bij de dagboeken van de auditfile`,
        en: `journal ${r.jrnID} is not among the auditfile's journals`,
      });
    for (const v of (r.vat as XafRecord[] | undefined) ?? []) {
      if (!this.#vatCodes.has(v.vatID as string))
        throw this.#check(line, 'vat/vatID', {
          nl: `btw-code ${v.vatID} staat niet bij de btw-codes van de auditfile`,
          en: `VAT code ${v.vatID} is not among the auditfile's VAT codes`,
        });
    }
    this.#add(s.totals, this.#cents(r.amnt as string, line, 'amnt'), r.amntTp as string);
    await this.#section!.row([s.section, s.position, ++s.lines, JSON.stringify(r)]);
  }

  async #close(path: string): Promise<void> {
    switch (path) {
      case 'company/customersSuppliers':
      case 'company/generalLedger':
      case 'company/vatCodes':
      case 'company/periods':
        await this.#endSection();
        return;
      case 'company/openingBalance':
        await this.#writeOpening();
        await this.#endSection();
        this.#checkTotals(this.#opening!.totals, 'openingBalance');
        return;
      case 'company/transactions/journal':
        await this.#writeJournal();
        this.#journalWritten = false;
        this.#journalFields = {};
        return;
      case 'company/transactions/journal/transaction': {
        await this.#writeTransaction();
        const t = this.#transaction!;
        if (t.debit !== t.credit) {
          throw this.#check(t.line, 'transaction', {
            nl: `transactie ${t.nr} in dagboek ${this.#journal} is niet in balans: debet ${fromCents(t.debit)}, credit ${fromCents(t.credit)}`,
            en: `transaction ${t.nr} in journal ${this.#journal} does not balance: debit ${fromCents(t.debit)}, credit ${fromCents(t.credit)}`,
          });
        }
        return;
      }
      case 'company/transactions': {
        this.#checkTotals(this.#transactionTotals!, 'transactions');
        await Promise.all([this.#entries!.end(), this.#lines!.end()]);
        this.#entries = undefined;
        this.#lines = undefined;
        return;
      }
      case 'company/openingBalance/obSubledgers/obSubledger':
      case 'company/transactions/subledgers/subledger': {
        const s = this.#subledger!;
        this.#checkTotals(s.totals, path.split('/').pop()!);
        this.#subledgers.push(s);
        this.#subledger = undefined;
        return;
      }
      case 'company/openingBalance/obSubledgers':
      case 'company/transactions/subledgers':
        await this.#endSection();
        return;
      default:
        return;
    }
  }

  /** After the last element: what is kept whole (company, subledger headers), and the percentages the lines showed. */
  async #finish(): Promise<void> {
    await this.#endSection();
    const c = this.#main;
    const company = { ...this.#company };
    if (company.companyName === this.plan.name) delete company.companyName;
    await c.query('update settings set xaf = $1', [Object.keys(company).length ? JSON.stringify(company) : null]);
    for (const s of this.#subledgers)
      await c.query('insert into xaf_subledgers (section, position, header) values ($1, $2, $3)', [
        s.section,
        s.position,
        JSON.stringify(s.header),
      ]);
    for (const [code, milli] of this.#vatPercentages)
      await c.query('update vat_codes set percentage = $2 where code = $1', [code, fromMilli(milli)]);
  }
}
