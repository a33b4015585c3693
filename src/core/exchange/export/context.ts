/** What the parts of one year's export share: the snapshot, the writer, and what earlier parts found for later ones. */
import type pg from 'pg';
import type { XafWriter } from '../../../xaf/index.js';
import type { Period } from '../xaf-map.js';
import type { Conformer } from './conform.js';
import type { XafExportInput } from './export-xaf.js';

export interface YearContext {
  /** The read-only snapshot's connection. */
  readonly c: pg.Client;
  readonly w: XafWriter;
  readonly adm: string;
  readonly input: XafExportInput;
  readonly conformer: Conformer;
  /** Relation id -> its code, from the relations part, for the lines. */
  readonly relationCodes: Map<string, string>;
  /** VAT code -> its percentage, from the VAT codes part, for the lines. */
  readonly vatPercentages: Map<string, string>;
  /** The year's periods, from the periods part, for the transactions. */
  periods: Period[];
}
