/**
 * Random, valid edits of an administration's books as SQL, seeded, for
 * either side of a hand-out (issue 22):
 *
 * - the accountant corrects, adds and removes entries dated on or before
 *   the dividing date, changes accounts, relations and VAT codes, and closes
 *   a fiscal year that has ended by then;
 * - the client books after the dividing date, corrects and removes entries
 *   after it, and changes relations and accounts; now and then (when asked)
 *   an entry on or before the date with the lock bypassed — the case the
 *   design settles with `locked-period-changed`.
 *
 * A generator keeps its side's books as a model (test/helpers/change-books.ts)
 * and applies every edit to it as it makes it, so that the next edit is
 * valid on what the database then holds (an entry's lines balance, a
 * removed object is used by nothing on that side). `readBooks` after
 * `runEdits` must equal `generator.books`: the property test checks that
 * first, so the model of each side is proved before the merge is judged.
 *
 * New codes are mostly kept apart (the accountant's A…/48xx/A1…, the
 * client's K…/47xx), now and then shared (G…, 455x: both may add one, which
 * the apply merges field by field). Entry numbers are not kept apart: both
 * sides number on in a journal, which is how `number-taken` comes about.
 */
import { SeededRandom } from '../../src/core/generator/random.js';
import {
  type Account,
  type Books,
  cloneBooks,
  type Entry,
  entryKey,
  type FiscalYear,
  type Line,
  type ObjectKind,
  type Relation,
  type VatCode,
} from './change-books.js';

export type Side = 'accountant' | 'client';

export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

export interface Edit {
  readonly side: Side;
  /** In words, for a failure message. */
  readonly what: string;
  readonly object: ObjectKind;
  readonly key: string;
  readonly op: 'insert' | 'update' | 'delete';
  /** The client's lock on the handed-out period bypassed (kluis.applying): an entry changed where the client may not. */
  readonly bypass: boolean;
  /** Run in one transaction. */
  readonly statements: readonly Statement[];
}

export interface EditOptions {
  /** The dividing date (YYYY-MM-DD). */
  readonly until: string;
  /** Who books: created_by of new entries, and kluis.author of the session. */
  readonly author: string;
  /** Relations the documents refer to: never removed (documents are not in a package). */
  readonly documentRelations: ReadonlySet<string>;
  /**
   * Objects the accountant's entries never refer to, so that the client may
   * remove them: the design has no rule for an accountant's entry that refers
   * to something the client removed (see `hostile`).
   */
  readonly spare: { readonly accounts: ReadonlySet<string>; readonly relations: ReadonlySet<string> };
  /** The client's chance per edit to change a handed-out entry anyway (default 0). */
  readonly bypassChance?: number;
  /** Lift the `spare` restriction: the accountant's entries may refer to anything. */
  readonly hostile?: boolean;
}

const words = ['Correctie', 'Herboeking', 'Afschrijving', 'Kruispost', 'Memoriaal', 'Huur', 'Rente', 'Verzekering'];
/** Texts that a careless dump or COPY would break: quotes, a backslash, a tab, a newline, non-ASCII. */
const awkward = [
  `'s-Hertogenbosch`,
  'Ontvangst "vooruit"',
  'pad\\naar\\map',
  'tab\there',
  'regel\nregel',
  'Café Ærø ✓',
];
const cities = ['Utrecht', 'Zwolle', 'Groningen', 'Maastricht', 'Delft', 'Tilburg', `'s-Gravenhage`];
const accountNames = ['Kleine inventaris', 'Reiskosten', 'Representatie', 'Opleidingen', 'Vooruitbetaald', 'Onderhoud'];
const kinds = ['customer', 'supplier', 'both'] as const;

/** Cents as numeric text. */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const c = Math.abs(cents);
  return `${sign}${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Entries with a document first (so both sides often meet on one: what becomes of its document?), then by key. */
const documentsFirst = (a: Entry, b: Entry): number =>
  (a.document === null ? 1 : 0) - (b.document === null ? 1 : 0) || (entryKey(a) < entryKey(b) ? -1 : 1);

const entryId = '(select id from journal_entries where journal_code = $1 and entry_number = $2)';

export class EditGenerator {
  /** This side's books as the edits so far left them. */
  readonly books: Books;
  readonly #rnd: SeededRandom;
  readonly #side: Side;
  readonly #o: EditOptions;
  #serial = 0;
  /** A journal of the accountant's own (not a tracked object: the package carries it as a reference). */
  #ownJournal = false;

  constructor(seed: string, side: Side, books: Books, options: EditOptions) {
    this.books = cloneBooks(books);
    this.#rnd = new SeededRandom(`${seed}/${side}`);
    this.#side = side;
    this.#o = options;
  }

  /** The next edit, valid on `books`, which it is applied to. */
  next(): Edit {
    const r = this.#rnd;
    const menu: Array<[number, () => Edit | undefined]> =
      this.#side === 'accountant'
        ? [
            [30, () => this.#correctEntry(false)],
            [15, () => this.#addEntry()],
            [8, () => this.#removeEntry()],
            [8, () => this.#updateAccount()],
            [4, () => this.#addAccount()],
            [3, () => this.#removeAccount()],
            [8, () => this.#updateRelation()],
            [4, () => this.#addRelation()],
            [3, () => this.#removeRelation()],
            [3, () => this.#updateVat()],
            [2, () => this.#addVat()],
            [2, () => this.#removeVat()],
            [1, () => this.#closeYear()],
            [1, () => this.#addJournal()],
          ]
        : [
            [35, () => this.#addEntry()],
            [15, () => this.#correctEntry(false)],
            [6, () => this.#removeEntry()],
            [12, () => this.#updateRelation()],
            [5, () => this.#addRelation()],
            [4, () => this.#removeRelation()],
            [8, () => this.#updateAccount()],
            [4, () => this.#addAccount()],
            [3, () => this.#removeAccount()],
          ];
    if (this.#side === 'client' && (this.#o.bypassChance ?? 0) > 0 && r.next() < this.#o.bypassChance!) {
      const e = r.next() < 0.7 ? this.#correctEntry(true) : this.#removeEntry(true);
      if (e) return e;
    }
    const total = menu.reduce((s, [w]) => s + w, 0);
    for (let attempt = 0; attempt < 100; attempt++) {
      let x = r.next() * total;
      for (const [w, make] of menu) {
        x -= w;
        if (x < 0) {
          const edit = make();
          if (edit) return edit;
          break;
        }
      }
    }
    throw new Error(`no valid ${this.#side} edit found on these books`);
  }

  // ---- what this side may touch -------------------------------------------------------------------

  /** Whether an entry dated `date` is this side's to change. */
  #mine(date: string): boolean {
    return this.#side === 'accountant' ? date <= this.#o.until : date > this.#o.until;
  }

  /** The days of fiscal year `y` this side books on (from > to when none). */
  #days(y: FiscalYear): { from: string; to: string; year: number } {
    const dayAfter = addDays(this.#o.until, 1);
    return this.#side === 'accountant'
      ? { from: y.startDate, to: [y.endDate, this.#o.until].sort()[0]!, year: y.year }
      : { from: [y.startDate, dayAfter].sort()[1]!, to: y.endDate, year: y.year };
  }

  /** Dates this side books on: [from, to] within an open fiscal year. */
  #dateRange(): { from: string; to: string; year: number } | undefined {
    const ranges = [...this.books.fiscal_year.values()]
      .filter((y) => !y.closed)
      .map((y) => this.#days(y))
      .filter((x) => x.from <= x.to);
    return ranges.length ? this.#rnd.pick(ranges) : undefined;
  }

  /** Something to pick, half the time from the first few (so both sides often meet on the same object). */
  #pickHot<T>(items: readonly T[]): T | undefined {
    if (items.length === 0) return undefined;
    const hot = items.slice(0, 6);
    return this.#rnd.next() < 0.5 ? this.#rnd.pick(hot) : this.#rnd.pick(items);
  }

  #referable(kind: 'accounts' | 'relations', code: string): boolean {
    return this.#side === 'client' || this.#o.hostile === true || !this.#o.spare[kind].has(code);
  }

  #accountsToBook(): string[] {
    return [...this.books.account.values()]
      .filter((a) => !a.blocked && this.#referable('accounts', a.code))
      .map((a) => a.code)
      .sort();
  }

  #relationsToUse(): string[] {
    return [...this.books.relation.keys()].filter((c) => this.#referable('relations', c)).sort();
  }

  #text(): string {
    const r = this.#rnd;
    this.#serial++;
    return r.next() < 0.15
      ? `${r.pick(awkward)} ${this.#serial}`
      : `${r.pick(words)} ${this.#side === 'accountant' ? 'accountant' : 'klant'} ${this.#serial}`;
  }

  #amount(): number {
    return this.#rnd.int(100, 500_000);
  }

  // ---- entries -------------------------------------------------------------------------------------

  #nextNumber(journal: string, year: number): string {
    let max = 0;
    const prefix = String(year);
    for (const e of this.books.entry.values())
      if (e.journal === journal && e.number.length === 11 && e.number.startsWith(prefix))
        max = Math.max(max, Number(e.number.slice(4)));
    return `${prefix}${String(max + 1).padStart(7, '0')}`;
  }

  #line(lineNo: number, account: string, debit: number, credit: number): Line {
    const r = this.#rnd;
    const vats = [...this.books.vat_code.keys()].sort();
    return {
      lineNo,
      account,
      description: r.next() < 0.5 ? '' : this.#text(),
      debit,
      credit,
      vat: vats.length && r.next() < 0.3 ? r.pick(vats) : null,
      relation: null,
      effectiveDate: null,
      documentRef: null,
      currencyCode: null,
      currencyAmount: null,
    };
  }

  /** Only a booking, in `journal` (the client booking on while the apply runs). */
  nextBooking(journal: string): Edit {
    const edit = this.#addEntry(journal);
    if (!edit) throw new Error(`no ${this.#side} booking possible on these books`);
    return edit;
  }

  #addEntry(inJournal?: string): Edit | undefined {
    const r = this.#rnd;
    const range = this.#dateRange();
    const accounts = this.#accountsToBook();
    if (!range || accounts.length < 2) return undefined;
    const journal =
      inJournal ??
      (this.#side === 'accountant'
        ? r.next() < 0.7
          ? this.#ownJournal && r.next() < 0.5
            ? 'COR'
            : 'MEM'
          : r.pick(['VRK', 'INK'])
        : r.pick(['MEM', 'BNK', 'VRK']));
    const date = addDays(range.from, r.int(0, daysBetween(range.from, range.to)));
    const relations = this.#relationsToUse();
    const lines: Line[] = [];
    let total = 0;
    const debits = r.int(1, 3);
    for (let i = 0; i < debits; i++) {
      const a = this.#amount();
      total += a;
      lines.push(this.#line(i + 1, r.pick(accounts), a, 0));
    }
    lines.push(this.#line(debits + 1, r.pick(accounts), 0, total));
    const entry: Entry = {
      journal,
      number: this.#nextNumber(journal, range.year),
      date,
      fiscalYear: range.year,
      period: null,
      description: this.#text(),
      relation: relations.length && r.next() < 0.6 ? r.pick(relations) : null,
      document: null,
      createdBy: this.#o.author,
      lines,
    };
    const key = entryKey(entry);
    this.books.entry.set(key, entry);
    return {
      side: this.#side,
      what: `book ${key} on ${date} (${lines.length} lines)`,
      object: 'entry',
      key,
      op: 'insert',
      bypass: false,
      statements: [
        {
          text: `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, relation_id, created_by)
                 values ($1, $2, $3, $4, $5, (select id from relations where code = $6), $7)`,
          values: [
            entry.journal,
            entry.number,
            date,
            entry.fiscalYear,
            entry.description,
            entry.relation,
            entry.createdBy,
          ],
        },
        ...lines.map((l) => this.#insertLine(entry, l)),
      ],
    };
  }

  #insertLine(e: Entry, l: Line): Statement {
    return {
      text: `insert into journal_lines (entry_id, line_no, account_code, description, debit, credit, vat_code)
             values (${entryId}, $3, $4, $5, $6, $7, $8)`,
      values: [e.journal, e.number, l.lineNo, l.account, l.description, money(l.debit), money(l.credit), l.vat],
    };
  }

  #correctEntry(bypass: boolean): Edit | undefined {
    const r = this.#rnd;
    const candidates = [...this.books.entry.values()]
      .filter((e) => (bypass ? e.date <= this.#o.until : this.#mine(e.date)))
      .filter((e) => !this.books.fiscal_year.get(String(e.fiscalYear))?.closed);
    const e = this.#pickHot(candidates.sort(documentsFirst));
    const accounts = this.#accountsToBook();
    if (!e || accounts.length < 2) return undefined;
    const key = entryKey(e);
    const statements: Statement[] = [];
    let changed: Entry = e;
    let what: string;
    const variant = r.int(0, 4);
    const sameSide = (l: Line, m: Line) => l !== m && l.debit > 0 === m.debit > 0 && l.credit > 0 === m.credit > 0;
    const pair = e.lines.flatMap((l) => e.lines.filter((m) => sameSide(l, m)).map((m) => [l, m] as const));
    if (variant === 1 && e.lines.length > 0) {
      const line = r.pick(e.lines);
      const account = r.pick(accounts.filter((a) => a !== line.account));
      statements.push({
        text: `update journal_lines set account_code = $4 where entry_id = ${entryId} and line_no = $3`,
        values: [e.journal, e.number, line.lineNo, account],
      });
      changed = { ...e, lines: e.lines.map((l) => (l === line ? { ...l, account } : l)) };
      what = `line ${line.lineNo} to account ${account}`;
    } else if (variant === 2) {
      const amount = this.#amount();
      const max = e.lines.reduce((m, l) => Math.max(m, l.lineNo), 0);
      const debit = this.#line(max + 1, r.pick(accounts), amount, 0);
      const credit = this.#line(max + 2, r.pick(accounts), 0, amount);
      statements.push(this.#insertLine(e, debit), this.#insertLine(e, credit));
      changed = { ...e, lines: [...e.lines, debit, credit] };
      what = `a correction of ${money(amount)} in two lines`;
    } else if (variant === 3 && pair.length > 0) {
      const [gone, into] = r.pick(pair);
      statements.push(
        {
          text: `delete from journal_lines where entry_id = ${entryId} and line_no = $3`,
          values: [e.journal, e.number, gone.lineNo],
        },
        {
          text: `update journal_lines set debit = debit + $4, credit = credit + $5 where entry_id = ${entryId} and line_no = $3`,
          values: [e.journal, e.number, into.lineNo, money(gone.debit), money(gone.credit)],
        },
      );
      changed = {
        ...e,
        lines: e.lines
          .filter((l) => l !== gone)
          .map((l) => (l === into ? { ...l, debit: l.debit + gone.debit, credit: l.credit + gone.credit } : l)),
      };
      what = `line ${gone.lineNo} merged into line ${into.lineNo}`;
    } else if (variant === 4 && !bypass) {
      const { from, to } = this.#days(this.books.fiscal_year.get(String(e.fiscalYear))!);
      if (from > to) return undefined;
      const date = addDays(from, r.int(0, daysBetween(from, to)));
      statements.push({
        text: `update journal_entries set entry_date = $3 where journal_code = $1 and entry_number = $2`,
        values: [e.journal, e.number, date],
      });
      changed = { ...e, date };
      what = `dated ${date}`;
    } else {
      const description = this.#text();
      statements.push({
        text: 'update journal_entries set description = $3 where journal_code = $1 and entry_number = $2',
        values: [e.journal, e.number, description],
      });
      changed = { ...e, description };
      what = 'description';
    }
    this.books.entry.set(key, changed);
    return {
      side: this.#side,
      what: `correct ${key}: ${what}${bypass ? ' (lock bypassed)' : ''}`,
      object: 'entry',
      key,
      op: 'update',
      bypass,
      statements,
    };
  }

  #removeEntry(bypass = false): Edit | undefined {
    const candidates = [...this.books.entry.values()]
      .filter((e) => (bypass ? e.date <= this.#o.until : this.#mine(e.date)))
      .filter((e) => !this.books.fiscal_year.get(String(e.fiscalYear))?.closed)
      .sort(documentsFirst);
    const e = this.#pickHot(candidates);
    if (!e) return undefined;
    const key = entryKey(e);
    this.books.entry.delete(key);
    return {
      side: this.#side,
      what: `remove ${key}${bypass ? ' (lock bypassed)' : ''}`,
      object: 'entry',
      key,
      op: 'delete',
      bypass,
      statements: [
        {
          text: 'delete from journal_entries where journal_code = $1 and entry_number = $2',
          values: [e.journal, e.number],
        },
      ],
    };
  }

  // ---- accounts, relations, VAT codes, fiscal years ---------------------------------------------------

  #accountUsed(code: string): boolean {
    for (const e of this.books.entry.values()) if (e.lines.some((l) => l.account === code)) return true;
    for (const v of this.books.vat_code.values()) if (v.payAccount === code || v.claimAccount === code) return true;
    return false;
  }

  #relationUsed(code: string): boolean {
    if (this.#o.documentRelations.has(code)) return true;
    for (const e of this.books.entry.values())
      if (e.relation === code || e.lines.some((l) => l.relation === code)) return true;
    return false;
  }

  #vatUsed(code: string): boolean {
    for (const a of this.books.account.values()) if (a.vatCode === code) return true;
    for (const e of this.books.entry.values()) if (e.lines.some((l) => l.vat === code)) return true;
    return false;
  }

  /** May this side remove `code` of `kind`: the accountant anything unused, the client what is spare or its own. */
  #removable(kind: 'accounts' | 'relations', code: string): boolean {
    return (
      this.#side === 'accountant' ||
      this.#o.hostile === true ||
      this.#o.spare[kind].has(code) ||
      code.startsWith(kind === 'accounts' ? '47' : 'K')
    );
  }

  #updateAccount(): Edit | undefined {
    const r = this.#rnd;
    const a = this.#pickHot([...this.books.account.keys()].sort());
    if (!a) return undefined;
    const old = this.books.account.get(a)!;
    const vats = [...this.books.vat_code.keys()].sort();
    let next: Account = old;
    const fields: string[] = [];
    for (const f of ['name', 'blocked', 'vatCode'] as const) {
      if (fields.length > 0 && r.next() < 0.6) continue;
      if (f === 'name')
        next = { ...next, name: `${r.pick(accountNames)} ${this.#side === 'accountant' ? 'A' : 'K'}${++this.#serial}` };
      if (f === 'blocked') next = { ...next, blocked: !next.blocked };
      if (f === 'vatCode') next = { ...next, vatCode: vats.length && r.next() < 0.7 ? r.pick(vats) : null };
      fields.push(f);
    }
    if (next === old) next = { ...old, name: `${old.name}.` };
    this.books.account.set(a, next);
    return {
      side: this.#side,
      what: `change account ${a} (${fields.join(', ')})`,
      object: 'account',
      key: a,
      op: 'update',
      bypass: false,
      statements: [
        {
          text: 'update accounts set name = $2, blocked = $3, vat_code = $4 where code = $1',
          values: [a, next.name, next.blocked, next.vatCode],
        },
      ],
    };
  }

  #addAccount(): Edit | undefined {
    const r = this.#rnd;
    // Now and then a code both sides may add (455x): merged field by field.
    const prefix = r.next() < 0.15 ? '45' : this.#side === 'accountant' ? '48' : '47';
    let n = prefix === '45' ? 50 : 0;
    while (this.books.account.has(`${prefix}${String(n).padStart(2, '0')}`)) n++;
    const code = `${prefix}${String(n).padStart(2, '0')}`;
    const vats = [...this.books.vat_code.keys()].sort();
    const a: Account = {
      code,
      name: `${r.pick(accountNames)} ${code}`,
      kind: r.pick(['balance', 'profit_loss']),
      debitCredit: r.pick(['D', 'C']),
      vatCode: vats.length && r.next() < 0.5 ? r.pick(vats) : null,
      blocked: false,
    };
    this.books.account.set(code, a);
    return {
      side: this.#side,
      what: `add account ${code}`,
      object: 'account',
      key: code,
      op: 'insert',
      bypass: false,
      statements: [
        {
          text: 'insert into accounts (code, name, kind, debit_credit, vat_code, blocked) values ($1, $2, $3, $4, $5, $6)',
          values: [a.code, a.name, a.kind, a.debitCredit, a.vatCode, a.blocked],
        },
      ],
    };
  }

  #removeAccount(): Edit | undefined {
    const code = this.#pickHot(
      [...this.books.account.keys()].filter((c) => this.#removable('accounts', c) && !this.#accountUsed(c)).sort(),
    );
    if (!code) return undefined;
    this.books.account.delete(code);
    return {
      side: this.#side,
      what: `remove account ${code}`,
      object: 'account',
      key: code,
      op: 'delete',
      bypass: false,
      statements: [{ text: 'delete from accounts where code = $1', values: [code] }],
    };
  }

  #updateRelation(): Edit | undefined {
    const r = this.#rnd;
    const code = this.#pickHot([...this.books.relation.keys()].sort());
    if (!code) return undefined;
    const old = this.books.relation.get(code)!;
    let next: Relation = old;
    const fields: string[] = [];
    const tag = `${this.#side === 'accountant' ? 'a' : 'k'}${++this.#serial}`;
    for (const f of ['name', 'city', 'email', 'iban', 'vatNumber', 'kind'] as const) {
      if (fields.length > 0 ? r.next() < 0.7 : r.next() < 0.5 && f !== 'kind') continue;
      if (f === 'name') next = { ...next, name: `${old.name.split(' (')[0]} (${tag})` };
      if (f === 'city') next = { ...next, city: r.pick(cities) };
      if (f === 'email') next = { ...next, email: r.next() < 0.2 ? null : `post-${tag}@voorbeeld.nl` };
      if (f === 'iban') next = { ...next, iban: `NL${r.int(10, 99)}BANK0${r.int(100_000_000, 999_999_999)}` };
      if (f === 'vatNumber') next = { ...next, vatNumber: `NL${r.int(100_000_000, 999_999_999)}B0${r.int(1, 9)}` };
      if (f === 'kind') next = { ...next, kind: r.pick(kinds.filter((k) => k !== old.kind)) };
      fields.push(f);
    }
    this.books.relation.set(code, next);
    return {
      side: this.#side,
      what: `change relation ${code} (${fields.join(', ')})`,
      object: 'relation',
      key: code,
      op: 'update',
      bypass: false,
      statements: [
        {
          text: 'update relations set name = $2, kind = $3, vat_number = $4, iban = $5, city = $6, country = $7, email = $8 where code = $1',
          values: [code, next.name, next.kind, next.vatNumber, next.iban, next.city, next.country, next.email],
        },
      ],
    };
  }

  #addRelation(): Edit | undefined {
    const r = this.#rnd;
    // Now and then a code both sides may add (G…): merged field by field.
    const prefix = r.next() < 0.15 ? 'G' : this.#side === 'accountant' ? 'A' : 'K';
    let n = 1;
    while (this.books.relation.has(`${prefix}${String(n).padStart(4, '0')}`)) n++;
    const code = `${prefix}${String(n).padStart(4, '0')}`;
    const rel: Relation = {
      code,
      name: `${r.pick(['Bakkerij', 'Garage', 'Hovenier', 'Drukkerij'])} ${r.pick(['Jansen', 'de Vries', `'t Hart`, 'Öztürk'])} ${code}`,
      kind: r.pick(kinds),
      vatNumber: r.next() < 0.5 ? null : `NL${r.int(100_000_000, 999_999_999)}B01`,
      iban: null,
      city: r.pick(cities),
      country: 'NL',
      email: null,
    };
    this.books.relation.set(code, rel);
    return {
      side: this.#side,
      what: `add relation ${code}`,
      object: 'relation',
      key: code,
      op: 'insert',
      bypass: false,
      statements: [
        {
          text: 'insert into relations (code, name, kind, vat_number, iban, city, country, email) values ($1, $2, $3, $4, $5, $6, $7, $8)',
          values: [code, rel.name, rel.kind, rel.vatNumber, rel.iban, rel.city, rel.country, rel.email],
        },
      ],
    };
  }

  #removeRelation(): Edit | undefined {
    const code = this.#pickHot(
      [...this.books.relation.keys()].filter((c) => this.#removable('relations', c) && !this.#relationUsed(c)).sort(),
    );
    if (!code) return undefined;
    this.books.relation.delete(code);
    return {
      side: this.#side,
      what: `remove relation ${code}`,
      object: 'relation',
      key: code,
      op: 'delete',
      bypass: false,
      statements: [{ text: 'delete from relations where code = $1', values: [code] }],
    };
  }

  #payAccounts(): string[] {
    return [...this.books.account.values()]
      .filter((a) => a.kind === 'balance' && this.#referable('accounts', a.code))
      .map((a) => a.code)
      .sort();
  }

  #updateVat(): Edit | undefined {
    const r = this.#rnd;
    const code = this.#pickHot([...this.books.vat_code.keys()].sort());
    if (!code) return undefined;
    const old = this.books.vat_code.get(code)!;
    const pay = this.#payAccounts();
    const next: VatCode =
      r.next() < 0.5
        ? { ...old, description: `${old.description.split(' (')[0]} (${++this.#serial})` }
        : r.next() < 0.5
          ? { ...old, percentage: `${r.int(0, 25)}.${String(r.int(0, 999)).padStart(3, '0')}` }
          : { ...old, payAccount: pay.length ? r.pick(pay) : null };
    if (
      next.percentage === old.percentage &&
      next.description === old.description &&
      next.payAccount === old.payAccount
    )
      return undefined;
    this.books.vat_code.set(code, next);
    return {
      side: this.#side,
      what: `change VAT code ${code}`,
      object: 'vat_code',
      key: code,
      op: 'update',
      bypass: false,
      statements: [
        {
          text: 'update vat_codes set description = $2, percentage = $3, pay_account = $4, claim_account = $5 where code = $1',
          values: [code, next.description, next.percentage, next.payAccount, next.claimAccount],
        },
      ],
    };
  }

  #addVat(): Edit | undefined {
    const r = this.#rnd;
    let n = 1;
    while (this.books.vat_code.has(`A${n}`)) n++;
    const code = `A${n}`;
    const pay = this.#payAccounts();
    const v: VatCode = {
      code,
      description: `Btw ${r.pick(['nul', 'vrijgesteld', 'buitenland', 'marge'])} ${code}`,
      percentage: r.pick(['0.000', '9.000', '21.000']),
      payAccount: pay.length && r.next() < 0.7 ? r.pick(pay) : null,
      claimAccount: pay.length && r.next() < 0.7 ? r.pick(pay) : null,
    };
    this.books.vat_code.set(code, v);
    return {
      side: this.#side,
      what: `add VAT code ${code}`,
      object: 'vat_code',
      key: code,
      op: 'insert',
      bypass: false,
      statements: [
        {
          text: 'insert into vat_codes (code, description, percentage, pay_account, claim_account) values ($1, $2, $3, $4, $5)',
          values: [code, v.description, v.percentage, v.payAccount, v.claimAccount],
        },
      ],
    };
  }

  #removeVat(): Edit | undefined {
    const code = this.#pickHot([...this.books.vat_code.keys()].filter((c) => !this.#vatUsed(c)).sort());
    if (!code) return undefined;
    this.books.vat_code.delete(code);
    return {
      side: this.#side,
      what: `remove VAT code ${code}`,
      object: 'vat_code',
      key: code,
      op: 'delete',
      bypass: false,
      statements: [{ text: 'delete from vat_codes where code = $1', values: [code] }],
    };
  }

  /** The accountant's own journal for corrections, as accountants keep one ('COR'). */
  #addJournal(): Edit | undefined {
    if (this.#ownJournal) return undefined;
    this.#ownJournal = true;
    return {
      side: this.#side,
      what: 'add journal COR',
      object: 'entry',
      key: '',
      op: 'insert',
      bypass: false,
      statements: [
        {
          text: `insert into journals (code, name, type) values ('COR', 'Correcties accountant', 'general')`,
          values: [],
        },
      ],
    };
  }

  /** The period closing: a fiscal year that has ended by the dividing date. */
  #closeYear(): Edit | undefined {
    const y = [...this.books.fiscal_year.values()].find((x) => !x.closed && x.endDate <= this.#o.until);
    if (!y) return undefined;
    const key = String(y.year);
    this.books.fiscal_year.set(key, { ...y, closed: true });
    return {
      side: this.#side,
      what: `close fiscal year ${key}`,
      object: 'fiscal_year',
      key,
      op: 'update',
      bypass: false,
      statements: [{ text: 'update fiscal_years set closed = true where year = $1', values: [y.year] }],
    };
  }
}
