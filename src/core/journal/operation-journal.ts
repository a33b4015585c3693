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
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../../errors/index.js';
import { isSameProcess, processStartTime, thisHost } from '../../storage/process-info.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import type { SystemDb } from '../system-db/system-db.js';

export interface Operation {
  readonly id: string;
  readonly kind: string;
  readonly adminNumber: number | undefined;
  /** Records that the operation reached `phase` (committed before returning). */
  phase(phase: string, planUpdate?: Record<string, unknown>): Promise<void>;
  /** Marks the operation done and releases its lock. */
  finish(): Promise<void>;
  /** Marks the operation failed (after it undid its own work) and releases its lock. */
  fail(error: unknown): Promise<void>;
}

interface LockRow {
  operation_id: string;
  kind: string;
  host: string;
  pid: number;
  process_start: string | null;
  acquired_at: Date;
}

function holderText(row: LockRow): string {
  return `${row.kind} (pid ${row.pid} on ${row.host}, since ${row.acquired_at.toISOString()})`;
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
export async function beginOperation(
  sys: SystemDb,
  kind: string,
  adminNumber: number | undefined,
  plan: Record<string, unknown>,
  locks: LockRequest = {},
): Promise<Operation> {
  const id = randomUUID();
  const processStart = processStartTime(process.pid) ?? null;
  const c = sys.client;
  const numbers = [...new Set([...(adminNumber === undefined ? [] : [adminNumber]), ...(locks.also ?? [])])].sort((a, b) => a - b);
  await c.query('begin');
  try {
    await c.query(
      `insert into operations (id, kind, admin_number, phase, status, host, pid, process_start, plan)
       values ($1, $2, $3, 'planned', 'running', $4, $5, $6, $7)`,
      [id, kind, adminNumber ?? null, thisHost, process.pid, processStart, JSON.stringify(plan)],
    );
    for (const number of numbers) await c.query('select pg_advisory_xact_lock($1, $2)', [0x6b6c, number]);
    for (const number of numbers) await takeLock(sys, { id, kind, processStart, takeOverFrom: locks.takeOverFrom }, number);
    await c.query('commit');
  } catch (err) {
    await c.query('rollback').catch(() => undefined);
    throw err;
  }
  crashPoint(kind, 'journaled');
  await pausePoint(kind, 'journaled');

  const release = async (status: 'done' | 'failed', error?: unknown) => {
    await c.query('begin');
    await c.query(`update operations set status = $2, finished_at = now(), updated_at = now(), error = $3 where id = $1`, [
      id,
      status,
      error === undefined ? null : JSON.stringify({ code: (error as ToolError).code ?? 'INTERNAL', message: (error as Error).message ?? String(error) }),
    ]);
    await c.query('delete from locks where operation_id = $1', [id]);
    await c.query('commit');
  };

  return {
    id,
    kind,
    adminNumber,
    async phase(phase, planUpdate) {
      await c.query(`update operations set phase = $2, updated_at = now(), plan = plan || $3::jsonb where id = $1`, [id, phase, JSON.stringify(planUpdate ?? {})]);
      crashPoint(kind, phase);
      await pausePoint(kind, phase);
    },
    finish: () => release('done'),
    fail: (error) => release('failed', error),
  };
}

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
  const alive = row.host !== thisHost || isSameProcess(row.pid, row.process_start ?? undefined);
  if (alive) throw new ToolError('ADMIN_IN_USE', { adm: formatAdminNumber(adminNumber), holder: holderText(row) });
  if (row.status === 'running') throw new ToolError('RECOVERY_NEEDED', { adm: formatAdminNumber(adminNumber), what: holderText(row) });
}

/**
 * Test hook for crash tests: KLUIS_CRASH_AT="<kind>:<phase>" kills this
 * process with SIGKILL right after that phase was recorded, exactly as a
 * power cut would. Has no effect otherwise.
 */
export function crashPoint(kind: string, phase: string): void {
  const at = process.env['KLUIS_CRASH_AT'];
  if (at && at === `${kind}:${phase}`) process.kill(process.pid, 'SIGKILL');
}

/**
 * Test hook for concurrency tests: KLUIS_PAUSE_AT="<kind>:<phase>" holds
 * this process right after that phase was recorded, with its locks taken,
 * until a file "release" appears in the folder KLUIS_PAUSE_DIR. It writes
 * "paused" (its pid) there first, so a test knows when to start a second
 * operation: no timing is guessed. Has no effect otherwise.
 */
export async function pausePoint(kind: string, phase: string): Promise<void> {
  const at = process.env['KLUIS_PAUSE_AT'];
  const dir = process.env['KLUIS_PAUSE_DIR'];
  if (!at || !dir || at !== `${kind}:${phase}`) return;
  writeFileSync(join(dir, 'paused'), String(process.pid));
  while (!existsSync(join(dir, 'release'))) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Inserts the lock row. A lock whose holder died (same host, process gone)
 * belongs to an interrupted operation: recover must look at it first, so the
 * administration is refused until then. Runs inside the caller's
 * transaction, after the caller took the administration's advisory lock (so
 * the stale check and the insert are atomic).
 */
async function takeLock(sys: SystemDb, taker: { id: string; kind: string; processStart: string | null; takeOverFrom: string | undefined }, adminNumber: number): Promise<void> {
  const c = sys.client;
  const existing = await c.query<LockRow>('select * from locks where admin_number = $1', [adminNumber]);
  const row = existing.rows[0];
  if (row && taker.takeOverFrom !== undefined && row.operation_id === taker.takeOverFrom) {
    await c.query('update locks set operation_id = $2, kind = $3, acquired_at = now() where admin_number = $1', [adminNumber, taker.id, taker.kind]);
    return;
  }
  if (row) {
    const stale = row.host === thisHost && !isSameProcess(row.pid, row.process_start ?? undefined);
    if (!stale) throw new ToolError('ADMIN_IN_USE', { adm: formatAdminNumber(adminNumber), holder: holderText(row) });
    const op = await c.query<{ status: string }>('select status from operations where id = $1', [row.operation_id]);
    if (op.rows[0]?.status === 'running') throw new ToolError('RECOVERY_NEEDED', { adm: formatAdminNumber(adminNumber), what: holderText(row) });
    // The holder died after its operation was settled: only the lock row was left.
    await c.query('delete from locks where admin_number = $1', [adminNumber]);
  }
  await c.query(
    `insert into locks (admin_number, operation_id, kind, host, pid, process_start) values ($1, $2, $3, $4, $5, $6)`,
    [adminNumber, taker.id, taker.kind, thisHost, process.pid, taker.processStart],
  );
}
