/**
 * The books as the change-package proofs see them: every object a change
 * package carries (entries with their lines, accounts, relations, VAT codes,
 * fiscal years), keyed as the design keys them (`journal/number`, code,
 * year), in plain TypeScript maps. Read from a database with our own
 * queries, not kluis's (the proofs must not trust what they check), and
 * with every column kluis keeps for the object except surrogate ids and
 * timestamps the database fills in (test/helpers/change-db.ts reads them).
 * Amounts are in cents.
 */
import { isDeepStrictEqual } from 'node:util';

export type ObjectKind = 'entry' | 'account' | 'relation' | 'vat_code' | 'fiscal_year';
export const objectKinds: readonly ObjectKind[] = ['entry', 'account', 'relation', 'vat_code', 'fiscal_year'];

export interface Line {
  readonly lineNo: number;
  readonly account: string;
  readonly description: string;
  readonly debit: number;
  readonly credit: number;
  readonly vat: string | null;
  readonly relation: string | null;
  readonly effectiveDate: string | null;
  readonly documentRef: string | null;
  readonly currencyCode: string | null;
  readonly currencyAmount: number | null;
}

export interface Entry {
  readonly journal: string;
  readonly number: string;
  readonly date: string;
  readonly fiscalYear: number;
  readonly period: number | null;
  readonly description: string;
  readonly relation: string | null;
  /** The client's document (scan, invoice) it is booked from: its id, which backup and restore keep. */
  readonly document: number | null;
  readonly createdBy: string;
  readonly lines: readonly Line[];
}

export interface Account {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly debitCredit: string;
  readonly vatCode: string | null;
  readonly blocked: boolean;
}

export interface Relation {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly vatNumber: string | null;
  readonly iban: string | null;
  readonly city: string | null;
  readonly country: string;
  readonly email: string | null;
}

export interface VatCode {
  readonly code: string;
  readonly description: string;
  /** As the database prints numeric(8,3): '21.000'. */
  readonly percentage: string | null;
  readonly payAccount: string | null;
  readonly claimAccount: string | null;
}

export interface FiscalYear {
  readonly year: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly closed: boolean;
}

export interface ObjectOf {
  entry: Entry;
  account: Account;
  relation: Relation;
  vat_code: VatCode;
  fiscal_year: FiscalYear;
}

/** One administration's books: per kind, key → object. */
export type Books = { [K in ObjectKind]: Map<string, ObjectOf[K]> };

export const entryKey = (e: Pick<Entry, 'journal' | 'number'>): string => `${e.journal}/${e.number}`;

export function emptyBooks(): Books {
  return { entry: new Map(), account: new Map(), relation: new Map(), vat_code: new Map(), fiscal_year: new Map() };
}

/** A deep copy (objects are immutable values, so the maps are what is copied). */
export function cloneBooks(b: Books): Books {
  return {
    entry: new Map(b.entry),
    account: new Map(b.account),
    relation: new Map(b.relation),
    vat_code: new Map(b.vat_code),
    fiscal_year: new Map(b.fiscal_year),
  };
}

/** Balance per account (debit − credit, cents) over every entry; accounts without lines are absent. */
export function balances(b: Books): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of b.entry.values())
    for (const l of e.lines) out.set(l.account, (out.get(l.account) ?? 0) + l.debit - l.credit);
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Entries whose lines do not balance (debits ≠ credits), by key. */
export function unbalanced(b: Books): string[] {
  const out: string[] = [];
  for (const [k, e] of b.entry) {
    const d = e.lines.reduce((s, l) => s + l.debit, 0);
    const c = e.lines.reduce((s, l) => s + l.credit, 0);
    if (d !== c) out.push(k);
  }
  return out;
}

/** Where two books differ, object by object, in words (empty when equal). */
export function booksDiff(expected: Books, actual: Books, limit = 20): string[] {
  const out: string[] = [];
  for (const kind of objectKinds) {
    const keys = new Set([...expected[kind].keys(), ...actual[kind].keys()]);
    for (const k of [...keys].sort()) {
      const e = expected[kind].get(k);
      const a = actual[kind].get(k);
      if (isDeepStrictEqual(e, a)) continue;
      out.push(`${kind} ${k}: expected ${JSON.stringify(e ?? null)}, found ${JSON.stringify(a ?? null)}`);
      if (out.length >= limit) return [...out, '…'];
    }
  }
  return out;
}

/** A short summary of the books, for a failure message. */
export function booksSummary(b: Books): string {
  return objectKinds.map((k) => `${b[k].size} ${k}`).join(', ');
}
