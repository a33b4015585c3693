/**
 * What an auditfile must satisfy beyond its schema, as pure functions: the
 * keys (every identifier once; lines name accounts, relations, VAT codes,
 * periods and journals the file declares), the totals the standard puts in
 * the file (line counts, debit and credit), every transaction in balance,
 * and what kluis's columns can hold. Each check returns the fault it found,
 * or undefined; the loader turns a fault into the error that names the file.
 * No database and no file here: test/unit/core/xaf-checks.test.ts runs them alone.
 */
import { type Phrase, phrase, ToolError } from '../../../errors/index.js';
import { fromCents, toCents } from '../xaf-map.js';

/** Where a check failed and why; `beyond` when the file is right but kluis cannot keep the value. */
export interface Fault {
  readonly kind: 'check' | 'beyond';
  readonly line: number | '?';
  readonly element: string;
  readonly reason: Phrase;
}

/** The error a fault is to the person: XAF_CHECK_FAILED or XAF_BEYOND_KLUIS, naming the file. */
export function faultError(path: string, fault: Fault): ToolError {
  const { line, element, reason } = fault;
  return new ToolError(fault.kind === 'check' ? 'XAF_CHECK_FAILED' : 'XAF_BEYOND_KLUIS', {
    path,
    line,
    element,
    reason,
  });
}

const check = (line: number | '?', element: string, reason: Phrase): Fault => ({
  kind: 'check',
  line,
  element,
  reason,
});

/** The largest amount numeric(18,2) holds, in cents. */
const maxCents = 10n ** 18n;

/** An amount as cents, or the fault when it is larger than kluis stores. */
export function amountInCents(amount: string, line: number, element: string): bigint | Fault {
  const cents = toCents(amount);
  if (cents < maxCents && cents > -maxCents) return cents;
  return {
    kind: 'beyond',
    line,
    element,
    reason: phrase('AMOUNT_TOO_LARGE', { amount }),
  };
}

/** kluis numbers a transaction's lines in a smallint. */
export function checkLinePosition(position: number, transaction: string, line: number): Fault | undefined {
  if (position <= 32767) return undefined;
  return {
    kind: 'beyond',
    line,
    element: 'trLine',
    reason: phrase('TRANSACTION_TOO_MANY_LINES', { transaction }),
  };
}

/** The kinds of identifier an auditfile declares once and refers to: their name, and the list they are declared in. */
const keyKinds = {
  journal: { name: 'KEY_JOURNAL', among: 'AMONG_JOURNALS' },
  relation: { name: 'KEY_RELATION', among: 'AMONG_RELATIONS' },
  account: { name: 'KEY_ACCOUNT', among: 'AMONG_ACCOUNTS' },
  vatCode: { name: 'KEY_VAT_CODE', among: 'AMONG_VAT_CODES' },
  period: { name: 'KEY_PERIOD', among: 'AMONG_PERIODS' },
} as const;

type KeyKind = keyof typeof keyKinds;

function duplicate(kind: KeyKind, key: string | number, line: number, element: string): Fault {
  return check(line, element, phrase('KEY_TWICE', { kind: phrase(keyKinds[kind].name), key }));
}

function unknown(kind: KeyKind, key: string | number | undefined, line: number, element: string): Fault {
  const k = keyKinds[kind];
  const shown = { kind: phrase(k.name), key: key ?? 'undefined' };
  // A ledger account is "not in" the general ledger; the others are "not among" their list.
  return check(
    line,
    element,
    kind === 'account' ? phrase('ACCOUNT_UNKNOWN', shown) : phrase('KEY_UNKNOWN', { ...shown, among: phrase(k.among) }),
  );
}

/**
 * The identifiers an auditfile declared so far, per kind: declaring one twice
 * is a fault, and so is a reference to one that was not declared (the
 * standard puts every declaration before the transactions that use it).
 */
export class AuditfileKeys {
  readonly #declared: { [K in KeyKind]: Set<string | number> } = {
    journal: new Set(),
    relation: new Set(),
    account: new Set(),
    vatCode: new Set(),
    period: new Set(),
  };
  /** Relations get kluis ids in file order. */
  readonly #relationIds = new Map<string, number>();

  /** Declares `key`; a fault when it was declared before. */
  declare(kind: KeyKind, key: string | number, line: number, element: string): Fault | undefined {
    const set = this.#declared[kind];
    if (set.has(key)) return duplicate(kind, key, line, element);
    set.add(key);
    if (kind === 'relation') this.#relationIds.set(String(key), this.#relationIds.size + 1);
    return undefined;
  }

  /** A reference to `key` (none when undefined); a fault when it was not declared. */
  refer(kind: KeyKind, key: string | number | undefined, line: number, element: string): Fault | undefined {
    if (key === undefined || this.#declared[kind].has(key)) return undefined;
    return unknown(kind, key, line, element);
  }

  has(kind: KeyKind, key: string | number): boolean {
    return this.#declared[kind].has(key);
  }

  /** The kluis id of a declared relation. */
  relationId(code: string): number | undefined {
    return this.#relationIds.get(code);
  }
}

/** A period must not end before it starts (dates as YYYY-MM-DD). */
export function checkPeriodDates(number: number, start: string, end: string, line: number): Fault | undefined {
  if (end >= start) return undefined;
  return check(line, 'period', phrase('PERIOD_ENDS_BEFORE_START', { number }));
}

/** The lines of a section (opening balance, transactions, a subledger) as counted, and what the file says they add up to. */
export interface Totals {
  linesCount?: string;
  totalDebit?: string;
  totalCredit?: string;
  /** Where the section starts. */
  line: number;
  lines: number;
  debit: bigint;
  credit: bigint;
}

export function newTotals(line: number): Totals {
  return { line, lines: 0, debit: 0n, credit: 0n };
}

/**
 * Adds a line to totals as the standard counts them (by its amntTp, sign
 * and all); returns the side the line ends up on in kluis, where a negative
 * amount changes sides.
 */
export function addLine(totals: Totals, cents: bigint, type: string): 'D' | 'C' {
  totals.lines++;
  if (type === 'D') totals.debit += cents;
  else totals.credit += cents;
  return cents < 0n === (type === 'D') ? 'C' : 'D';
}

/** The section's linesCount, totalDebit and totalCredit, where the file gives them, against its lines. */
export function checkTotals(t: Totals, element: string): Fault | undefined {
  if (t.linesCount !== undefined && BigInt(t.linesCount) !== BigInt(t.lines))
    return check(t.line, `${element}/linesCount`, phrase('LINES_COUNT_WRONG', { said: t.linesCount, lines: t.lines }));
  if (t.totalDebit !== undefined && toCents(t.totalDebit) !== t.debit)
    return check(
      t.line,
      `${element}/totalDebit`,
      phrase('TOTAL_DEBIT_WRONG', { said: t.totalDebit, sum: fromCents(t.debit) }),
    );
  if (t.totalCredit !== undefined && toCents(t.totalCredit) !== t.credit)
    return check(
      t.line,
      `${element}/totalCredit`,
      phrase('TOTAL_CREDIT_WRONG', { said: t.totalCredit, sum: fromCents(t.credit) }),
    );
  return undefined;
}

/** A transaction's debit and credit (in kluis's sides, cents) must be equal. */
export function checkBalanced(
  t: { readonly nr: string; readonly line: number; readonly debit: bigint; readonly credit: bigint },
  journal: string | undefined,
): Fault | undefined {
  if (t.debit === t.credit) return undefined;
  return check(
    t.line,
    'transaction',
    phrase('TRANSACTION_UNBALANCED', {
      transaction: t.nr,
      journal: journal ?? 'undefined',
      debit: fromCents(t.debit),
      credit: fromCents(t.credit),
    }),
  );
}

/**
 * The same transaction number twice in one journal is found by the unique
 * index built after loading: its violation (SQLSTATE 23505 on
 * journal_entries_number_key) is the file's fault. Anything else is not.
 */
export function duplicateTransaction(err: unknown): Fault | undefined {
  const e = err as { code?: string; constraint?: string; detail?: string } | undefined;
  if (e?.code !== '23505' || e.constraint !== 'journal_entries_number_key') return undefined;
  const m = /\(journal_code, entry_number\)=\((.*), (.*)\)/.exec(e.detail ?? '');
  return check('?', 'transaction', phrase('TRANSACTION_TWICE', { transaction: m?.[2] ?? '?', journal: m?.[1] ?? '?' }));
}

/** The fiscal year must end after it starts (the fiscal_years check constraint, SQLSTATE 23514). */
export function fiscalYearOrder(err: unknown, line: number): Fault | undefined {
  if ((err as { code?: string } | undefined)?.code !== '23514') return undefined;
  return check(line, 'header', phrase('FISCAL_YEAR_ORDER'));
}

/** Throws the fault, if any, as the error that names the file. */
export function stopAt(path: string, fault: Fault | undefined): void {
  if (fault) throw faultError(path, fault);
}

/** An amount as cents, or the XAF_BEYOND_KLUIS error naming the file. */
export function centsOrStop(path: string, amount: string, line: number, element: string): bigint {
  const cents = amountInCents(amount, line, element);
  if (typeof cents !== 'bigint') throw faultError(path, cents);
  return cents;
}
