/**
 * Build a new administration database under a staging name, then swap it
 * into place: the shared end of restore, client install, copy and XAF
 * import. The old administration is untouched until the new database is
 * complete and checked.
 *
 * The swap is one transaction that renames the old database aside and the
 * staging database into its place (ALTER DATABASE … RENAME is
 * transactional), so whatever dies — kluis, the server, or both — either
 * both renames happened or neither. That makes what exists tell where an
 * interrupted operation stands, and recover (core/recover) and the
 * operation's own failure path settle it with the same two functions below:
 *
 *   phase before "checked", or "abandoned"  → back: drop the staging copy
 *   "checked" or later, staging complete    → forward: do the swap, then
 *                                              register and drop the old one
 *   "checked" or later, staging gone         → forward: it was swapped in
 *   staging left invalid (a drop of it was   → back
 *   interrupted)
 *
 * Databases are only ever dropped when nothing can need them any more: the
 * staging copy once the operation is journaled as going back, the old
 * administration once the new one carries its name. An interrupted DROP
 * DATABASE leaves an invalid database (PostgreSQL 15+); such a database is
 * never renamed into place (Engine.renameDatabases refuses), only dropped.
 */
import type { Engine } from '../../engines/index.js';
import { fromPostgresError, ToolError } from '../../errors/index.js';
import type { PlanOf, SwapKind } from '../../schema/journal.js';
import type { KluisContext } from '../context.js';
import { adminNameKey, formatAdminNumber } from '../domain/administration-ref.js';
import { crashPoint } from '../journal/crash-points.js';
import {
  beginOperation,
  interruptedError,
  isConnectionLoss,
  type LockRequest,
  type Operation,
} from '../journal/operation-journal.js';
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

/** The three databases of one swap. */
export interface SwapNames {
  readonly staging: string;
  readonly old: string;
  readonly target: string;
}

export function swapNames(systemDatabase: string, operationId: string, target: string): SwapNames {
  const tag = operationId.slice(0, 8);
  return { staging: `${systemDatabase}_stage_${tag}`, old: `${systemDatabase}_old_${tag}`, target };
}

/** Phases of a swapping operation up to which only the staging copy exists. */
const beforeChecked = new Set(['planned', 'staging-created', 'data-loaded', 'abandoned']);

/**
 * Which way an interrupted swap must be settled, from its journal phase and
 * what exists on the server (see the module comment).
 */
export async function swapDirection(engine: Engine, names: SwapNames, phase: string): Promise<'forward' | 'back'> {
  if (beforeChecked.has(phase)) return 'back';
  const staging = await engine.databaseState(names.staging);
  if (staging === 'valid') return 'forward';
  if (staging === 'invalid') return 'back';
  return (await engine.databaseState(names.target)) === 'valid' ? 'forward' : 'back';
}

/** What the registry must say once the new database is in place. */
export interface SwapRecord extends Placed {
  readonly number: number;
  readonly name: string;
  readonly identity: string;
  /** An existing administration is replaced; otherwise a database under the target's name is someone else's. */
  readonly overwrites: boolean;
}

/**
 * Finishes a swap from wherever it stopped: renames the staging copy into
 * place if that has not happened, registers the administration as ready and
 * drops the old database. Safe to run again after it was interrupted.
 */
export async function settleForward(
  engine: Engine,
  sys: SystemDb,
  names: SwapNames,
  record: SwapRecord,
  kind: string,
  onSwapped?: () => Promise<void>,
): Promise<void> {
  if ((await engine.databaseState(names.staging)) === 'valid') {
    const target = await engine.databaseState(names.target);
    // An invalid target was being dropped already: the old administration is gone, the new one is complete.
    if (target === 'invalid') await engine.dropDatabase(names.target, { force: true });
    // Only an administration the operation was confirmed to replace is moved aside and dropped.
    if (target === 'valid' && !record.overwrites)
      throw new ToolError('DATABASE_EXISTS', { database: names.target, server: engine.name });
    if (target === 'valid') await refuseConnections(engine, names.target, record.number);
    // The old name may be taken by an old database of an interrupted earlier try of this same swap.
    if (target === 'valid' && (await engine.databaseState(names.old)) !== 'missing')
      await engine.dropDatabase(names.old, { force: true });
    await engine.renameDatabases(
      target === 'valid'
        ? [
            [names.target, names.old],
            [names.staging, names.target],
          ]
        : [[names.staging, names.target]],
    );
    await crashPoint(engine, kind, 'renamed');
    await onSwapped?.();
  }
  await sys.reconnect();
  await sys.client.query(
    `insert into administrations (number, name, name_key, database_name, identity, directory, tablespace, status)
     values ($1, $2, $3, $4, $5, $6, $7, 'ready')
     on conflict (number) do update set name = excluded.name, name_key = excluded.name_key, database_name = excluded.database_name,
       identity = excluded.identity, directory = excluded.directory, tablespace = excluded.tablespace, status = 'ready', updated_at = now()`,
    [
      record.number,
      record.name,
      adminNameKey(record.name),
      names.target,
      record.identity,
      record.directory,
      record.tablespace,
    ],
  );
  await crashPoint(engine, kind, 'registered');
  await engine.dropDatabase(names.old, { force: true });
}

/**
 * Undoes a swap that had not happened: drops the staging copy (complete,
 * partial or half dropped) and the registration of a new administration.
 * A database of an older kluis that renamed the old one aside on its own is
 * renamed back. Safe to run again after it was interrupted.
 */
export async function settleBack(engine: Engine, sys: SystemDb, names: SwapNames, number: number): Promise<void> {
  await engine.dropDatabase(names.staging, { force: true });
  if ((await engine.databaseState(names.target)) === 'missing' && (await engine.databaseState(names.old)) === 'valid') {
    await engine.renameDatabase(names.old, names.target);
  }
  await sys.reconnect();
  await sys.client.query(
    `delete from administrations where number = $1 and database_name = $2 and status = 'creating'`,
    [number, names.target],
  );
}

async function refuseConnections(engine: Engine, database: string, number: number): Promise<void> {
  const others = await engine.otherConnections(database);
  if (others.length)
    throw new ToolError('ADMIN_HAS_CONNECTIONS', {
      adm: formatAdminNumber(number),
      count: others.length,
      who: others.map((o) => `${o.user}/${o.application || '?'}`).join(', '),
    });
}

/**
 * `build` fills the staging database (recording "planned",
 * "staging-created" and "data-loaded" itself) and returns where it placed
 * it; from the "checked" phase on, the new database is complete.
 *
 * When the server goes away once the new database is complete and checked,
 * kluis does what recover would do: it reconnects and finishes the swap, so
 * the operation still succeeds if the server comes back. Any other failure,
 * and any failure before that, is undone. Once the new database carries the
 * administration's name, nothing goes back. If the server does not come
 * back, the operation stays in the journal and the error says to run recover.
 * `locks` names the other administrations the operation reads (held with
 * the target's lock until it ends).
 */
export async function buildAndSwap<T>(
  ctx: KluisContext,
  sys: SystemDb,
  kind: SwapKind,
  target: SwapTarget,
  journalPlan: Pick<PlanOf<SwapKind>, 'file' | 'source' | 'method'>,
  build: (staging: string, op: Operation<SwapKind>) => Promise<{ result: T; placed: Placed }>,
  locks: LockRequest = {},
): Promise<T> {
  const engine = ctx.engine;
  const op = await beginOperation(
    sys,
    kind,
    target.number,
    {
      ...journalPlan,
      number: target.number,
      name: target.name,
      databaseName: target.databaseName,
      identity: target.identity,
      overwrites: target.overwrites,
    },
    locks,
  );
  const names = swapNames(sys.name, op.id, target.databaseName);
  let built: { result: T; record: SwapRecord } | undefined;
  try {
    if (!target.overwrites) {
      await sys.insert({
        number: target.number,
        name: target.name,
        databaseName: target.databaseName,
        identity: target.identity,
        directory: null,
        tablespace: null,
        status: 'creating',
      });
    }
    const { result, placed } = await build(names.staging, op);
    await op.phase('checked', { directory: placed.directory, tablespace: placed.tablespace });
    built = {
      result,
      record: {
        number: target.number,
        name: target.name,
        identity: target.identity,
        overwrites: target.overwrites,
        ...placed,
      },
    };
    await settleForward(engine, sys, names, built.record, kind, () => op.phase('swapped'));
    await op.finish();
    return result;
  } catch (err) {
    if (built && (await goesForward(engine, names, err))) {
      try {
        await settleForward(engine, sys, names, built.record, kind);
        await op.finish();
        return built.result;
      } catch (again) {
        throw isConnectionLoss(again) ? interruptedError(engine.name, op, err) : again;
      }
    }
    const undone = await op.abandon(err, async () => {
      await op.phase('abandoned');
      await settleBack(engine, sys, names, target.number);
    });
    throw fromPostgresError(undone, engine.name, engine.describe().target, 'query');
  }
}

/**
 * After a failure once the new database was checked: forward when it is
 * already in place, or when the server went away (as recover would);
 * back for anything else that stopped the swap before it happened.
 */
async function goesForward(engine: Engine, names: SwapNames, err: unknown): Promise<boolean> {
  try {
    if ((await swapDirection(engine, names, 'checked')) === 'back') return false;
    return isConnectionLoss(err) || (await engine.databaseState(names.staging)) === 'missing';
  } catch (again) {
    // The server is not back: nothing can be settled now, in either direction.
    if (isConnectionLoss(again)) return true;
    throw again;
  }
}
