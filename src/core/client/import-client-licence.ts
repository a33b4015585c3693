/**
 * Importing a client's licence into an administration the accountant set up
 * under the accountant's own licence: from then on its backups are
 * hand-backs carrying the client's licence. The client's registered user
 * must exist and be active there; that user (and any others named) are the
 * client's users the hand-back carries; everyone else counts as the
 * accountant's.
 */
import { ToolError } from '../../errors/index.js';
import { AdminDb, clientLicenceBinding, isBoundElsewhere } from '../admin-db/admin-db.js';
import { adminMigrations } from '../admin-db/admin-schema.js';
import { findAdministration, withSystemDb } from '../administrations/find-administration.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { withOperation } from '../journal/operation-journal.js';
import type { LicenceDocument } from '../licence/licence.js';
import { verifyLicence } from '../licence/verify.js';
import { migrate } from '../migrations/migrator.js';
import { SystemDb } from '../system-db/system-db.js';

export interface ImportClientLicenceResult {
  readonly adm: string;
  readonly clientLicence: { readonly number: string; readonly holder: string; readonly registeredUser: string };
  readonly clientUsers: readonly string[];
  readonly accountantUsers: readonly string[];
}

export async function importClientLicence(
  ctx: KluisContext,
  ref: string,
  document: LicenceDocument,
  extraClientUsers: readonly string[] = [],
): Promise<ImportClientLicenceResult> {
  const licence = verifyLicence(document, ctx.issuers).document.licence;
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const record = await findAdministration(sys, ref);
    const adm = formatAdminNumber(record.number);
    // Locked before anything is read: the users checked are the users written.
    return withOperation(sys, 'licence-import-client', record.number, { licence: licence.number }, () =>
      importInto(ctx, record.databaseName, adm, document, extraClientUsers),
    );
  });
}

async function importInto(
  ctx: KluisContext,
  database: string,
  adm: string,
  document: LicenceDocument,
  extraClientUsers: readonly string[],
): Promise<ImportClientLicenceResult> {
  const licence = document.licence;
  const db = await AdminDb.open(ctx.engine, database);
  try {
    // An administration made by an older kluis gets the licence binding column first.
    await migrate(db.client, adminMigrations, database);
    await checkSameClient(db, adm, licence.holder);
    const users = await db.users();
    const registered = users.find((u) => u.userName === licence.registeredUser);
    if (!registered?.active)
      throw new ToolError('CLIENT_USER_MISSING', { user: licence.registeredUser, adm, holder: licence.holder });
    const unknown = extraClientUsers.filter((n) => !users.some((u) => u.userName === n));
    if (unknown.length) throw new ToolError('USER_NOT_FOUND', { user: unknown.join(', '), adm });
    const clientNames = new Set([licence.registeredUser, ...extraClientUsers]);
    const c = db.client;
    try {
      await c.query('begin');
      await c.query(
        `insert into licences (role, document, administration) values ('client', $1, (select identity from settings))
         on conflict (role) do update set document = excluded.document, administration = excluded.administration, installed_at = now()`,
        [JSON.stringify(document)],
      );
      await c.query('delete from client_users');
      await c.query(`update users set origin = case when user_name = any($1) then 'client' else 'accountant' end`, [
        [...clientNames],
      ]);
      await c.query(
        `insert into client_users select user_name, full_name, role, password_hash, active, 'own', created_at from users where user_name = any($1)`,
        [[...clientNames]],
      );
      await c.query(
        `insert into audit_log (user_name, action, object, details) values ('kluis', 'licence.client-imported', $1, $2)`,
        [adm, JSON.stringify({ licence: licence.number, holder: licence.holder })],
      );
      await c.query('commit');
    } catch (err) {
      await c.query('rollback').catch(() => undefined);
      throw err;
    }
    return {
      adm,
      clientLicence: { number: licence.number, holder: licence.holder, registeredUser: licence.registeredUser },
      clientUsers: users.filter((u) => clientNames.has(u.userName)).map((u) => u.userName),
      accountantUsers: users.filter((u) => !clientNames.has(u.userName)).map((u) => u.userName),
    };
  } finally {
    await db.close();
  }
}

/**
 * An administration that holds a client's licence belongs to that client: a
 * licence of another holder would hand one client's books back under
 * another's licence. A renewal (same holder) is fine, and so is replacing a
 * licence that is bound to another administration (a swap being undone).
 */
async function checkSameClient(db: AdminDb, adm: string, holder: string): Promise<void> {
  const b = await clientLicenceBinding(db.client);
  if (!b || b.holder === holder || isBoundElsewhere(b)) return;
  throw new ToolError('CLIENT_LICENCE_OTHER_CLIENT', { adm, current: b.holder, holder });
}
