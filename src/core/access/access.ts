/**
 * Who may open which administration (SPEC §4): an administration's own
 * users table decides. Signing in checks a user name and password against
 * that table; the administrations a signed-in user may act on are those
 * that list the same user name as an active user.
 */
import { ToolError } from '../../errors/index.js';
import { AdminDb } from '../admin-db/admin-db.js';
import { findAdministration, withSystemDb } from '../administrations/find-administration.js';
import { type KluisContext, sameInstallation } from '../context.js';
import { formatAdminNumber, parseAdminRef } from '../domain/administration-ref.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';
import { verifyPassword } from '../users/password.js';

export interface SignedIn {
  readonly number: number;
  readonly name: string;
  readonly userName: string;
  readonly fullName: string;
  readonly role: string;
  readonly articles: readonly string[];
  readonly licenceHolder: string;
}

/**
 * Checks the user name and password against the administration's users.
 * Every failure says the same thing, so the answer does not tell which user
 * names exist.
 */
export async function signIn(ctx: KluisContext, adm: string, userName: string, password: string): Promise<SignedIn> {
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, adm),
  );
  const db = await AdminDb.open(ctx.engine, record.databaseName);
  try {
    const user = (await db.users()).find((u) => u.userName === userName.trim().toLowerCase());
    const ok = user?.active && (await verifyPassword(password, user.passwordHash));
    if (!ok || !user) throw new ToolError('SIGN_IN_FAILED', { adm: formatAdminNumber(record.number) });
    const licence = await db.licence('active');
    await db.audit(user.userName, 'sign-in', 'wizard');
    return {
      number: record.number,
      name: record.name,
      userName: user.userName,
      fullName: user.fullName,
      role: user.role,
      articles: licence?.licence.articles ?? [],
      licenceHolder: licence?.licence.holder ?? '',
    };
  } finally {
    await db.close();
  }
}

/** Whether the administration's users table lists this user as active. */
export async function admits(ctx: KluisContext, record: AdministrationRecord, userName: string): Promise<boolean> {
  if (record.status !== 'ready') return false;
  let db: AdminDb;
  try {
    db = await AdminDb.open(ctx.engine, record.databaseName);
  } catch {
    return false; // a database that cannot be opened admits nobody (recover repairs it)
  }
  try {
    return (await db.users()).some((u) => u.userName === userName && u.active);
  } finally {
    await db.close();
  }
}

/** The administrations on this server that admit the user, by number. */
export async function admittedAdministrations(ctx: KluisContext, userName: string): Promise<AdministrationRecord[]> {
  const all = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) => sys.list());
  const admitted: AdministrationRecord[] = [];
  for (const record of all) if (await admits(ctx, record, userName)) admitted.push(record);
  return admitted;
}

/** Finds the administration and refuses it unless it admits the user. */
export async function requireAdmitted(ctx: KluisContext, adm: string, userName: string): Promise<AdministrationRecord> {
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, adm),
  );
  if (!(await admits(ctx, record, userName)))
    throw new ToolError('ADMIN_NOT_ADMITTED', { adm: formatAdminNumber(record.number), user: userName });
  return record;
}

/** The administration a piece of work runs from: signed in to in the wizard, or named with --open. */
export interface OpenRef {
  readonly ctx: KluisContext;
  readonly number: number;
  /** Its licence holder, to name what would be lost. */
  readonly licenceHolder: string;
}

/**
 * The open administration is never overwritten from inside itself (a
 * restore, client install, auditfile import or copy with its number as the
 * target): its licence and users are the ones the work runs under, and
 * afterwards nobody could sign in to it. `to` is the target as given; a name
 * always makes a new administration.
 */
export function refuseOverwritingOpen(open: OpenRef, target: KluisContext, to: string): void {
  const ref = parseAdminRef(to);
  if (ref.kind !== 'number' || ref.number !== open.number || !sameInstallation(open.ctx, target)) return;
  throw new ToolError('ADMIN_IS_OPEN', { adm: formatAdminNumber(open.number), holder: open.licenceHolder || '-' });
}
