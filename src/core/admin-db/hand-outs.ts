/**
 * The hand-outs an administration's books record (`hand_outs`, schema 5):
 * reading them, and removing one whose backup never completed. The
 * operations are in core/client/hand-out.ts.
 */
import type pg from 'pg';

/** A hand-out as the administration's books record it (`hand_outs`). */
export interface HandOutInfo {
  readonly id: string;
  /** The dividing date, YYYY-MM-DD: entries up to and including it are the accountant's while it is outstanding. */
  readonly until: string;
  /** 'client': the client's own books; 'accountant': the copy the accountant installed from the hand-out. */
  readonly side: 'client' | 'accountant';
  readonly status: 'outstanding' | 'cancelled' | 'applied' | 'returned';
  /** ISO 8601. */
  readonly madeAt: string;
  readonly madeBy: string;
  readonly closedAt?: string;
  readonly closedBy?: string;
  /** The sequence number of the change package applied (status applied). */
  readonly appliedPackage?: number;
}

export interface HandOutRow {
  id: string;
  until: string;
  side: HandOutInfo['side'];
  status: HandOutInfo['status'];
  made_at: Date;
  made_by: string;
  closed_at: Date | null;
  closed_by: string | null;
  applied_package: number | null;
}

export const handOutColumns = `id::text, until::text, side, status, made_at, made_by, closed_at, closed_by, applied_package`;

export function infoOf(r: HandOutRow): HandOutInfo {
  return {
    id: r.id,
    until: r.until,
    side: r.side,
    status: r.status,
    madeAt: r.made_at.toISOString(),
    madeBy: r.made_by,
    ...(r.closed_at ? { closedAt: r.closed_at.toISOString() } : {}),
    ...(r.closed_by !== null ? { closedBy: r.closed_by } : {}),
    ...(r.applied_package !== null ? { appliedPackage: r.applied_package } : {}),
  };
}

/** Whether the administration's schema has hand-outs (version 5; an older one has had none). */
export async function hasHandOuts(c: pg.ClientBase): Promise<boolean> {
  return (await c.query<{ t: string | null }>(`select to_regclass('public.hand_outs')::text as t`)).rows[0]!.t !== null;
}

/**
 * The hand-out the books hold: the outstanding one, else the latest made
 * (its status says which); undefined when there never was one. For the
 * core's own readers: admin show, the apply (core/client/apply.ts), the
 * wizards.
 */
export async function readHandOut(c: pg.ClientBase): Promise<HandOutInfo | undefined> {
  if (!(await hasHandOuts(c))) return undefined;
  const r = await c.query<HandOutRow>(
    `select ${handOutColumns} from hand_outs order by status = 'outstanding' desc, made_at desc limit 1`,
  );
  return r.rows[0] && infoOf(r.rows[0]);
}

/**
 * Removes the hand-out `id` while it is still outstanding: a hand-out whose
 * backup was not completed never happened (recover does the same).
 */
export async function removeHandOut(c: pg.ClientBase, id: string): Promise<void> {
  if (!(await hasHandOuts(c))) return;
  await c.query(`delete from hand_outs where id = $1 and status = 'outstanding'`, [id]);
}

/**
 * A copy is a new administration (a new identity): the original's
 * hand-outs, and what a received one tracked, stay with the original. Left
 * in the copy, a hand-out of the client's books would refuse bookings for a
 * hand-out no change package can answer (a package is bound to the
 * original's identity), and the accountant's installed copy would go on
 * tracking changes that no client can apply.
 */
export async function leaveHandOutsBehind(c: pg.ClientBase): Promise<void> {
  if (!(await hasHandOuts(c))) return;
  await c.query('delete from change_applied');
  await c.query('delete from change_log');
  await c.query('delete from change_base');
  await c.query('delete from change_untracked');
  await c.query('delete from hand_outs');
}
