/**
 * Deleting an administration: its database and its registry entry. Refused
 * while anyone else is connected to it or another operation holds it.
 * The caller must have confirmed (the CLI asks for the number to be
 * repeated); `confirmNumber` must equal the administration's number.
 */
import { ToolError } from '../../errors/index.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { beginOperation, interruptedError, isConnectionLoss } from '../journal/operation-journal.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';
import { findAdministration, withSystemDb } from './find-administration.js';

export async function deleteAdministration(
  ctx: KluisContext,
  ref: string,
  confirmNumber: number | undefined,
): Promise<AdministrationRecord> {
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const record = await findAdministration(sys, ref);
    const adm = formatAdminNumber(record.number);
    // No number is a question still to ask; another number is a wrong answer (docs/errors.md).
    if (confirmNumber === undefined)
      throw new ToolError('CONFIRMATION_REQUIRED', {
        what: `Deleting administration ${adm} "${record.name}"`,
        flag: `--confirm ${adm}`,
      });
    if (confirmNumber !== record.number) throw new ToolError('CONFIRMATION_MISMATCH', { expected: adm });
    const op = await beginOperation(sys, 'admin-delete', record.number, {
      number: record.number,
      name: record.name,
      database: record.databaseName,
    });
    try {
      const others = await ctx.engine.otherConnections(record.databaseName);
      if (others.length > 0) {
        throw new ToolError('ADMIN_HAS_CONNECTIONS', {
          adm,
          count: others.length,
          who: others.map((o) => `${o.user}/${o.application || '?'}`).join(', '),
        });
      }
      await sys.setStatus(record.number, 'deleting');
      await op.phase('marked-deleting');
      await ctx.engine.dropDatabase(record.databaseName);
      await op.phase('database-dropped');
      await sys.remove(record.number);
      await op.finish();
    } catch (err) {
      // A drop the server died in cannot be undone (PostgreSQL leaves the
      // database invalid): finish it. Anything before the drop is undone.
      const state = await ctx.engine.databaseState(record.databaseName).catch(() => 'valid' as const);
      if (state === 'valid') throw await op.abandon(err, () => sys.setStatus(record.number, 'ready'));
      try {
        await ctx.engine.dropDatabase(record.databaseName, { force: true });
        await sys.reconnect();
        await sys.remove(record.number);
        await op.finish();
      } catch (again) {
        throw isConnectionLoss(again) ? interruptedError(ctx.engine.name, op, err) : again;
      }
    }
    return record;
  });
}
