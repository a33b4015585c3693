/**
 * A journal entry read back (by recover): its plan checked against the
 * schema of its kind (src/schema/journal.ts) before anything acts on it.
 * Recover drops databases and removes files the plan names, so an entry
 * that does not pass is refused as a whole: JOURNAL_ENTRY_DAMAGED.
 */
import { basename } from 'node:path';
import { ToolError } from '../../errors/index.js';
import { parseWith } from '../../schema/common.js';
import { isOperationKind, type JournalEntry, planSchemas } from '../../schema/journal.js';
import { isAtomicTempName } from '../../storage/temp-names.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { operationText } from './operation-journal.js';

/** The columns of a row of the operations table that say what the operation was. */
export interface JournalRow {
  readonly id: string;
  readonly kind: string;
  readonly admin_number: number | null;
  readonly plan: unknown;
}

/**
 * The entry of `row`, of a kind kluis knows, or undefined for a kind it does
 * not (a test's, or a newer kluis's: nothing is undone for those). Throws
 * JOURNAL_ENTRY_DAMAGED naming the first field that does not pass.
 */
export function readJournalEntry(row: JournalRow, systemDatabase: string): JournalEntry | undefined {
  const kind = row.kind;
  if (!isOperationKind(kind)) return undefined;
  const damaged = (field: string) => journalEntryDamaged(row, systemDatabase, field);
  // Every kind of kluis's own is about one administration, but prune, which is about a repository.
  if (row.admin_number === null && kind !== 'prune') throw damaged('admin_number');
  const plan = parseWith(planSchemas()[kind], row.plan, ({ path }) => damaged(path ? `plan.${path}` : 'plan'));
  const entry = { kind, plan } as JournalEntry;
  if ('number' in entry.plan && entry.plan.number !== row.admin_number) throw damaged('plan.number');
  // Recover removes it: only ever a temporary file of kluis's own, never a name someone put in the journal.
  const partial =
    entry.kind === 'backup' || entry.kind === 'hand-out' || entry.kind === 'xaf-export' ? entry.plan.partial : null;
  // On object storage the partial is the object's own address: recover aborts that key's uploads, never an object.
  const upload = entry.kind !== 'xaf-export' && partial !== null && partial.startsWith('s3://');
  if (upload && partial !== entry.plan.location) throw damaged('plan.partial');
  if (partial !== null && !upload && !isAtomicTempName(basename(partial))) throw damaged('plan.partial');
  return entry;
}

/** The refusal of an entry whose `field` does not pass (a check against the schema, or against the registry). */
export function journalEntryDamaged(row: JournalRow, systemDatabase: string, field: string): ToolError {
  return new ToolError('JOURNAL_ENTRY_DAMAGED', {
    database: systemDatabase,
    operation: row.id,
    what: isOperationKind(row.kind) ? operationText(row.kind) : row.kind,
    adm: row.admin_number === null ? '-' : formatAdminNumber(row.admin_number),
    field,
  });
}
