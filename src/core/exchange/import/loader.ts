/**
 * One auditfile into one staging database, in one pass over the reader's
 * events (open, field, record, close). Each record is checked (checks.ts),
 * made a row (rows.ts) and streamed with COPY (copy-rows.ts), section by
 * section on one connection; the transactions section (transactions.ts) on
 * two connections of its own. The first fault stops everything.
 */
import type pg from 'pg';
import type { XafEvent, XafRecord } from '../../../xaf/index.js';
import { adminMigrations, continueIdentitiesSql } from '../../admin-db/admin-schema.js';
import type { Accountant } from '../../client/install-client.js';
import type { KluisContext } from '../../context.js';
import { migrate, runPostPhases } from '../../migrations/migrator.js';
import { fromCents } from '../xaf-map.js';
import { writeAdministration, writeKeptWhole } from './administration.js';
import {
  AuditfileKeys,
  addLine,
  centsOrStop,
  checkPeriodDates,
  checkTotals,
  duplicateTransaction,
  type Fault,
  faultError,
  newTotals,
  stopAt,
  type Totals,
} from './checks.js';
import { CopyRows } from './copy-rows.js';
import type { Header } from './header.js';
import { accountRow, columns, periodDates, periodRow, relationRow, vatCodeRow } from './rows.js';
import { TransactionsSection } from './transactions.js';
import type { XafImportPlan, XafImportResult } from './types.js';

interface Subledger {
  section: string;
  position: number;
  header: XafRecord;
  totals: Totals;
  lines: number;
}

export class AuditfileLoader {
  readonly #keys = new AuditfileKeys();
  readonly #vatPercentages = new Map<string, bigint>();
  readonly #company: XafRecord = {};
  readonly #subledgers: Subledger[] = [];
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
  #transactions: TransactionsSection | undefined;
  #opening: { fields: Record<string, string>; totals: Totals; written: boolean } | undefined;
  #subledger: Subledger | undefined;

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

  /** Loads every section, then builds keys and indexes; `progress` counts those builds (done, total). */
  async load(
    pending: XafEvent[],
    events: AsyncIterator<XafEvent>,
    progress: (done: number, total: number) => void = () => undefined,
  ): Promise<XafImportResult['counts']> {
    const clients: pg.Client[] = [];
    const connect = async () => {
      const c = await this.ctx.engine.connect(this.staging);
      clients.push(c);
      return c;
    };
    try {
      this.#main = await connect();
      const { deferredPost } = await migrate(this.#main, adminMigrations, this.staging, { deferPost: true });
      const { path, plan, identity, accountant, header } = this;
      await writeAdministration(this.#main, { path, plan, identity, accountant, header, year: this.#year });
      this.#entriesClient = await connect();
      this.#linesClient = await connect();
      for (const e of pending) await this.#event(e);
      for (;;) {
        const { value, done } = await events.next();
        if (done) break;
        await this.#event(value);
      }
      await this.#endSection();
      await writeKeptWhole(this.#main, {
        name: this.plan.name,
        company: this.#company,
        subledgers: this.#subledgers,
        vatPercentages: this.#vatPercentages,
      });
      const total = deferredPost.flat().length;
      let built = 0;
      progress(0, total);
      await runPostPhases([this.#main, this.#entriesClient], deferredPost, undefined, () =>
        progress(++built, total),
      ).catch((err) => {
        const fault = duplicateTransaction(err);
        throw fault ? faultError(this.path, fault) : err;
      });
      await this.#main.query(`update counters set value = $1 where name = 'transactions'`, [this.#counts.lines]);
      await this.#main.query(continueIdentitiesSql);
      return this.#counts;
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  }

  /** Stops at a fault, naming the file. */
  #guard(fault: Fault | undefined): void {
    stopAt(this.path, fault);
  }

  /** An amount as cents, within what kluis stores. */
  #cents(amount: string, line: number, element: string): bigint {
    return centsOrStop(this.path, amount, line, element);
  }

  async #openSection(table: string, names: readonly string[]): Promise<CopyRows> {
    await this.#endSection();
    this.#section = await CopyRows.open(this.#main, table, names);
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
        await this.#openSection('relations', columns.relations);
        return;
      case 'company/generalLedger':
        await this.#openSection('accounts', columns.accounts);
        return;
      case 'company/vatCodes':
        await this.#openSection('vat_codes', columns.vatCodes);
        return;
      case 'company/periods':
        await this.#openSection('periods', columns.periods);
        return;
      case 'company/openingBalance':
        await this.#endSection();
        this.#opening = { fields: {}, totals: newTotals(line), written: false };
        return;
      case 'company/transactions': {
        await this.#endSection();
        const at = {
          path: this.path,
          year: this.#year,
          keys: this.#keys,
          counts: this.#counts,
          vatPercentages: this.#vatPercentages,
          main: this.#main,
        };
        this.#transactions = await TransactionsSection.open(at, line, this.#entriesClient, this.#linesClient);
        return;
      }
      case 'company/transactions/journal':
        this.#transactions!.openJournal();
        return;
      case 'company/transactions/journal/transaction':
        this.#transactions!.openTransaction(line);
        return;
      case 'company/openingBalance/obSubledgers':
      case 'company/transactions/subledgers':
        await this.#endSection();
        if (path.startsWith('company/openingBalance')) await this.#writeOpening();
        await this.#openSection('xaf_subledger_lines', columns.subledgerLines);
        return;
      case 'company/openingBalance/obSubledgers/obSubledger':
      case 'company/transactions/subledgers/subledger': {
        const section = path.startsWith('company/openingBalance') ? 'opening' : 'transactions';
        const position = this.#subledgers.filter((s) => s.section === section).length + 1;
        this.#subledger = { section, position, header: {}, totals: newTotals(line), lines: 0 };
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
        this.#transactions!.totals[name as 'linesCount'] = value;
        return;
      case 'company/transactions/journal':
        this.#transactions!.journalField(name, value, line);
        return;
      case 'company/transactions/journal/transaction':
        await this.#transactions!.transactionField(name, value);
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

  async #record(path: string, name: string, r: XafRecord, line: number): Promise<void> {
    switch (`${path}/${name}`) {
      case 'company/streetAddress':
      case 'company/postalAddress':
      case 'company/generalLedger/basics/basic': {
        const key = name === 'basic' ? 'basics' : name;
        this.#company[key] ??= [];
        (this.#company[key] as XafRecord[]).push(r);
        return;
      }
      case 'company/customersSuppliers/customerSupplier':
        this.#guard(this.#keys.declare('relation', r.custSupID as string, line, 'customerSupplier/custSupID'));
        await this.#section!.row(relationRow(r, this.#keys.relationId(r.custSupID as string)!));
        this.#counts.relations++;
        return;
      case 'company/generalLedger/ledgerAccount':
        this.#guard(this.#keys.declare('account', r.accID as string, line, 'ledgerAccount/accID'));
        await this.#section!.row(accountRow(r));
        this.#counts.accounts++;
        return;
      case 'company/vatCodes/vatCode':
        this.#guard(this.#keys.declare('vatCode', r.vatID as string, line, 'vatCode/vatID'));
        this.#guard(this.#keys.refer('account', r.vatToPayAccID as string | undefined, line, 'vatCode/vatToPayAccID'));
        this.#guard(
          this.#keys.refer('account', r.vatToClaimAccID as string | undefined, line, 'vatCode/vatToClaimAccID'),
        );
        await this.#section!.row(vatCodeRow(r));
        this.#counts.vatCodes++;
        return;
      case 'company/periods/period': {
        const number = Number(r.periodNumber);
        this.#guard(this.#keys.declare('period', number, line, 'period/periodNumber'));
        const { start, end } = periodDates(r);
        this.#guard(checkPeriodDates(number, start, end, line));
        await this.#section!.row(periodRow(r, this.#year));
        this.#counts.periods++;
        return;
      }
      case 'company/openingBalance/obLine':
        return this.#obLine(r, line);
      case 'company/transactions/journal/transaction/trLine':
        return this.#transactions!.line(r, line);
      case 'company/openingBalance/obSubledgers/obSubledger/obSbLine':
      case 'company/transactions/subledgers/subledger/sbLine':
        return this.#subledgerLine(r, line);
      default:
        return;
    }
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
      this.#section = await CopyRows.open(this.#main, 'opening_balance_lines', columns.openingLines);
    }
    this.#guard(this.#keys.refer('account', r.accID as string, line, 'obLine/accID'));
    const cents = this.#cents(r.amnt as string, line, 'obLine/amnt');
    const side = addLine(this.#opening!.totals, cents, r.amntTp as string);
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

  async #subledgerLine(r: XafRecord, line: number): Promise<void> {
    const s = this.#subledger!;
    this.#guard(this.#keys.refer('relation', r.custSupID as string | undefined, line, 'custSupID'));
    this.#guard(this.#keys.refer('journal', r.jrnID as string | undefined, line, 'sbLine/jrnID'));
    for (const v of (r.vat as XafRecord[] | undefined) ?? [])
      this.#guard(this.#keys.refer('vatCode', v.vatID as string, line, 'vat/vatID'));
    addLine(s.totals, this.#cents(r.amnt as string, line, 'amnt'), r.amntTp as string);
    await this.#section!.row([s.section, s.position, ++s.lines, JSON.stringify(r)]);
  }

  async #close(path: string): Promise<void> {
    switch (path) {
      case 'company/customersSuppliers':
      case 'company/generalLedger':
      case 'company/vatCodes':
      case 'company/periods':
      case 'company/openingBalance/obSubledgers':
      case 'company/transactions/subledgers':
        await this.#endSection();
        return;
      case 'company/openingBalance':
        await this.#writeOpening();
        await this.#endSection();
        this.#guard(checkTotals(this.#opening!.totals, 'openingBalance'));
        return;
      case 'company/transactions/journal':
        await this.#transactions!.closeJournal();
        return;
      case 'company/transactions/journal/transaction':
        await this.#transactions!.closeTransaction();
        return;
      case 'company/transactions':
        await this.#transactions!.close();
        this.#transactions = undefined;
        return;
      case 'company/openingBalance/obSubledgers/obSubledger':
      case 'company/transactions/subledgers/subledger': {
        const s = this.#subledger!;
        this.#guard(checkTotals(s.totals, path.split('/').pop()!));
        this.#subledgers.push(s);
        this.#subledger = undefined;
        return;
      }
      default:
        return;
    }
  }
}
