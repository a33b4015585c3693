/**
 * What the auditfile reader hands out: events for the containers it streams
 * and records for the small elements it reads whole, and the limits kluis
 * keeps beyond what the schema says.
 */

/** The contents of a record: simple children as text, complex ones as records, repeatable ones as arrays. */
export interface XafRecord {
  [name: string]: string | XafRecord | XafRecord[] | string[] | undefined;
}

export type XafEvent =
  /** A container opened: its children come as fields and records. */
  | { readonly kind: 'open'; readonly path: string; readonly line: number }
  | {
      readonly kind: 'field';
      readonly path: string;
      readonly name: string;
      readonly value: string;
      readonly line: number;
    }
  | {
      readonly kind: 'record';
      readonly path: string;
      readonly name: string;
      readonly record: XafRecord;
      readonly line: number;
    }
  | { readonly kind: 'close'; readonly path: string; readonly line: number };

/**
 * Elements (paths below `auditfile`) whose children are streamed one by one.
 * Any other complex element is read whole, as a record; all of them are small.
 */
export const containers: ReadonlySet<string> = new Set([
  '',
  'company',
  'company/customersSuppliers',
  'company/generalLedger',
  'company/generalLedger/basics',
  'company/vatCodes',
  'company/periods',
  'company/openingBalance',
  'company/openingBalance/obSubledgers',
  'company/openingBalance/obSubledgers/obSubledger',
  'company/transactions',
  'company/transactions/journal',
  'company/transactions/journal/transaction',
  'company/transactions/subledgers',
  'company/transactions/subledgers/subledger',
]);

/** kluis's own limits, beyond what the schema says. */
export const xafLimits = {
  /** The longest value kluis takes (the schema's "String9999" has no maximum of its own). */
  maxValueChars: 9999,
  /** Characters between two tags: bounds what the parser holds while it looks for the next one. */
  maxRunChars: 1 << 20,
  /** Elements in one record (a ledger account with its taxonomy and history, say). */
  maxRecordElements: 10_000,
} as const;
