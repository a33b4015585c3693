/**
 * Recover (wizard action 3): bring every administration back to a
 * consistent state after an operation was interrupted (crash, kill, power
 * loss, lost connection), and repair what the registry and the server
 * disagree about.
 *
 * Each interrupted operation is rolled back (the administration exactly as
 * before) or rolled forward (exactly as if it had finished), by its kind and
 * the last phase its journal recorded. Every step checks what actually
 * exists before acting, so recovery can itself be interrupted and run again
 * with the same result.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Engine } from '../../engines/index.js';
import { type Localized, ToolError } from '../../errors/index.js';
import { sessionTag } from '../../storage/process-info.js';
import { AdminDb } from '../admin-db/admin-db.js';
import { inspectBackup } from '../backup/inspect-backup.js';
import type { KluisContext } from '../context.js';
import { adminDatabaseName, adminNameKey, formatAdminNumber } from '../domain/administration-ref.js';
import { openBackupFile } from '../files.js';
import { crashPoint } from '../journal/crash-points.js';
import { holderGone, operationText } from '../journal/operation-journal.js';
import { type SwapNames, settleBack, settleForward, swapDirection, swapNames } from '../staging/swap.js';
import { SystemDb } from '../system-db/system-db.js';

export type RecoveryAction =
  | 'roll-back'
  | 'roll-forward'
  | 'settle'
  | 'remove-registry-entry'
  | 'attach-database'
  | 'drop-leftover'
  | 'drop-half-deleted';

export interface RecoveryItem {
  readonly action: RecoveryAction;
  readonly adminNumber: number | null;
  /** The interrupted operation, when the item comes from the journal. */
  readonly operation?: {
    readonly id: string;
    readonly kind: string;
    readonly phase: string;
    readonly startedAt: string;
    readonly host: string;
    readonly pid: number;
  };
  /** The database concerned, for repairs. */
  readonly database?: string;
  readonly description: Localized;
}

interface OperationRow {
  id: string;
  kind: string;
  admin_number: number | null;
  phase: string;
  host: string;
  pid: number;
  process_start: string | null;
  started_at: Date;
  plan: Record<string, unknown>;
}

/** Operations that build a staging database and swap it in (core/staging/swap.ts). */
function isSwap(kind: string): boolean {
  return kind === 'restore' || kind === 'client-install' || kind === 'copy' || kind === 'xaf-import';
}

function namesOf(sys: SystemDb, op: OperationRow): SwapNames {
  return swapNames(sys.name, op.id, String(op.plan['databaseName'] ?? adminDatabaseName(sys.name, op.admin_number!)));
}

/** Operations still marked running whose process on this host is gone. */
async function interrupted(sys: SystemDb): Promise<OperationRow[]> {
  const r = await sys.client.query<OperationRow>(
    `select * from operations where status = 'running' order by started_at`,
  );
  return r.rows.filter((op) => holderGone(op));
}

/** Which way an interrupted operation is settled; for a swap this depends on what exists on the server. */
async function actionFor(engine: Engine, sys: SystemDb, op: OperationRow): Promise<RecoveryAction> {
  switch (op.kind) {
    case 'admin-create':
      return op.phase === 'schema-ready' ? 'roll-forward' : 'roll-back';
    case 'admin-delete':
      return op.phase === 'planned' ? 'roll-back' : 'roll-forward';
    case 'backup':
      return op.phase === 'written' ? 'roll-forward' : 'roll-back';
    case 'cloud-prepare':
      // Registering is its last step: registered means done.
      return (await sys.list()).some((r) => r.databaseName === op.plan['database']) ? 'roll-forward' : 'roll-back';
    default:
      if (isSwap(op.kind))
        return (await swapDirection(engine, namesOf(sys, op), op.phase)) === 'forward' ? 'roll-forward' : 'roll-back';
      return 'settle';
  }
}

function describeOperation(op: OperationRow, action: RecoveryAction): Localized {
  const adm = op.admin_number === null ? '' : formatAdminNumber(op.admin_number);
  const plan = op.plan;
  const forward = action === 'roll-forward';
  switch (op.kind) {
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
            nl: `back-up van ${adm} was geschreven (${plan['location']}); in de historie zetten`,
            en: `the backup of ${adm} was written (${plan['location']}); record it in the history`,
          }
        : { nl: `onvolledige back-up van ${adm} verwijderen`, en: `remove the incomplete backup of ${adm}` };
    case 'cloud-prepare':
      return forward
        ? { nl: `gereedmaken van ${adm} was klaar; afronden`, en: `making ${adm} ready had finished; settle it` }
        : {
            nl: `gereedmaken van database ${plan['database']} was niet klaar; die blijft ongeregistreerd (voer "kluis cloud prepare" opnieuw uit)`,
            en: `making database ${plan['database']} ready had not finished; it stays unregistered (run "kluis cloud prepare" again)`,
          };
    default: {
      const what = operationText(op.kind);
      if (isSwap(op.kind)) {
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

/** What recover would do now; empty when there is nothing to recover. */
export async function listRecovery(ctx: KluisContext): Promise<RecoveryItem[]> {
  if (!(await ctx.engine.databaseExists(ctx.systemDatabase))) return [];
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    return await planRecovery(ctx.engine, sys);
  } finally {
    await sys.close();
  }
}

async function planRecovery(engine: Engine, sys: SystemDb): Promise<RecoveryItem[]> {
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
  const running = await sys.client.query<{ id: string; admin_number: number | null }>(
    `select id, admin_number from operations where status = 'running' union all select operation_id, admin_number from locks`,
  );
  // An administration an operation holds — alive or interrupted — is that operation's to settle, never a repair's:
  // a restore's new registration has no database until its swap.
  const busy = new Set(running.rows.map((r) => r.admin_number));
  const activeTags = new Set(running.rows.map((r) => r.id.slice(0, 8)));
  const databases = await engine.listDatabases();
  // Left invalid by a DROP DATABASE the server died in: they can only be dropped.
  const invalid = await engine.invalidDatabases();
  const registry = await sys.list();
  for (const rec of registry) {
    if (busy.has(rec.number)) continue;
    const adm = formatAdminNumber(rec.number);
    if (invalid.includes(rec.databaseName)) {
      items.push({
        action: 'drop-half-deleted',
        adminNumber: rec.number,
        database: rec.databaseName,
        description: {
          nl: `de database van ${adm} "${rec.name}" is half verwijderd (de server stopte tijdens het verwijderen) en niet meer leesbaar; database en registratie verwijderen`,
          en: `the database of ${adm} "${rec.name}" was left half dropped (the server stopped while dropping it) and cannot be read; remove it and its registration`,
        },
      });
    } else if (!databases.includes(rec.databaseName)) {
      items.push({
        action: 'remove-registry-entry',
        adminNumber: rec.number,
        database: rec.databaseName,
        description: {
          nl: `${adm} "${rec.name}" staat geregistreerd maar de database ontbreekt; registratie verwijderen`,
          en: `${adm} "${rec.name}" is registered but its database is missing; remove the registration`,
        },
      });
    }
  }
  const prefix = `${sys.name}_`;
  for (const db of [...databases, ...invalid]) {
    if (!db.startsWith(prefix)) continue;
    const rest = db.slice(prefix.length);
    const adm = /^adm_(\d{3})$/.exec(rest);
    if (adm) {
      const number = Number(adm[1]);
      if (busy.has(number) || registry.some((r) => r.databaseName === db)) continue;
      if (invalid.includes(db)) {
        items.push({
          action: 'drop-leftover',
          adminNumber: null,
          database: db,
          description: { nl: `half verwijderde database ${db} opruimen`, en: `drop the half-dropped database ${db}` },
        });
      } else {
        items.push({
          action: 'attach-database',
          adminNumber: number,
          database: db,
          description: {
            nl: `database ${db} is niet correct gekoppeld; als administratie ${adm[1]} registreren`,
            en: `database ${db} is not correctly attached; register it as administration ${adm[1]}`,
          },
        });
      }
      continue;
    }
    const leftover = /^(stage|old)_([0-9a-f]{8})$/.exec(rest);
    if (leftover && !activeTags.has(leftover[2]!)) {
      items.push({
        action: 'drop-leftover',
        adminNumber: null,
        database: db,
        description: {
          nl: `achtergebleven tijdelijke database ${db} verwijderen`,
          en: `drop leftover temporary database ${db}`,
        },
      });
    }
  }
  return items;
}

export interface RecoveryReport {
  readonly done: RecoveryItem[];
}

/** The advisory lock class of the journal's locks (core/journal); 0 is no administration's number. */
const recoverLockKey = 0x6b6c;

/** Performs every recovery step; safe to interrupt and run again. */
export async function recover(ctx: KluisContext): Promise<RecoveryReport> {
  if (!(await ctx.engine.databaseExists(ctx.systemDatabase))) return { done: [] };
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    // One recover at a time: a second one waits, then finds what the first left (nothing).
    await sys.client.query('select pg_advisory_lock($1, 0)', [recoverLockKey]);
    // Sessions of a dead process may still be finishing a statement on the
    // server (a CREATE DATABASE, a COPY): end them before looking at anything.
    for (const op of await interrupted(sys)) {
      // This process's own sessions include recover's; an operation of its own that gave up has stopped already.
      if (op.pid !== process.pid) await ctx.engine.endSessions(sessionTag(op.pid, op.process_start ?? undefined));
    }
    const items = await planRecovery(ctx.engine, sys);
    for (const item of items) {
      await perform(ctx, sys, item);
      await crashPoint(ctx.engine, 'recover', 'step');
    }
    return { done: items };
  } finally {
    await sys.close();
  }
}

async function perform(ctx: KluisContext, sys: SystemDb, item: RecoveryItem): Promise<void> {
  const engine = ctx.engine;
  if (item.operation) {
    const op = (await sys.client.query<OperationRow>('select * from operations where id = $1', [item.operation.id]))
      .rows[0]!;
    await recoverOperation(ctx, sys, op);
    return;
  }
  switch (item.action) {
    case 'remove-registry-entry':
      await sys.client.query('delete from administrations where number = $1 and database_name = $2', [
        item.adminNumber,
        item.database,
      ]);
      return;
    case 'drop-leftover':
      await engine.dropDatabase(item.database!, { force: true });
      return;
    case 'drop-half-deleted':
      await engine.dropDatabase(item.database!, { force: true });
      await sys.client.query('delete from administrations where number = $1 and database_name = $2', [
        item.adminNumber,
        item.database,
      ]);
      return;
    case 'attach-database':
      await attach(engine, sys, item.adminNumber!, item.database!);
      return;
    default:
      return;
  }
}

/** Registers a database that is a kluis administration but is not in the registry. */
async function attach(engine: Engine, sys: SystemDb, number: number, database: string): Promise<void> {
  let name = `Administratie ${formatAdminNumber(number)}`;
  let identity: string | undefined;
  try {
    const db = await AdminDb.open(engine, database);
    try {
      const s = await db.settings();
      name = s.name;
      identity = s.identity;
    } finally {
      await db.close();
    }
  } catch {
    // Not a readable administration: leave it alone rather than guess.
    return;
  }
  if (await sys.byName(name)) name = `${name} (${formatAdminNumber(number)})`.slice(0, 60);
  await sys.client.query(
    `insert into administrations (number, name, name_key, database_name, identity, status) values ($1, $2, $3, $4, $5, 'ready') on conflict (number) do nothing`,
    [number, name, adminNameKey(name), database, identity],
  );
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

async function recoverOperation(ctx: KluisContext, sys: SystemDb, op: OperationRow): Promise<void> {
  const engine = ctx.engine;
  const plan = op.plan;
  const number = op.admin_number!;
  const action = await actionFor(engine, sys, op);
  switch (op.kind) {
    case 'admin-create': {
      const database = String(plan['databaseName'] ?? adminDatabaseName(sys.name, number));
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
      const database = String(plan['database']);
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
      const partial = plan['partial'] as string | null;
      if (partial) rmSync(partial, { force: true });
      const location = String(plan['location']);
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
      const partial = plan['partial'] as string | null;
      if (partial) rmSync(partial, { force: true });
      return settle(sys, op, 'rolled_back');
    }
    default:
      if (isSwap(op.kind)) return recoverSwap(engine, sys, op, action);
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
async function recoverSwap(engine: Engine, sys: SystemDb, op: OperationRow, action: RecoveryAction): Promise<void> {
  const names = namesOf(sys, op);
  const number = op.admin_number!;
  if (action === 'roll-back') {
    await settleBack(engine, sys, names, number);
    return settle(sys, op, 'rolled_back');
  }
  const plan = op.plan;
  const record = {
    number,
    name: String(plan['name']),
    identity: String(plan['identity']),
    directory: (plan['directory'] as string | null) ?? null,
    tablespace: (plan['tablespace'] as string | null) ?? null,
    overwrites: plan['overwrites'] === true,
  };
  await settleForward(engine, sys, names, record, 'recover');
  return settle(sys, op, 'done');
}
