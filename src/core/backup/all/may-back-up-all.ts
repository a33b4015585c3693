/**
 * Who may start `backup all` from the web wizard: an active administrator
 * (beheerder) of the administration that is open, read from its users table
 * on every request, so a role taken away since sign-in counts at once. (On
 * the command line whoever can reach the server and its files runs it.)
 */
import { ToolError } from '../../../errors/index.js';
import { AdminDb } from '../../admin-db/admin-db.js';
import { findAdministration, withSystemDb } from '../../administrations/find-administration.js';
import type { KluisContext } from '../../context.js';
import { formatAdminNumber } from '../../domain/administration-ref.js';
import { SystemDb } from '../../system-db/system-db.js';

/** Throws BACKUP_ALL_NOT_ADMINISTRATOR unless `userName` is an active administrator of `ref`. */
export async function requireBackupAllAdministrator(ctx: KluisContext, ref: string, userName: string): Promise<void> {
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, ref),
  );
  const db = await AdminDb.open(ctx.engine, record.databaseName);
  try {
    const users = await db.users();
    if (!users.some((u) => u.userName === userName && u.active && u.role === 'administrator'))
      throw new ToolError('BACKUP_ALL_NOT_ADMINISTRATOR', { adm: formatAdminNumber(record.number), user: userName });
  } finally {
    await db.close();
  }
}
