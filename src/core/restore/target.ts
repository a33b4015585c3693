/**
 * Where a restore (and an XAF import) puts the books: a new administration
 * with the next free number, or an existing number, overwritten only when
 * confirmed and nobody is connected.
 */
import { type Localized, ToolError } from '../../errors/index.js';
import { AdminDb } from '../admin-db/admin-db.js';
import { readHandOut } from '../admin-db/hand-outs.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber, parseAdminRef } from '../domain/administration-ref.js';
import { assertAvailable } from '../journal/operation-journal.js';
import type { AdministrationRecord, SystemDb } from '../system-db/system-db.js';

/** What is lost when an existing administration is overwritten. */
export interface Overwrites {
  readonly name: string;
  readonly identity: string;
  readonly transactions: number;
  readonly documents: number;
  /**
   * The dividing date (YYYY-MM-DD) of the client's hand-out outstanding in
   * it: what the client booked since the hand-out is lost too (issue 22).
   */
  readonly handedOutUntil?: string;
}

export interface ResolvedTarget {
  readonly number: number;
  readonly name: string;
  /** The administration that will be overwritten, if any. */
  readonly existing: AdministrationRecord | undefined;
  readonly overwrites: Overwrites | null;
}

/**
 * Where new books go: a name makes a new administration with the next free
 * number; a number is that number and, when it exists, is overwritten only
 * with the number repeated as confirmation (`replace`) and nobody connected.
 * `confirm` says what overwriting means, for the confirmation question.
 */
export async function resolveTarget(
  ctx: KluisContext,
  sys: SystemDb,
  to: string,
  replace: number | undefined,
  fallbackName: string,
  confirm: (existing: AdministrationRecord, overwrites: Overwrites) => Localized,
): Promise<ResolvedTarget> {
  const ref = parseAdminRef(to);
  if (ref.kind === 'name') {
    const taken = await sys.byName(ref.name);
    if (taken) throw new ToolError('ADMIN_NAME_TAKEN', { name: taken.name, number: formatAdminNumber(taken.number) });
    const free = await sys.nextFreeNumber();
    if (free === undefined) throw new ToolError('ADMIN_NUMBERS_EXHAUSTED');
    return { number: free, name: ref.name, existing: undefined, overwrites: null };
  }
  const number = ref.number;
  await assertAvailable(sys, number);
  const existing = await sys.byNumber(number);
  // Registered but not ready: another process began building or removing it after the check above; its lock says who.
  if (existing && existing.status !== 'ready') await assertAvailable(sys, number);
  const clash = await sys.byName(existing?.name ?? fallbackName);
  const name = nameBesideClash(existing?.name ?? fallbackName, number, clash?.number);
  if (!existing) return { number, name, existing, overwrites: null };
  const overwrites = await describeExisting(ctx, existing);
  const what = confirm(existing, overwrites);
  // No number is a question still to ask; another number is a wrong answer (docs/errors.md).
  if (replace === undefined)
    throw new ToolError('CONFIRMATION_REQUIRED', { what, flag: `--replace ${formatAdminNumber(number)}` });
  if (replace !== number) throw new ToolError('CONFIRMATION_MISMATCH', { expected: formatAdminNumber(number) });
  const others = await ctx.engine.otherConnections(existing.databaseName);
  if (others.length)
    throw new ToolError('ADMIN_HAS_CONNECTIONS', {
      adm: formatAdminNumber(number),
      count: others.length,
      who: others.map((o) => `${o.user}/${o.application || '?'}`).join(', '),
    });
  return { number, name, existing, overwrites };
}

/**
 * The name a restore into `number` gets: its own (or the backup's), unless
 * another administration (`clashNumber`) already carries it; then the number
 * is added, within the 60 characters a name may have.
 */
export function nameBesideClash(name: string, number: number, clashNumber: number | undefined): string {
  if (clashNumber === undefined || clashNumber === number) return name;
  return `${name} (${formatAdminNumber(number)})`.slice(0, 60);
}

async function describeExisting(ctx: KluisContext, existing: AdministrationRecord): Promise<Overwrites> {
  try {
    const db = await AdminDb.open(ctx.engine, existing.databaseName);
    try {
      const counts = await db.counts();
      const handOut = await readHandOut(db.client);
      const handedOut = handOut?.status === 'outstanding' && handOut.side === 'client';
      return {
        name: existing.name,
        identity: existing.identity,
        ...counts,
        ...(handedOut ? { handedOutUntil: handOut.until } : {}),
      };
    } finally {
      await db.close();
    }
  } catch {
    return { name: existing.name, identity: existing.identity, transactions: 0, documents: 0 };
  }
}
