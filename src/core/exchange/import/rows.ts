/**
 * The rows kluis stores for an auditfile's records, as pure functions: what
 * goes in kluis's own columns, and what is kept as JSON beside it (the xaf
 * column) so that an export hands it out again (docs/XAF.md has the mapping).
 */
import type { XafRecord } from '../../../xaf/index.js';
import {
  accountKindFromXaf,
  fromCents,
  fromMilli,
  journalTypeFromXaf,
  relationKindFromXaf,
  toMilli,
  vatAmount,
} from '../xaf-map.js';

export type Row = ReadonlyArray<string | number | null | undefined>;

/** The columns each COPY of the import fills, in the order of its rows. */
export const columns = {
  relations: ['id', 'code', 'name', 'kind', 'vat_number', 'iban', 'city', 'country', 'email', 'xaf'],
  accounts: ['code', 'name', 'kind', 'debit_credit', 'xaf'],
  vatCodes: ['code', 'description', 'pay_account', 'claim_account', 'xaf'],
  periods: ['fiscal_year', 'number', 'description', 'start_date', 'end_date', 'xaf'],
  openingLines: ['fiscal_year', 'position', 'nr', 'account_code', 'debit', 'credit'],
  subledgerLines: ['section', 'subledger', 'position', 'content'],
  entries: [
    'id',
    'journal_code',
    'entry_number',
    'entry_date',
    'fiscal_year',
    'period',
    'description',
    'created_by',
    'xaf',
  ],
  lines: [
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
  ],
} as const;

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

/** The extras of a record: what is left once the modeled elements are taken out; null when nothing is. */
export function extras(record: XafRecord, modeledHere: ReadonlySet<string>, keep: XafRecord = {}): string | null {
  let rest: XafRecord | undefined = Object.keys(keep).length ? { ...keep } : undefined;
  for (const k in record) {
    if (modeledHere.has(k) || record[k] === undefined) continue;
    rest ??= {};
    rest[k] = record[k];
  }
  return rest ? JSON.stringify(rest) : null;
}

/** A customerSupplier as a relation; its one street address's city and one bank account go in columns, the rest is kept. */
export function relationRow(r: XafRecord, id: number): Row {
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
  return [
    id,
    r.custSupID as string,
    (r.custSupName as string | undefined) ?? '',
    tp ? relationKindFromXaf[tp] : 'both',
    r.taxRegIdent as string | undefined,
    banks?.[0]?.bankAccNr as string | undefined,
    streets?.find((s) => s.city)?.city as string | undefined,
    (r.taxRegistrationCountry as string | undefined) ?? 'NL',
    r.eMail as string | undefined,
    extras(r, modeled.relation, keep),
  ];
}

export function accountRow(r: XafRecord): Row {
  return [
    r.accID as string,
    r.accDesc as string,
    accountKindFromXaf[r.accTp as string],
    'D',
    extras(r, modeled.account),
  ];
}

export function vatCodeRow(r: XafRecord): Row {
  return [
    r.vatID as string,
    r.vatDesc as string,
    r.vatToPayAccID as string | undefined,
    r.vatToClaimAccID as string | undefined,
    extras(r, modeled.vatCode),
  ];
}

/** A period's dates as kluis stores them (the date part). */
export function periodDates(r: XafRecord): { start: string; end: string } {
  return { start: (r.startDatePeriod as string).slice(0, 10), end: (r.endDatePeriod as string).slice(0, 10) };
}

export function periodRow(r: XafRecord, year: number): Row {
  const { start, end } = periodDates(r);
  return [year, Number(r.periodNumber), r.periodDesc as string | undefined, start, end, extras(r, modeled.period)];
}

/** A journal's header fields as its row (code, name, type, xaf); a type kluis does not know is kept. */
export function journalRow(
  f: Readonly<Record<string, string | undefined>>,
): [string, string | undefined, string, string | null] {
  const type = f.jrnTp !== undefined ? journalTypeFromXaf[f.jrnTp] : undefined;
  const extra: XafRecord = {};
  if (type === undefined) extra.jrnTp = (f.jrnTp ?? null) as string;
  if (f.offsetAccID !== undefined) extra.offsetAccID = f.offsetAccID;
  if (f.bankAccNr !== undefined) extra.bankAccNr = f.bankAccNr;
  return [f.jrnID!, f.desc, type ?? 'general', Object.keys(extra).length ? JSON.stringify(extra) : null];
}

/** What a transaction's header keeps beyond kluis's columns; null when nothing. */
export function entryExtras(f: Readonly<Record<string, string | undefined>>, date: string): string | null {
  const extra: XafRecord = {};
  for (const k of ['amnt', 'amntTp', 'sourceID'] as const) if (f[k] !== undefined) extra[k] = f[k];
  if (f.trDt !== date) extra.trDt = f.trDt!;
  return Object.keys(extra).length ? JSON.stringify(extra) : null;
}

/** A line as the row of a transaction in kluis: its side, and its number, date and document only when they differ from the transaction's. */
export function lineRow(
  r: XafRecord,
  at: {
    readonly id: number;
    readonly entryId: number;
    readonly position: number;
    readonly transaction: { readonly nr: string; readonly date: string };
    readonly cents: bigint;
    readonly side: 'D' | 'C';
    readonly relation: number | null;
    /** The line's VAT code, and its VAT elements when they are not what the code gives (lineVat). */
    readonly vat: { readonly code: string | null; readonly keep?: readonly XafRecord[] };
  },
): Row {
  const keep: XafRecord = {};
  if (r.nr !== String(at.position)) keep.nr = r.nr as string;
  if (at.cents < 0n) Object.assign(keep, { amnt: r.amnt as string, amntTp: r.amntTp as string });
  if (at.vat.keep) keep.vat = at.vat.keep as XafRecord[];
  const effDate = (r.effDate as string).slice(0, 10);
  if (effDate !== r.effDate) keep.effDate = r.effDate as string;
  const docRef = r.docRef as string;
  const abs = at.cents < 0n ? -at.cents : at.cents;
  const currency = r.currency as XafRecord | undefined;
  return [
    at.id,
    at.entryId,
    at.position,
    r.accID as string,
    (r.desc as string | undefined) ?? '',
    at.side === 'D' ? fromCents(abs) : '0.00',
    at.side === 'C' ? fromCents(abs) : '0.00',
    at.vat.code,
    effDate === at.transaction.date ? null : effDate,
    docRef === at.transaction.nr ? null : docRef,
    at.relation,
    currency?.curCode as string | undefined,
    currency?.curAmnt as string | undefined,
    extras(r, modeled.line, keep),
  ];
}

/**
 * A line's VAT: the code goes in kluis's column; the amounts are kept only
 * when they are not what the code's percentage gives. The first line with a
 * code sets its percentage in `percentages` (the standard keeps percentages
 * on lines only).
 */
export function lineVat(
  vat: readonly XafRecord[] | undefined,
  abs: bigint,
  side: 'D' | 'C',
  percentages: Map<string, bigint>,
): { code: string | null; keep?: readonly XafRecord[] } {
  if (!vat || vat.length === 0) return { code: null };
  const first = vat[0]!;
  const code = first.vatID as string;
  const percentage = toMilli(first.vatPerc as string);
  if (!percentages.has(code)) percentages.set(code, percentage);
  const standard =
    vat.length === 1 &&
    percentages.get(code) === percentage &&
    first.vatPerc === fromMilli(percentage) &&
    first.vatAmntTp === side &&
    first.vatAmnt === fromCents(vatAmount(abs, percentage));
  return standard ? { code } : { code, keep: vat };
}
