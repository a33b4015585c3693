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
import { sessionTag } from '../../storage/process-info.js';
import type { KluisContext } from '../context.js';
import { crashPoint } from '../journal/crash-points.js';
import { SystemDb } from '../system-db/system-db.js';
import { checked, interrupted, interruptedItems, type OperationRow, recoverOperation } from './interrupted.js';
import type { RecoveryItem } from './recovery-item.js';
import { performRepair, repairItems } from './repairs.js';

export type { RecoveryAction, RecoveryItem } from './recovery-item.js';

/** What recover would do now; empty when there is nothing to recover. */
export async function listRecovery(ctx: KluisContext): Promise<RecoveryItem[]> {
  const sys = await SystemDb.openExisting(ctx.engine, ctx.systemDatabase);
  if (!sys) return [];
  try {
    return await planRecovery(ctx, sys);
  } finally {
    await sys.close();
  }
}

/** The interrupted operations first (they may hold what a repair would touch), then the repairs. */
async function planRecovery(ctx: KluisContext, sys: SystemDb): Promise<RecoveryItem[]> {
  return [...(await interruptedItems(ctx, sys)), ...(await repairItems(ctx.engine, sys))];
}

export interface RecoveryReport {
  readonly done: RecoveryItem[];
}

/** The advisory lock class of the journal's locks (core/journal); 0 is no administration's number. */
const recoverLockKey = 0x6b6c;

/** Performs every recovery step; safe to interrupt and run again. */
export async function recover(ctx: KluisContext): Promise<RecoveryReport> {
  const sys = await SystemDb.openExisting(ctx.engine, ctx.systemDatabase);
  if (!sys) return { done: [] };
  try {
    // One recover at a time: a second one waits, then finds what the first left (nothing).
    await sys.client.query('select pg_advisory_lock($1, 0)', [recoverLockKey]);
    // Sessions of a dead process may still be finishing a statement on the
    // server (a CREATE DATABASE, a COPY): end them before looking at anything.
    for (const op of await interrupted(sys)) {
      // This process's own sessions include recover's; an operation of its own that gave up has stopped already.
      if (op.pid !== process.pid) await ctx.engine.endSessions(sessionTag(op.pid, op.process_start ?? undefined));
    }
    const items = await planRecovery(ctx, sys);
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
  if (item.operation) {
    const op = (await sys.client.query<OperationRow>('select * from operations where id = $1', [item.operation.id]))
      .rows[0]!;
    await recoverOperation(ctx, sys, checked(sys, op));
    return;
  }
  await performRepair(ctx.engine, sys, item);
}
