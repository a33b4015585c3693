/**
 * Interrupted operations: the journal rows still marked running whose
 * process is gone, which way each is settled (by its kind and last phase;
 * for a swap, by what exists on the server), how that is described, and
 * settling it.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Engine } from '../../engines/index.js';
import { type Localized, ToolError } from '../../errors/index.js';
import { type JournalEntry, type PlanOf, type SwapKind, swapKinds } from '../../schema/journal.js';
import { inspectBackup } from '../backup/inspect-backup.js';
import type { KluisContext } from '../context.js';
import { adminDatabaseName, formatAdminNumber } from '../domain/administration-ref.js';
import { openBackupFile } from '../files.js';
import { readJournalEntry } from '../journal/journal-entry.js';
import { holderGone, operationText } from '../journal/operation-journal.js';
import { type SwapNames, settleBack, settleForward, swapDirection, swapNames } from '../staging/swap.js';
import type { SystemDb } from '../system-db/system-db.js';
import type { RecoveryAction, RecoveryItem } from './recovery-item.js';

export interface OperationRow {
  id: string;
  kind: string;
  admin_number: number | null;
  phase: string;
  host: string;
  pid: number;
  process_start: string | null;
  started_at: Date;
  plan: unknown;
}

/** A row of the journal with its plan checked: undefined for a kind kluis does not know. */
export interface InterruptedOperation extends OperationRow {
  readonly entry: JournalEntry | undefined;
}

type SwapEntry = { readonly kind: SwapKind; readonly plan: PlanOf<SwapKind> };

/** Operations that build a staging database and swap it in (core/staging/swap.ts). */
function isSwap(entry: JournalEntry | undefined): entry is SwapEntry {
  return entry !== undefined && (swapKinds as readonly string[]).includes(entry.kind);
}

function namesOf(sys: SystemDb, op: OperationRow, plan: PlanOf<SwapKind>): SwapNames {
  return swapNames(sys.name, op.id, plan.databaseName ?? adminDatabaseName(sys.name, op.admin_number!));
}

/** Operations still marked running whose process on this host is gone, each entry checked (JOURNAL_ENTRY_DAMAGED). */
export async function interrupted(sys: SystemDb): Promise<InterruptedOperation[]> {
  const r = await sys.client.query<OperationRow>(
    `select * from operations where status = 'running' order by started_at`,
  );
  return r.rows.filter((op) => holderGone(op)).map((op) => checked(sys, op));
}

/** `op` with its plan checked against its kind's schema. */
export function checked(sys: SystemDb, op: OperationRow): InterruptedOperation {
  return { ...op, entry: readJournalEntry(op, sys.name) };
}

/** Which way an interrupted operation is settled; for a swap this depends on what exists on the server. */
async function actionFor(engine: Engine, sys: SystemDb, op: InterruptedOperation): Promise<RecoveryAction> {
  const entry = op.entry;
  if (isSwap(entry))
    return (await swapDirection(engine, namesOf(sys, op, entry.plan), op.phase)) === 'forward'
      ? 'roll-forward'
      : 'roll-back';
  switch (entry?.kind) {
    case 'admin-create':
      return op.phase === 'schema-ready' ? 'roll-forward' : 'roll-back';
    case 'admin-delete':
      return op.phase === 'planned' ? 'roll-back' : 'roll-forward';
    case 'backup':
      return op.phase === 'written' ? 'roll-forward' : 'roll-back';
    case 'cloud-prepare':
      // Registering is its last step: registered means done.
      return (await sys.list()).some((r) => r.databaseName === entry.plan.database) ? 'roll-forward' : 'roll-back';
    default:
      return 'settle';
  }
}

function describeOperation(op: InterruptedOperation, action: RecoveryAction): Localized {
  const adm = op.admin_number === null ? '' : formatAdminNumber(op.admin_number);
  const entry = op.entry;
  const forward = action === 'roll-forward';
  switch (entry?.kind) {
    case 'admin-create':
      return forward
        ? { nl: `aanmaken van ${adm} was klaar; afronden`, en: `creating ${adm} had finished; settle it` }
        : {
            nl: `aanmaken van ${adm} ongedaan maken (database en registratie verwijderen)`,
            en: `undo creating ${adm} (remove its database and registration)`,
          };
    case 'admin-delete':
      return forward
        ? { nl: `verwijderen van ${adm} afmaken`, en: `finish deleting ${adm}` }
        : {
            nl: `verwijderen van ${adm} was nog niet begonnen; ${adm} blijft`,
            en: `deleting ${adm} had not started; ${adm} stays`,
          };
    case 'backup':
      return forward
        ? {
            nl: `back-up van ${adm} was geschreven (${entry.plan.location}); in de historie zetten`,
            en: `the backup of ${adm} was written (${entry.plan.location}); record it in the history`,
          }
        : { nl: `onvolledige back-up van ${adm} verwijderen`, en: `remove the incomplete backup of ${adm}` };
    case 'cloud-prepare':
      return forward
        ? { nl: `gereedmaken van ${adm} was klaar; afronden`, en: `making ${adm} ready had finished; settle it` }
        : {
            nl: `gereedmaken van database ${entry.plan.database} was niet klaar; die blijft ongeregistreerd (voer "kluis cloud prepare" opnieuw uit)`,
            en: `making database ${entry.plan.database} ready had not finished; it stays unregistered (run "kluis cloud prepare" again)`,
          };
    default: {
      const what = operationText(op.kind);
      if (isSwap(entry)) {
        return forward
          ? {
              nl: `${what.nl} in ${adm} afmaken: de nieuwe database is volledig en gecontroleerd`,
              en: `finish ${what.en} into ${adm}: the new database is complete and checked`,
            }
          : {
              nl: `${what.nl} in ${adm} ongedaan maken; ${adm} blijft zoals het was`,
              en: `undo ${what.en} into ${adm}; ${adm} stays as it was`,
            };
      }
      return {
        nl: `${what.nl} (${adm}) afsluiten (er was niets half gedaan)`,
        en: `settle ${what.en} (${adm}) (nothing was left half done)`,
      };
    }
  }
}

/** The recovery items for the interrupted operations, in the order they started. */
export async function interruptedItems(engine: Engine, sys: SystemDb): Promise<RecoveryItem[]> {
  const items: RecoveryItem[] = [];
  const ops = await interrupted(sys);
  for (const op of ops) {
    const action = await actionFor(engine, sys, op);
    items.push({
      action,
      description: describeOperation(op, action),
      adminNumber: op.admin_number,
      operation: {
        id: op.id,
        kind: op.kind,
        phase: op.phase,
        startedAt: op.started_at.toISOString(),
        host: op.host,
        pid: op.pid,
      },
    });
  }
  return items;
}

async function settle(sys: SystemDb, op: OperationRow, status: 'done' | 'rolled_back' | 'failed'): Promise<void> {
  await sys.client.query('begin');
  await sys.client.query(
    `update operations set status = $2, finished_at = now(), updated_at = now(), error = coalesce(error, $3) where id = $1`,
    [op.id, status, JSON.stringify({ code: 'INTERRUPTED', message: `interrupted at phase ${op.phase}; recovered` })],
  );
  await sys.client.query('delete from locks where operation_id = $1', [op.id]);
  await sys.client.query('commit');
}

/** Settles one interrupted operation: back or forward by its kind and what exists, then closes its journal row. */
export async function recoverOperation(ctx: KluisContext, sys: SystemDb, op: InterruptedOperation): Promise<void> {
  const engine = ctx.engine;
  const entry = op.entry;
  const number = op.admin_number!;
  const action = await actionFor(engine, sys, op);
  if (isSwap(entry)) return recoverSwap(engine, sys, op, entry.plan, action);
  switch (entry?.kind) {
    case 'admin-create': {
      const database = entry.plan.databaseName ?? adminDatabaseName(sys.name, number);
      if (action === 'roll-forward') {
        await sys.client.query(`update administrations set status = 'ready' where number = $1 and database_name = $2`, [
          number,
          database,
        ]);
        return settle(sys, op, 'done');
      }
      await engine.dropDatabase(database, { force: true });
      await sys.client.query(
        `delete from administrations where number = $1 and database_name = $2 and status = 'creating'`,
        [number, database],
      );
      return settle(sys, op, 'rolled_back');
    }
    case 'admin-delete': {
      const database = entry.plan.database;
      if (action === 'roll-back') {
        if ((await engine.databaseState(database)) === 'valid') await sys.setStatus(number, 'ready');
        return settle(sys, op, 'rolled_back');
      }
      await engine.dropDatabase(database, { force: true });
      await sys.client.query('delete from administrations where number = $1 and database_name = $2', [
        number,
        database,
      ]);
      return settle(sys, op, 'done');
    }
    case 'backup': {
      const { partial, location } = entry.plan;
      if (partial) rmSync(partial, { force: true });
      if (action === 'roll-forward' && location !== '-' && existsSync(location)) {
        await recordRecoveredBackup(sys, number, location);
        return settle(sys, op, 'done');
      }
      return settle(sys, op, 'rolled_back');
    }
    case 'cloud-prepare':
      return settle(sys, op, action === 'roll-forward' ? 'done' : 'rolled_back');
    case 'xaf-export': {
      // An auditfile gets its name only when complete: a hidden temporary file is all an interruption leaves.
      const partial = entry.plan.partial;
      if (partial) rmSync(partial, { force: true });
      return settle(sys, op, 'rolled_back');
    }
    default:
      return settle(sys, op, 'failed');
  }
}

async function recordRecoveredBackup(sys: SystemDb, number: number, location: string): Promise<void> {
  const seen = await sys.client.query('select 1 from backup_history where location = $1 and admin_number = $2', [
    location,
    number,
  ]);
  if (seen.rowCount) return;
  let info: Awaited<ReturnType<typeof inspectBackup>>;
  try {
    info = await inspectBackup(openBackupFile(location), location);
  } catch (err) {
    if (err instanceof ToolError && err.code === 'BACKUP_KEY_REQUIRED') return; // encrypted: cannot read its manifest; the file stays valid
    // Gone since it was made (a stick pulled), or something else in its place: there is no backup to record.
    if (err instanceof ToolError && ['FILE_NOT_FOUND', 'FILE_IS_FOLDER', 'FILE_NOT_REGULAR'].includes(err.code)) return;
    throw err;
  }
  const m = info.manifest;
  await sys.client.query(
    `insert into backup_history (admin_number, admin_name, identity, location, size_bytes, transactions, documents, created_by, host, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      number,
      m.administration.name,
      m.administration.identity,
      location,
      info.sizeBytes ?? 0,
      m.counts.transactions,
      m.counts.documents,
      m.createdBy.user,
      m.createdBy.host,
      JSON.stringify({ recovered: true }),
    ],
  );
}

/** Restore, client install, copy, XAF import: settled by core/staging/swap.ts, which knows the swap. */
async function recoverSwap(
  engine: Engine,
  sys: SystemDb,
  op: OperationRow,
  plan: PlanOf<SwapKind>,
  action: RecoveryAction,
): Promise<void> {
  const names = namesOf(sys, op, plan);
  const number = op.admin_number!;
  if (action === 'roll-back') {
    await settleBack(engine, sys, names, number);
    return settle(sys, op, 'rolled_back');
  }
  const record = {
    number,
    name: plan.name,
    identity: plan.identity,
    directory: plan.directory ?? null,
    tablespace: plan.tablespace ?? null,
    overwrites: plan.overwrites,
  };
  await settleForward(engine, sys, names, record, 'recover');
  return settle(sys, op, 'done');
}
