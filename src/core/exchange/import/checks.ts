/**
 * What an auditfile must satisfy beyond its schema, as pure functions: the
 * keys (every identifier once; lines name accounts, relations, VAT codes,
 * periods and journals the file declares), the totals the standard puts in
 * the file (line counts, debit and credit), every transaction in balance,
 * and what kluis's columns can hold. Each check returns the fault it found,
 * or undefined; the loader turns a fault into the error that names the file.
 * No database and no file here: test/unit/core/xaf-checks.test.ts runs them alone.
 */
import { type Localized, ToolError } from '../../../errors/index.js';
import { fromCents, toCents } from '../xaf-map.js';

/** Where a check failed and why; `beyond` when the file is right but kluis cannot keep the value. */
export interface Fault {
  readonly kind: 'check' | 'beyond';
  readonly line: number | '?';
  readonly element: string;
  readonly reason: Localized;
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

const check = (line: number | '?', element: string, reason: Localized): Fault => ({
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
    reason: {
      nl: `het bedrag ${amount} is groter dan kluis bewaart (16 cijfers voor de komma)`,
      en: `the amount ${amount} is larger than kluis keeps (16 digits before the point)`,
    },
  };
}

/** kluis numbers a transaction's lines in a smallint. */
export function checkLinePosition(position: number, transaction: string, line: number): Fault | undefined {
  if (position <= 32767) return undefined;
  return {
    kind: 'beyond',
    line,
    element: 'trLine',
    reason: {
      nl: `transactie ${transaction} heeft meer dan 32767 regels`,
      en: `transaction ${transaction} has more than 32767 lines`,
    },
  };
}

/** The kinds of identifier an auditfile declares once and refers to, with their names in both languages. */
const keyKinds = {
  journal: { nl: 'dagboek', en: 'journal', among: { nl: 'de dagboeken', en: 'journals' } },
  relation: { nl: 'relatie', en: 'relation', among: { nl: 'de relaties', en: 'relations' } },
  account: { nl: 'grootboekrekening', en: 'ledger account', among: { nl: 'het grootboek', en: 'general ledger' } },
  vatCode: { nl: 'btw-code', en: 'VAT code', among: { nl: 'de btw-codes', en: 'VAT codes' } },
  period: { nl: 'periode', en: 'period', among: { nl: 'de perioden', en: 'periods' } },
} as const;

type KeyKind = keyof typeof keyKinds;

function duplicate(kind: KeyKind, key: string | number, line: number, element: string): Fault {
  const k = keyKinds[kind];
  return check(line, element, {
    nl: `${k.nl} ${key} staat twee keer in de auditfile`,
    en: `${k.en} ${key} appears twice in the auditfile`,
  });
}

function unknown(kind: KeyKind, key: string | number | undefined, line: number, element: string): Fault {
  const k = keyKinds[kind];
  // A ledger account is "not in" the general ledger; the others are "not among" their list.
  return kind === 'account'
    ? check(line, element, {
        nl: `${k.nl} ${key} staat niet in het grootboek van de auditfile`,
        en: `${k.en} ${key} is not in the auditfile's general ledger`,
      })
    : check(line, element, {
        nl: `${k.nl} ${key} staat niet bij ${k.among.nl} van de auditfile`,
        en: `${k.en} ${key} is not among the auditfile's ${k.among.en}`,
      });
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
  return check(line, 'period', {
    nl: `periode ${number} eindigt vóór ze begint`,
    en: `period ${number} ends before it starts`,
  });
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
    return check(t.line, `${element}/linesCount`, {
      nl: `linesCount zegt ${t.linesCount}, er zijn ${t.lines} regels`,
      en: `linesCount says ${t.linesCount}, there are ${t.lines} lines`,
    });
  if (t.totalDebit !== undefined && toCents(t.totalDebit) !== t.debit)
    return check(t.line, `${element}/totalDebit`, {
      nl: `totalDebit zegt ${t.totalDebit}, de regels tellen op tot ${fromCents(t.debit)}`,
      en: `totalDebit says ${t.totalDebit}, the lines add up to ${fromCents(t.debit)}`,
    });
  if (t.totalCredit !== undefined && toCents(t.totalCredit) !== t.credit)
    return check(t.line, `${element}/totalCredit`, {
      nl: `totalCredit zegt ${t.totalCredit}, de regels tellen op tot ${fromCents(t.credit)}`,
      en: `totalCredit says ${t.totalCredit}, the lines add up to ${fromCents(t.credit)}`,
    });
  return undefined;
}

/** A transaction's debit and credit (in kluis's sides, cents) must be equal. */
export function checkBalanced(
  t: { readonly nr: string; readonly line: number; readonly debit: bigint; readonly credit: bigint },
  journal: string | undefined,
): Fault | undefined {
  if (t.debit === t.credit) return undefined;
  return check(t.line, 'transaction', {
    nl: `transactie ${t.nr} in dagboek ${journal} is niet in balans: debet ${fromCents(t.debit)}, credit ${fromCents(t.credit)}`,
    en: `transaction ${t.nr} in journal ${journal} does not balance: debit ${fromCents(t.debit)}, credit ${fromCents(t.credit)}`,
  });
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
  return check('?', 'transaction', {
    nl: `transactie ${m?.[2] ?? '?'} staat twee keer in dagboek ${m?.[1] ?? '?'}`,
    en: `transaction ${m?.[2] ?? '?'} appears twice in journal ${m?.[1] ?? '?'}`,
  });
}

/** The fiscal year must end after it starts (the fiscal_years check constraint, SQLSTATE 23514). */
export function fiscalYearOrder(err: unknown, line: number): Fault | undefined {
  if ((err as { code?: string } | undefined)?.code !== '23514') return undefined;
  return check(line, 'header', {
    nl: 'de einddatum van het boekjaar ligt niet na de begindatum',
    en: 'the fiscal year does not end after it starts',
  });
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
