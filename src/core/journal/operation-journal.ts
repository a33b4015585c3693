/**
 * Every writing operation is journaled in the system database before it
 * touches anything, and holds a lock on every administration it changes or
 * reads (a copy's source too). The
 * journal row records its phase as it goes, so an interrupted operation can
 * be found and recovered; the lock row records who holds it (host, pid,
 * process start), so a second operation gets a clear "in use by …" and a
 * lock whose process died is recognised as stale and cleared.
 */
import { randomUUID } from 'node:crypto';
import { fromPostgresError, type Phrase, type PlainPhraseCode, phrase, ToolError } from '../../errors/index.js';
import type { OperationKind, PlanOf } from '../../schema/journal.js';
import { isSameProcess, processStartTime, thisHost } from '../../storage/process-info.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { formatDateTime } from '../formats.js';
import type { SystemDb } from '../system-db/system-db.js';
import { operationEnded, operationStarted, stopIfCancelled } from './cancellation.js';
import { crashPoint, pausePoint } from './crash-points.js';

/**
 * What an operation of kind `K` records as its plan: for kluis's own kinds
 * the type of its schema (src/schema/journal.ts), which recover checks it
 * against; a test may journal a kind of its own.
 */
export type PlanFor<K extends string> = K extends OperationKind ? PlanOf<K> : Readonly<Record<string, unknown>>;

export interface Operation<K extends string = string> {
  readonly id: string;
  readonly kind: K;
  readonly adminNumber: number | undefined;
  /** Records that the operation reached `phase` (committed before returning), adding `planUpdate` to its plan. */
  phase(phase: string, planUpdate?: Partial<PlanFor<K>>): Promise<void>;
  /** Marks the operation done and releases its lock. */
  finish(): Promise<void>;
  /** Marks the operation failed (after it undid its own work) and releases its lock. */
  fail(error: unknown): Promise<void>;
  /**
   * After `error`: runs `undo` (which puts everything back as it was), marks
   * the operation failed and returns the error to throw. When the server went
   * away and could not be reached again to undo or record that, the
   * operation stays in the journal for recover and the error returned is
   * OPERATION_INTERRUPTED, which says so.
   */
  abandon(error: unknown, undo: () => Promise<void>): Promise<unknown>;
}

interface LockRow {
  operation_id: string;
  kind: string;
  host: string;
  pid: number;
  process_start: string | null;
  acquired_at: Date;
}

/** Who holds a lock, in words: "het terugzetten (proces 8463 op vm, sinds 3 december 2026 07:20)". */
function holderText(row: LockRow): Phrase {
  return phrase('OPERATION_HOLDER', {
    what: operationText(row.kind),
    pid: row.pid,
    host: row.host,
    // A moment is written differently per language: the parameter is the phrase's own words in both.
    since: { nl: formatDateTime(row.acquired_at, 'nl'), en: formatDateTime(row.acquired_at, 'en') },
  });
}

/**
 * Other administrations an operation locks besides its own: those it reads
 * (a copy's source, the open administration a client install takes its
 * licence and users from).
 */
export interface LockRequest {
  readonly also?: readonly number[];
  /**
   * An operation of this same process whose locks on these numbers pass to
   * the new one in the same transaction, so the administration is never
   * unlocked in between (a copy takes over the source from the backup it
   * streams).
   */
  readonly takeOverFrom?: string;
}

/**
 * Journals an operation and locks `adminNumber` and `locks.also`, all in one
 * transaction: it gets every lock or none. Lock takers serialise per
 * administration in ascending number order, so two operations that want
 * overlapping sets can never wait for each other in a circle.
 */
export async function beginOperation<K extends string>(
  sys: SystemDb,
  kind: K,
  adminNumber: number | undefined,
  plan: PlanFor<K>,
  locks: LockRequest = {},
): Promise<Operation<K>> {
  const id = randomUUID();
  const processStart = processStartTime(process.pid) ?? null;
  const c = sys.client;
  const numbers = [...new Set([...(adminNumber === undefined ? [] : [adminNumber]), ...(locks.also ?? [])])].sort(
    (a, b) => a - b,
  );
  await c.query('begin');
  try {
    await c.query(
      `insert into operations (id, kind, admin_number, phase, status, host, pid, process_start, plan)
       values ($1, $2, $3, 'planned', 'running', $4, $5, $6, $7)`,
      [id, kind, adminNumber ?? null, thisHost, process.pid, processStart, JSON.stringify(plan)],
    );
    for (const number of numbers) await c.query('select pg_advisory_xact_lock($1, $2)', [0x6b6c, number]);
    for (const number of numbers)
      await takeLock(sys, { id, kind, processStart, takeOverFrom: locks.takeOverFrom }, number);
    await c.query('commit');
  } catch (err) {
    await c.query('rollback').catch(() => undefined);
    throw err;
  }
  operationStarted(id);
  await crashPoint(sys.engine, kind, 'journaled');
  await pausePoint(kind, 'journaled');

  // Each write takes the system database's current connection: after the
  // server restarted, `reconnect` has replaced the one the operation began on.
  const release = async (status: 'done' | 'failed', error?: unknown) => {
    // How an operation ends is recorded even when the server restarted under it.
    await sys.reconnect();
    const c = sys.client;
    await c.query('begin');
    await c.query(
      `update operations set status = $2, finished_at = now(), updated_at = now(), error = $3 where id = $1`,
      [
        id,
        status,
        error === undefined
          ? null
          : JSON.stringify({
              code: (error as ToolError).code ?? 'INTERNAL',
              message: (error as Error).message ?? String(error),
            }),
      ],
    );
    await c.query('delete from locks where operation_id = $1', [id]);
    await c.query('commit');
    operationEnded(id);
  };

  const operation: Operation<K> = {
    id,
    kind,
    adminNumber,
    async phase(phase, planUpdate) {
      await sys.client.query(
        `update operations set phase = $2, updated_at = now(), plan = plan || $3::jsonb where id = $1`,
        [id, phase, JSON.stringify(planUpdate ?? {})],
      );
      await crashPoint(sys.engine, kind, phase);
      await pausePoint(kind, phase);
      stopIfCancelled(kind, phase);
    },
    finish: () => release('done'),
    fail: (error) => release('failed', error),
    async abandon(error, undo) {
      try {
        await sys.reconnect();
        await undo();
        await release('failed', error);
        // What the pg driver throws when the server went away reaches people as SERVER_LOST.
        return isConnectionLoss(error)
          ? fromPostgresError(error, sys.engine.name, sys.engine.describe().target, 'query')
          : error;
      } catch (cleanup) {
        if (!isConnectionLoss(cleanup)) throw cleanup;
        return interruptedError(sys.engine.name, operation, error);
      }
    },
  };
  return operation;
}

/**
 * Runs `work` as one journaled operation (see beginOperation): done when it
 * returns; when it throws, `undo` puts back what it did (by default there
 * is nothing to put back: the work changed nothing, or only in one
 * transaction of its own), the operation is marked failed and the error
 * thrown is the one `abandon` returns (OPERATION_INTERRUPTED when the
 * server is gone and recover must finish the job). For operations that,
 * once begun, either finish or are undone whole; those that may also finish
 * after a failure (a backup once written, a swap once checked) manage their
 * operation themselves.
 */
export async function withOperation<K extends string, T>(
  sys: SystemDb,
  kind: K,
  adminNumber: number,
  plan: PlanFor<K>,
  work: (op: Operation<K>) => Promise<T>,
  undo: () => Promise<void> = async () => undefined,
): Promise<T> {
  const op = await beginOperation(sys, kind, adminNumber, plan);
  try {
    const result = await work(op);
    await op.finish();
    return result;
  } catch (err) {
    throw await op.abandon(err, undo);
  }
}

/**
 * Operations of this process that gave up (OPERATION_INTERRUPTED): nothing
 * works on them any more, so recover may settle them although this process
 * lives on (the web wizard's server does), and they are no longer "in use".
 */
const leftForRecover = new Set<string>();

/** The holder of a lock or a running journal row is gone: another process of this host died, or this one gave up. */
export function holderGone(row: {
  operation_id?: string;
  id?: string;
  host: string;
  pid: number;
  process_start: string | null;
}): boolean {
  if (row.host !== thisHost) return false;
  return (
    leftForRecover.has(row.operation_id ?? row.id ?? '') || !isSameProcess(row.pid, row.process_start ?? undefined)
  );
}

/** The operation could neither finish nor be undone because the server is gone: recover will. */
export function interruptedError(
  server: string,
  op: Pick<Operation, 'id' | 'kind' | 'adminNumber'>,
  cause: unknown,
): ToolError {
  leftForRecover.add(op.id);
  return new ToolError(
    'OPERATION_INTERRUPTED',
    {
      server,
      what: operationText(op.kind),
      adm: op.adminNumber === undefined ? '-' : formatAdminNumber(op.adminNumber),
    },
    { cause },
  );
}

/** Errors that mean the server went away (or never came back), not that kluis or the input is wrong. */
export function isConnectionLoss(err: unknown): boolean {
  // What the pg driver throws on a dead connection is classified the way every error reaching a person is.
  const { code } = err instanceof ToolError ? err : fromPostgresError(err, '', '', 'query');
  return (
    code === 'SERVER_LOST' ||
    code === 'SERVER_UNREACHABLE' ||
    code === 'OPERATION_INTERRUPTED' ||
    code === 'EMBEDDED_START_FAILED' ||
    code === 'EMBEDDED_FOLDER_FOREIGN'
  );
}

/** What an operation of this kind is called in a sentence. */
export function operationText(kind: string): Phrase {
  const code = operationPhrases[kind];
  return code ? phrase(code) : phrase('OPERATION_OTHER', { kind });
}

const operationPhrases: Record<string, PlainPhraseCode> = {
  'admin-create': 'OPERATION_ADMIN_CREATE',
  'admin-delete': 'OPERATION_ADMIN_DELETE',
  backup: 'OPERATION_BACKUP',
  restore: 'OPERATION_RESTORE',
  'client-install': 'OPERATION_CLIENT_INSTALL',
  copy: 'OPERATION_COPY',
  'xaf-import': 'OPERATION_XAF_IMPORT',
  'xaf-export': 'OPERATION_XAF_EXPORT',
  'cloud-prepare': 'OPERATION_CLOUD_PREPARE',
  'licence-import-client': 'OPERATION_LICENCE_IMPORT_CLIENT',
  'user-change': 'OPERATION_USER_CHANGE',
  prune: 'OPERATION_PRUNE',
  'hand-out': 'OPERATION_HAND_OUT',
  'hand-out-cancel': 'OPERATION_HAND_OUT_CANCEL',
  'client-apply': 'OPERATION_CLIENT_APPLY',
};

/**
 * True when `err` says that another operation took `number` after it was
 * chosen as the lowest free one and before this operation locked it: then
 * nothing was done yet, and the next free number can be tried.
 */
export function numberTakenMeanwhile(err: unknown, number: number): boolean {
  if (!(err instanceof ToolError)) return false;
  const named = formatAdminNumber(number);
  if (err.code === 'ADMIN_IN_USE' || err.code === 'RECOVERY_NEEDED') return err.params['adm'] === named;
  return err.code === 'ADMIN_NUMBER_TAKEN' && err.params['number'] === named;
}

/** How often an operation that chose a free number tries again when others keep taking it first. */
export const freeNumberAttempts = 10;

/**
 * Refuses, without taking anything, when an administration is held by a
 * running operation (ADMIN_IN_USE) or by one that was interrupted
 * (RECOVERY_NEEDED). For plans that must not mistake such a state for a
 * settled one.
 */
export async function assertAvailable(sys: SystemDb, adminNumber: number): Promise<void> {
  const r = await sys.client.query<LockRow & { status: string | null }>(
    'select l.*, o.status from locks l left join operations o on o.id = l.operation_id where l.admin_number = $1',
    [adminNumber],
  );
  const row = r.rows[0];
  if (!row) return;
  const alive = !holderGone(row);
  if (alive) throw new ToolError('ADMIN_IN_USE', { adm: formatAdminNumber(adminNumber), holder: holderText(row) });
  if (row.status === 'running')
    throw new ToolError('RECOVERY_NEEDED', { adm: formatAdminNumber(adminNumber), what: holderText(row) });
}

/**
 * Inserts the lock row. A lock whose holder died (same host, process gone)
 * belongs to an interrupted operation: recover must look at it first, so the
 * administration is refused until then. Runs inside the caller's
 * transaction, after the caller took the administration's advisory lock (so
 * the stale check and the insert are atomic).
 */
async function takeLock(
  sys: SystemDb,
  taker: { id: string; kind: string; processStart: string | null; takeOverFrom: string | undefined },
  adminNumber: number,
): Promise<void> {
  const c = sys.client;
  const existing = await c.query<LockRow>('select * from locks where admin_number = $1', [adminNumber]);
  const row = existing.rows[0];
  if (row && taker.takeOverFrom !== undefined && row.operation_id === taker.takeOverFrom) {
    await c.query('update locks set operation_id = $2, kind = $3, acquired_at = now() where admin_number = $1', [
      adminNumber,
      taker.id,
      taker.kind,
    ]);
    return;
  }
  if (row) {
    const stale = holderGone(row);
    if (!stale) throw new ToolError('ADMIN_IN_USE', { adm: formatAdminNumber(adminNumber), holder: holderText(row) });
    const op = await c.query<{ status: string }>('select status from operations where id = $1', [row.operation_id]);
    if (op.rows[0]?.status === 'running')
      throw new ToolError('RECOVERY_NEEDED', { adm: formatAdminNumber(adminNumber), what: holderText(row) });
    // The holder died after its operation was settled: only the lock row was left.
    await c.query('delete from locks where admin_number = $1', [adminNumber]);
  }
  await c.query(
    `insert into locks (admin_number, operation_id, kind, host, pid, process_start) values ($1, $2, $3, $4, $5, $6)`,
    [adminNumber, taker.id, taker.kind, thisHost, process.pid, taker.processStart],
  );
}
