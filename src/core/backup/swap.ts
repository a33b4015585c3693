/**
 * Build a new administration database under a staging name, then swap it
 * into place: the shared end of restore, client install and copy. The old
 * administration is untouched until the new database is complete and
 * checked, is set aside only for the swap, and is dropped last. Every step is
 * journaled; recover (core/recover) knows these phases.
 */
import { ToolError, fromPostgresError } from '../../errors/index.js';
import type { KluisContext } from '../context.js';
import { adminNameKey, formatAdminNumber } from '../domain/administration-ref.js';
import { beginOperation, type LockRequest, type Operation } from '../journal/operation-journal.js';
import type { SystemDb } from '../system-db/system-db.js';

export interface SwapTarget {
  readonly number: number;
  readonly name: string;
  readonly databaseName: string;
  /** The identity the administration will have. */
  readonly identity: string;
  /** An existing administration is replaced. */
  readonly overwrites: boolean;
}

export interface Placed {
  readonly directory: string | null;
  readonly tablespace: string | null;
}

/**
 * `build` fills the staging database (recording "staging-created" and
 * "data-loaded" itself) and returns where it placed it; from the "checked"
 * phase on, the new database is complete and recovery finishes the swap.
 * `locks` names the other administrations the operation reads (held with
 * the target's lock until it ends).
 */
export async function buildAndSwap<T>(
  ctx: KluisContext,
  sys: SystemDb,
  kind: string,
  target: SwapTarget,
  journalPlan: Record<string, unknown>,
  build: (staging: string, op: Operation) => Promise<{ result: T; placed: Placed }>,
  locks: LockRequest = {},
): Promise<T> {
  const engine = ctx.engine;
  const op = await beginOperation(sys, kind, target.number, { ...journalPlan, number: target.number, name: target.name, databaseName: target.databaseName, identity: target.identity, overwrites: target.overwrites }, locks);
  const staging = `${sys.name}_stage_${op.id.slice(0, 8)}`;
  const old = `${sys.name}_old_${op.id.slice(0, 8)}`;
  let registeredNew = false;
  let oldRenamed = false;
  let swapped = false;
  try {
    if (!target.overwrites) {
      await sys.insert({ number: target.number, name: target.name, databaseName: target.databaseName, identity: target.identity, directory: null, tablespace: null, status: 'creating' });
      registeredNew = true;
    }
    const { result, placed } = await build(staging, op);
    await op.phase('checked', { directory: placed.directory, tablespace: placed.tablespace });
    if (target.overwrites) {
      const others = await engine.otherConnections(target.databaseName);
      if (others.length) throw new ToolError('ADMIN_HAS_CONNECTIONS', { adm: formatAdminNumber(target.number), count: others.length, who: others.map((o) => `${o.user}/${o.application || '?'}`).join(', ') });
      await engine.renameDatabase(target.databaseName, old);
      oldRenamed = true;
      await op.phase('old-renamed', { old });
    }
    await engine.renameDatabase(staging, target.databaseName);
    swapped = true;
    await op.phase('swapped');
    await sys.client.query(
      `update administrations set name = $2, name_key = $3, identity = $4, directory = $5, tablespace = $6, status = 'ready', updated_at = now() where number = $1`,
      [target.number, target.name, adminNameKey(target.name), target.identity, placed.directory, placed.tablespace],
    );
    if (oldRenamed) await engine.dropDatabase(old, { force: true });
    await op.finish();
    return result;
  } catch (err) {
    // Undo in reverse; the old administration comes back exactly as it was.
    if (swapped) await engine.renameDatabase(target.databaseName, staging).catch(() => undefined);
    if (oldRenamed) await engine.renameDatabase(old, target.databaseName).catch(() => undefined);
    await engine.dropDatabase(staging, { force: true }).catch(() => undefined);
    if (registeredNew) await sys.remove(target.number).catch(() => undefined);
    await op.fail(err).catch(() => undefined);
    throw fromPostgresError(err, engine.name, engine.describe().target, 'query');
  }
}
