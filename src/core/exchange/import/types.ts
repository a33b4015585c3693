/** What an auditfile import is given, what it plans (the summary screen) and what it did. */
import type { ClientBooksInput } from '../../client/install-client.js';

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
