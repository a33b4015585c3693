/**
 * Managing an administration's users: the list, and one change at a time
 * (add, activate, deactivate, a new password, a new role, remove). A change
 * is journaled and holds the administration's lock like every other write,
 * reads the users and writes them in one transaction, keeps the rules of
 * user-rules.ts, and leaves a row in the administration's audit log naming
 * who made it. A person signed in to the web wizard must be an active
 * administrator of the administration; on the command line, whoever can
 * reach the server can (as for every other command), and the log names the
 * account of the computer the command ran under.
 */
import { ToolError } from '../../errors/index.js';
import { AdminDb } from '../admin-db/admin-db.js';
import { findAdministration, withSystemDb } from '../administrations/find-administration.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { withOperation } from '../journal/operation-journal.js';
import { verifyLicence } from '../licence/verify.js';
import { SystemDb } from '../system-db/system-db.js';
import { hashPassword } from '../users/password.js';
import { type User, type UserRole, validateFullName, validateUserName } from '../users/user.js';
import { checkChange, isActiveAdministrator, type UserChange, type UsersState } from '../users/user-rules.js';

/** Who asks: a person signed in to the web wizard, or the account a command runs under. */
export interface UserActor {
  readonly name: string;
  readonly via: 'web' | 'cli';
}

/** A user as listed: everything but the password hash. */
export type UserSummary = Omit<User, 'passwordHash'>;

export interface UserListing {
  readonly adm: string;
  readonly name: string;
  readonly users: readonly UserSummary[];
  /** Users that count against the licence's maximum: the active ones. */
  readonly activeUsers: number;
  readonly maxUsers: number | undefined;
  /** The licences' registered users, who stay and stay active. */
  readonly registered: readonly string[];
}

export interface UserChangeResult {
  readonly adm: string;
  readonly user: string;
  readonly change: UserChange['kind'];
  /** False when the user already was as asked (activating an active user). */
  readonly changed: boolean;
  /** The role the user has after a role change. */
  readonly role?: UserRole;
}

/** The users of an administration; for a web actor only when that person is one of its active administrators. */
export async function listUsers(ctx: KluisContext, ref: string, actor?: UserActor): Promise<UserListing> {
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, ref),
  );
  const adm = formatAdminNumber(record.number);
  const db = await AdminDb.open(ctx.engine, record.databaseName);
  try {
    const state = await readState(db, adm);
    if (actor) requireManager(state, actor);
    return {
      adm,
      name: record.name,
      users: state.users.map(({ passwordHash: _, ...u }) => u),
      activeUsers: state.users.filter((u) => u.active).length,
      maxUsers: state.limit?.max,
      registered: [...new Set(state.registered.map((r) => r.user))],
    };
  } finally {
    await db.close();
  }
}

/** Makes one change to one user of the administration `ref` (number or name), as `actor`. */
export async function changeUser(
  ctx: KluisContext,
  ref: string,
  change: UserChange,
  actor: UserActor,
): Promise<UserChangeResult> {
  if (change.kind === 'add') validateFullName(validateUserName(change.userName), change.fullName);
  // Hashed (and a short password refused) before the administration is locked: scrypt takes a while.
  const passwordHash = 'password' in change ? await hashPassword(change.password) : undefined;
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const record = await findAdministration(sys, ref);
    const adm = formatAdminNumber(record.number);
    const plan = { change: change.kind, user: change.userName };
    // Locked before the users are read: the users checked are the users written.
    return withOperation(sys, 'user-change', record.number, plan, async () => {
      const db = await AdminDb.open(ctx.engine, record.databaseName);
      try {
        return await inTransaction(db, async () => {
          const state = await readState(db, adm);
          if (actor.via === 'web') requireManager(state, actor);
          if (change.kind === 'add' || change.kind === 'activate') await requireValidLicence(ctx, db);
          const changed = checkChange(state, change);
          if (changed) {
            await write(db, change, passwordHash);
            const before = state.users.find((u) => u.userName === change.userName);
            await db.audit(actor.name, auditAction[change.kind], change.userName, auditDetails(change, actor, before));
          }
          return {
            adm,
            user: change.userName,
            change: change.kind,
            changed,
            ...(change.kind === 'role' ? { role: change.role } : {}),
          };
        });
      } finally {
        await db.close();
      }
    });
  });
}

async function inTransaction<T>(db: AdminDb, work: () => Promise<T>): Promise<T> {
  await db.client.query('begin');
  try {
    const result = await work();
    await db.client.query('commit');
    return result;
  } catch (err) {
    await db.client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * A user who counts against the licence is added only under a licence that
 * verifies: the maximum of a licence that fails (forged, expired) is no limit
 * to go by. Fewer users (deactivate, remove) need no licence.
 */
async function requireValidLicence(ctx: KluisContext, db: AdminDb): Promise<void> {
  const own = await db.licence('active');
  if (own) verifyLicence(own, ctx.issuers);
}

async function readState(db: AdminDb, adm: string): Promise<UsersState> {
  const users = await db.users();
  const own = (await db.licence('active'))?.licence;
  const client = (await db.licence('client'))?.licence;
  const registered = [own, client].flatMap((l) => (l ? [{ user: l.registeredUser, licence: l.number }] : []));
  return { adm, users, registered, limit: own ? { max: own.maxUsers, licence: own.number } : undefined };
}

function requireManager(state: UsersState, actor: UserActor): void {
  if (!isActiveAdministrator(state, actor.name))
    throw new ToolError('USER_NOT_ADMINISTRATOR', { adm: state.adm, user: actor.name });
}

async function write(db: AdminDb, change: UserChange, passwordHash: string | undefined): Promise<void> {
  const c = db.client;
  const name = change.userName;
  switch (change.kind) {
    case 'add':
      await db.addUser({
        userName: name,
        fullName: change.fullName,
        role: change.role,
        passwordHash: passwordHash!,
        active: true,
        origin: 'own',
      });
      return;
    case 'activate':
    case 'deactivate':
      await c.query('update users set active = $2 where user_name = $1', [name, change.kind === 'activate']);
      return;
    case 'password':
      await c.query('update users set password_hash = $2 where user_name = $1', [name, passwordHash]);
      return;
    case 'role':
      await c.query('update users set role = $2 where user_name = $1', [name, change.role]);
      return;
    case 'remove':
      await c.query('delete from users where user_name = $1', [name]);
      return;
  }
}

/** The audit log's action for each change (the log's words are English, as its other rows are). */
const auditAction: Record<UserChange['kind'], string> = {
  add: 'user.added',
  activate: 'user.activated',
  deactivate: 'user.deactivated',
  password: 'user.password-set',
  role: 'user.role-changed',
  remove: 'user.removed',
};

/** What the log keeps besides who and which user: never a password or its hash. */
function auditDetails(change: UserChange, actor: UserActor, before: User | undefined): Record<string, unknown> {
  const via = { via: actor.via };
  if (change.kind === 'add') return { ...via, role: change.role, fullName: change.fullName };
  if (change.kind === 'role') return { ...via, from: before?.role, role: change.role };
  return via;
}
