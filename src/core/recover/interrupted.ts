/**
 * Interrupted operations: the journal rows still marked running whose
 * process is gone, which way each is settled (by its kind and last phase;
 * for a swap, by what exists on the server), how that is described, and
 * settling it.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Engine } from '../../engines/index.js';
import { type Phrase, phrase, ToolError } from '../../errors/index.js';
import { isObjectStoreLocation } from '../../repository/index.js';
import { type JournalEntry, type PlanOf, type SwapKind, swapKinds } from '../../schema/journal.js';
import { removeHandOut } from '../admin-db/hand-outs.js';
import { inspectBackup } from '../backup/inspect-backup.js';
import { packageApplied } from '../client/apply.js';
import type { KluisContext } from '../context.js';
import { adminDatabaseName, formatAdminNumber } from '../domain/administration-ref.js';
import { countInBoth, dayInBoth } from '../formats.js';
import { journalEntryDamaged, readJournalEntry } from '../journal/journal-entry.js';
import { holderGone, operationText } from '../journal/operation-journal.js';
import { openBackupSource, openLocation } from '../repositories/index.js';
import { finishPrune } from '../retention/prune.js';
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
async function actionFor(ctx: KluisContext, sys: SystemDb, op: InterruptedOperation): Promise<RecoveryAction> {
  const engine = ctx.engine;
  const entry = op.entry;
  if (isSwap(entry))
    return (await swapDirection(engine, namesOf(sys, op, entry.plan), op.phase)) === 'forward'
      ? 'roll-forward'
      : 'roll-back';
  switch (entry?.kind) {
    case 'admin-create':
      return op.phase === 'schema-ready' ? 'roll-forward' : 'roll-back';
    case 'admin-delete':
      await deletedDatabaseOf(sys, op, entry.plan.database);
      return op.phase === 'planned' ? 'roll-back' : 'roll-forward';
    case 'backup':
    case 'hand-out':
      return op.phase === 'written' || (await committedUnrecorded(ctx.home, entry.plan)) ? 'roll-forward' : 'roll-back';
    case 'prune':
      // Decided in full before the first removal: what is left of its list goes.
      return 'roll-forward';
    case 'cloud-prepare':
      // Registering is its last step: registered means done.
      return (await sys.list()).some((r) => r.databaseName === entry.plan.database) ? 'roll-forward' : 'roll-back';
    case 'client-apply':
      // One transaction: committed when the books record the package as applied, else nothing happened.
      return !entry.plan.dryRun && (await changesApplied(engine, sys, op, entry.plan)) ? 'roll-forward' : 'roll-back';
    default:
      return 'settle';
  }
}

/**
 * Whether an interrupted apply committed: the client's books record its
 * package as applied to its hand-out. A database that is gone or cannot be
 * read has nothing half done either (the apply is one transaction).
 */
async function changesApplied(
  engine: Engine,
  sys: SystemDb,
  op: OperationRow,
  plan: PlanOf<'client-apply'>,
): Promise<boolean> {
  const record = await sys.byNumber(op.admin_number!);
  if (!record || (await engine.databaseState(record.databaseName)) !== 'valid') return false;
  const c = await engine.connect(record.databaseName);
  try {
    return await packageApplied(c, plan.handOut, plan.sequence);
  } finally {
    await c.end();
  }
}

/**
 * The database an interrupted delete still has to drop: the one the registry
 * gives its administration, or none once the registry row is gone (the row
 * is removed after the drop). Recover drops it, so an entry that names any
 * other database is refused as damaged, whatever the entry says.
 */
async function deletedDatabaseOf(sys: SystemDb, op: OperationRow, database: string): Promise<string | undefined> {
  const record = await sys.byNumber(op.admin_number!);
  if (record && record.databaseName !== database) throw journalEntryDamaged(op, sys.name, 'plan.database');
  return record?.databaseName;
}

function describeOperation(op: InterruptedOperation, action: RecoveryAction): Phrase {
  const adm = op.admin_number === null ? '' : formatAdminNumber(op.admin_number);
  const entry = op.entry;
  const forward = action === 'roll-forward';
  switch (entry?.kind) {
    case 'admin-create':
      return phrase(forward ? 'SETTLE_CREATE_DONE' : 'SETTLE_CREATE_UNDO', { adm });
    case 'admin-delete':
      return phrase(forward ? 'SETTLE_DELETE_FINISH' : 'SETTLE_DELETE_NOT_STARTED', { adm });
    case 'backup':
      if (entry.plan.contents === 'changes')
        return forward
          ? phrase('SETTLE_CHANGES_WRITTEN', { adm, path: String(entry.plan.location) })
          : phrase('SETTLE_CHANGES_INCOMPLETE', { adm });
      return forward
        ? phrase('SETTLE_BACKUP_WRITTEN', { adm, path: String(entry.plan.location) })
        : phrase('SETTLE_BACKUP_INCOMPLETE', { adm });
    case 'hand-out':
      return forward
        ? phrase('SETTLE_HAND_OUT_WRITTEN', { adm, until: dayInBoth(entry.plan.until), path: entry.plan.location })
        : phrase('SETTLE_HAND_OUT_INCOMPLETE', { adm });
    case 'prune':
      return phrase('SETTLE_PRUNE_FINISH', {
        repository: entry.plan.repository,
        count: countInBoth(entry.plan.remove.length),
      });
    case 'cloud-prepare':
      return forward
        ? phrase('SETTLE_PREPARE_DONE', { adm })
        : phrase('SETTLE_PREPARE_UNFINISHED', { database: String(entry.plan.database) });
    case 'client-apply':
      return phrase(forward ? 'SETTLE_APPLY_DONE' : 'SETTLE_APPLY_UNDONE', { adm, sequence: entry.plan.sequence });
    default: {
      const what = operationText(op.kind);
      if (isSwap(entry)) {
        if (forward) return phrase('SETTLE_SWAP_FINISH', { what, adm });
        // A new administration never existed: there is nothing that "stays as it was".
        return phrase(entry.plan.overwrites ? 'SETTLE_SWAP_UNDO' : 'SETTLE_SWAP_UNDO_NEW', { what, adm });
      }
      return phrase('SETTLE_NOTHING_HALF_DONE', { what, adm });
    }
  }
}

/** The recovery items for the interrupted operations, in the order they started. */
export async function interruptedItems(ctx: KluisContext, sys: SystemDb): Promise<RecoveryItem[]> {
  const items: RecoveryItem[] = [];
  const ops = await interrupted(sys);
  for (const op of ops) {
    const action = await actionFor(ctx, sys, op);
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
  const action = await actionFor(ctx, sys, op);
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
      const database = await deletedDatabaseOf(sys, op, entry.plan.database);
      // No registry row: the drop and the row's removal both happened; nothing is left in either direction.
      if (database === undefined) return settle(sys, op, action === 'roll-back' ? 'rolled_back' : 'done');
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
      if (partial && isObjectStoreLocation(partial)) await abortUpload(ctx.home, partial);
      else if (partial) rmSync(partial, { force: true });
      if (action === 'roll-forward' && location !== '-' && (await backupExists(ctx.home, location))) {
        await recordRecoveredBackup(ctx.home, sys, number, location);
        return settle(sys, op, 'done');
      }
      return settle(sys, op, 'rolled_back');
    }
    case 'hand-out': {
      // As a backup's file; the hand-out stays with a complete file and goes with an incomplete one.
      const { partial, location } = entry.plan;
      if (partial && isObjectStoreLocation(partial)) await abortUpload(ctx.home, partial);
      else if (partial) rmSync(partial, { force: true });
      if (action === 'roll-forward') {
        if (location !== '-' && (await backupExists(ctx.home, location)))
          await recordRecoveredBackup(ctx.home, sys, number, location);
        return settle(sys, op, 'done');
      }
      await withdrawUnfinishedHandOut(ctx, sys, number, entry.plan.handOut);
      return settle(sys, op, 'rolled_back');
    }
    case 'cloud-prepare':
    case 'client-apply':
      return settle(sys, op, action === 'roll-forward' ? 'done' : 'rolled_back');
    case 'prune':
      await finishPrune(ctx, sys, op.id);
      return;
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

/**
 * A hand-out whose backup was never complete did not happen: its row goes
 * from the client's books (only while it is outstanding; a database that is
 * gone has no row to remove).
 */
async function withdrawUnfinishedHandOut(ctx: KluisContext, sys: SystemDb, number: number, id: string): Promise<void> {
  const record = await sys.byNumber(number);
  if (!record || (await ctx.engine.databaseState(record.databaseName)) !== 'valid') return;
  const c = await ctx.engine.connect(record.databaseName);
  try {
    await removeHandOut(c, id);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * A backup to object storage that a crash interrupted: its multipart upload
 * (never a complete object) is aborted, so no parts are left to pay for.
 * A store that cannot be reached fails recover with its coded error; the
 * operation stays listed and the next recover tries again.
 */
async function abortUpload(home: string, location: string): Promise<void> {
  const { repository, name } = openLocation(home, location);
  if (name !== undefined) await repository.abortIncomplete(name);
}

/**
 * A backup killed after its file was put in place under its name and before
 * the journal said so: the temporary file is gone and the named one is
 * there. (An object store's upload gets its name only when it completes.)
 * The name was free when the backup began, and the recorded file's manifest
 * is checked against the administration, so this is the backup itself.
 */
async function committedUnrecorded(home: string, plan: { location: string; partial: string | null }): Promise<boolean> {
  const { location, partial } = plan;
  if (location === '-' || !partial) return false;
  if (!isObjectStoreLocation(partial) && existsSync(partial)) return false;
  return backupExists(home, location);
}

async function backupExists(home: string, location: string): Promise<boolean> {
  if (!isObjectStoreLocation(location)) return existsSync(location);
  const { repository, name } = openLocation(home, location);
  return name !== undefined && (await repository.stat(name)) !== undefined;
}

async function recordRecoveredBackup(home: string, sys: SystemDb, number: number, location: string): Promise<void> {
  const seen = await sys.client.query('select 1 from backup_history where location = $1 and admin_number = $2', [
    location,
    number,
  ]);
  if (seen.rowCount) return;
  const record = await sys.byNumber(number);
  let info: Awaited<ReturnType<typeof inspectBackup>>;
  try {
    const source = await openBackupSource(home, location);
    info = await inspectBackup(source.stream, location, undefined, source.seek);
  } catch (err) {
    if (err instanceof ToolError && err.code === 'BACKUP_KEY_REQUIRED') return; // encrypted: cannot read its manifest; the file stays valid
    // Gone since it was made (a stick pulled), or something else in its place: there is no backup to record.
    if (
      err instanceof ToolError &&
      ['FILE_NOT_FOUND', 'FILE_IS_FOLDER', 'FILE_NOT_REGULAR', 'REPOSITORY_FILE_MISSING'].includes(err.code)
    )
      return;
    throw err;
  }
  // Another administration's file under this name is not this backup.
  if (record && info.manifest.administration.identity !== record.identity) return;
  // A change package (kluis client changes) is written as a backup is, but it is no backup: never in the history.
  if (info.manifest.changes) return;
  await sys.recordBackup({
    number,
    manifest: info.manifest,
    location,
    sizeBytes: info.sizeBytes ?? 0,
    details: { recovered: true },
  });
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
