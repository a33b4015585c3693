/**
 * Installing a client's database (wizard action 4, the heart of the source
 * document). Only for an open administration whose licence has the article
 * E-Accountancy. The client's backup is restored like any restore (target,
 * confirmation, directory, staging, checks, swap); before the swap:
 *
 * - the client's licence is remembered (role "client") and the accountant's
 *   licence becomes the active one;
 * - the client's users are remembered exactly as they are (client_users) and
 *   stay; the chosen users of the open administration, plus the registered
 *   user of the accountant's licence, are added with their roles and
 *   password hashes (origin "accountant"). A client user with the same name
 *   as an added user is set aside for as long as the accountant works on it.
 *
 * A backup of the installed administration is then a hand-back: it carries
 * the client's licence and users again, none of the accountant's.
 */
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { ToolError } from '../../errors/index.js';
import type { DecryptionKeys } from '../../format/index.js';
import { type OpenRef, refuseOverwritingOpen } from '../access/access.js';
import { AdminDb } from '../admin-db/admin-db.js';
import { findAdministration, withSystemDb } from '../administrations/find-administration.js';
import { operations } from '../catalog/index.js';
import { type KluisContext, sameInstallation } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { hasArticle, type LicenceDocument } from '../licence/licence.js';
import { verifyLicence } from '../licence/verify.js';
import type { ProgressListener } from '../progress.js';
import { restoreBackup } from '../restore/index.js';
import type { RestorePlan, RestoreResult } from '../restore/plan.js';
import { checkPlacementInput } from '../staging/tablespace.js';
import { SystemDb } from '../system-db/system-db.js';
import type { User } from '../users/user.js';

/** What installing a client's books takes, from a backup or an auditfile. */
export interface ClientBooksInput {
  readonly source: Readable;
  /** How to name the file in messages. */
  readonly path: string;
  /** The accountant's own administration, whose licence and users are used. */
  readonly open: string;
  /** The server of the open administration, when it is not the one installed on. */
  readonly openContext?: KluisContext;
  readonly to: string;
  readonly replace?: number;
  /** Users of the open administration to give access; or all of them. */
  readonly users?: readonly string[];
  readonly allUsers?: boolean;
  readonly databaseDir?: string;
  readonly serverFolder?: string;
  readonly dryRun?: boolean;
  readonly onProgress?: ProgressListener;
}

export interface InstallClientInput extends ClientBooksInput {
  readonly keys?: DecryptionKeys;
  readonly onPlan?: (plan: InstallPlan) => Promise<void> | void;
}

export interface InstallPlan extends RestorePlan {
  /** The licence the installed administration will run under (the accountant's). */
  readonly activeLicence: { readonly number: string; readonly holder: string; readonly registeredUser: string };
  /** The client's licence, remembered for the hand-back. */
  readonly clientLicence: { readonly number: string; readonly holder: string; readonly registeredUser: string };
  readonly addedUsers: ReadonlyArray<{ readonly userName: string; readonly fullName: string; readonly role: string }>;
  /** Client users that stay usable; null when the file does not list them (older kluis). */
  readonly clientUsersStaying: readonly string[] | null;
  /** Client users set aside because an added user has the same name. */
  readonly clientUsersSetAside: readonly string[];
}

export type InstallResult = InstallPlan & Pick<RestoreResult, 'footer' | 'seconds'>;

export interface Accountant {
  readonly licence: LicenceDocument;
  readonly users: readonly User[];
  /** The open administration they come from. */
  readonly open: OpenRef;
}

/**
 * What a client's books may not be installed over, and what the install
 * locks besides its target: the open administration is never the target,
 * and it is locked while its licence and users are taken (when it is on the
 * same installation; another server's lock lives there).
 */
export function guardOpen(target: KluisContext, accountant: Accountant, to: string): { also?: number[] } {
  refuseOverwritingOpen(accountant.open, target, to);
  return sameInstallation(accountant.open.ctx, target) ? { also: [accountant.open.number] } : {};
}

/** The operations that work on a client's books under the accountant's licence: the article and command they declare. */
export type AccountantOperation = (typeof operations)['client-install' | 'xaf-import'];

/**
 * The open administration's licence (verified, with the article `op`
 * declares: E-Accountancy) and the users to add.
 */
export async function accountantSide(
  target: KluisContext,
  input: Pick<InstallClientInput, 'open' | 'openContext' | 'users' | 'allUsers'>,
  op: AccountantOperation,
): Promise<Accountant> {
  const command = op.words.join(' ');
  const ctx = input.openContext ?? target;
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, input.open),
  );
  const db = await AdminDb.open(ctx.engine, record.databaseName);
  try {
    const licence = await db.licence('active');
    if (!licence)
      throw new ToolError('CLIENT_INSTALL_NOT_LICENSED', {
        adm: formatAdminNumber(record.number),
        article: op.article,
        holder: '-',
      });
    verifyLicence(licence, ctx.issuers);
    if (!hasArticle(licence, op.article)) {
      throw new ToolError('CLIENT_INSTALL_NOT_LICENSED', {
        adm: formatAdminNumber(record.number),
        article: op.article,
        holder: licence.licence.holder,
      });
    }
    const all = await db.users();
    if (!input.allUsers && !input.users)
      throw new ToolError('USAGE_MISSING_ARGUMENT', { command, argument: '--users a,b | --all-users' });
    const wanted = input.allUsers ? all.filter((u) => u.active).map((u) => u.userName) : [...new Set(input.users)];
    const unknown = wanted.filter((name) => !all.some((u) => u.userName === name));
    if (unknown.length)
      throw new ToolError('USER_NOT_FOUND', { user: unknown.join(', '), adm: formatAdminNumber(record.number) });
    // The licence runs under its registered user name, so that user always comes along.
    const names = new Set([...wanted, licence.licence.registeredUser]);
    return {
      licence,
      users: all.filter((u) => names.has(u.userName)),
      open: { ctx, number: record.number, licenceHolder: licence.licence.holder },
    };
  } finally {
    await db.close();
  }
}

function summary(doc: { licence: { number: string; holder: string; registeredUser: string } }) {
  const { number, holder, registeredUser } = doc.licence;
  return { number, holder, registeredUser };
}

export async function installClient(
  ctx: KluisContext,
  input: InstallClientInput,
): Promise<InstallPlan | InstallResult> {
  // A database directory that does not exist or cannot be written is said before the file or the server is read.
  checkPlacementInput(ctx.engine, input, 'client install');
  const accountant = await accountantSide(ctx, input, operations['client-install']);
  const locks = guardOpen(ctx, accountant, input.to);
  let installPlan: InstallPlan | undefined;
  const result = await restoreBackup(ctx, {
    source: input.source,
    path: input.path,
    to: input.to,
    operation: 'client-install',
    ...(input.replace !== undefined ? { replace: input.replace } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
    ...(input.databaseDir ? { databaseDir: input.databaseDir } : {}),
    ...(input.serverFolder ? { serverFolder: input.serverFolder } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.dryRun ? { dryRun: true } : {}),
    locks,
    onPlan: async (plan) => {
      installPlan = planInstall(plan, accountant);
      await input.onPlan?.(installPlan);
    },
    // Read again now that the open administration is locked: what goes in is what it holds now.
    transform: async (client) => applyInstall(client, await accountantSide(ctx, input, operations['client-install'])),
  });
  return 'footer' in result ? { ...installPlan!, footer: result.footer, seconds: result.seconds } : installPlan!;
}

function planInstall(plan: RestorePlan, accountant: Accountant): InstallPlan {
  // A client install of a plain restore's warning would be noise: it is exactly what is meant here.
  const warnings = plan.warnings.filter((w) => w.code !== 'FOREIGN_LICENCE');
  const clientUsers = plan.manifest.users?.map((u) => u.userName) ?? null;
  const added = accountant.users.map((u) => u.userName);
  return {
    ...plan,
    warnings,
    activeLicence: summary(accountant.licence),
    clientLicence: {
      number: plan.manifest.licence.number,
      holder: plan.manifest.licence.holder,
      registeredUser: plan.manifest.licence.registeredUser,
    },
    addedUsers: accountant.users.map((u) => ({ userName: u.userName, fullName: u.fullName, role: u.role })),
    clientUsersStaying: clientUsers ? clientUsers.filter((u) => !added.includes(u)) : null,
    clientUsersSetAside: clientUsers ? clientUsers.filter((u) => added.includes(u)) : [],
  };
}

/** Runs inside the staging database, in the restore's transform transaction. */
async function applyInstall(c: pg.Client, accountant: Accountant): Promise<void> {
  const already = (await c.query(`select 1 from licences where role = 'client'`)).rowCount === 1;
  if (!already) {
    // A fresh client backup: remember the client's licence and users exactly as they are.
    // Bound to the administration it came with (restore checked the licence is the manifest's).
    await c.query(
      `update licences set role = 'client', administration = (select identity from settings) where role = 'active'`,
    );
    await c.query('delete from client_users');
    await c.query(
      'insert into client_users select user_name, full_name, role, password_hash, active, origin, created_at from users',
    );
  } else {
    // An administration that was already a client install (a backup of the installed copy): start again from the remembered client users.
    await c.query(`delete from licences where role = 'active'`);
    await c.query('delete from users');
    await c.query(
      'insert into users (user_name, full_name, role, password_hash, active, origin, created_at) select user_name, full_name, role, password_hash, active, origin, created_at from client_users',
    );
  }
  await c.query(`update users set origin = 'client'`);
  await c.query(`insert into licences (role, document) values ('active', $1)`, [JSON.stringify(accountant.licence)]);
  for (const u of accountant.users) {
    await c.query('delete from users where user_name = $1', [u.userName]);
    await c.query(
      `insert into users (user_name, full_name, role, password_hash, active, origin) values ($1, $2, $3, $4, true, 'accountant')`,
      [u.userName, u.fullName, u.role, u.passwordHash],
    );
  }
  await receiveHandOut(c);
  const active = (await c.query<{ n: number }>('select count(*)::int as n from users where active')).rows[0]!.n;
  if (active > accountant.licence.licence.maxUsers)
    throw new ToolError('LICENCE_MAX_USERS', {
      number: accountant.licence.licence.number,
      max: accountant.licence.licence.maxUsers,
    });
  await c.query(
    `insert into audit_log (user_name, action, object, details) values ($1, 'client.installed', 'administration', $2)`,
    [
      accountant.licence.licence.registeredUser,
      JSON.stringify({ accountant: accountant.licence.licence.holder, added: accountant.users.map((u) => u.userName) }),
    ],
  );
}

/**
 * A client's books handed out with a dividing date (kluis client hand-out)
 * arrive with their hand-out outstanding on the client's side: here it
 * becomes the accountant's side, so the guard refuses entries after the
 * date and every change is tracked from now on (change_base, change_log,
 * change_untracked;
 * kluis client changes packs them). What the file tracked before is no
 * change of this accountant's: emptied, so tracking starts at the install.
 */
async function receiveHandOut(c: pg.Client): Promise<void> {
  await c.query(`update hand_outs set side = 'accountant' where side = 'client' and status = 'outstanding'`);
  await c.query('delete from change_base');
  await c.query('delete from change_log');
  await c.query('delete from change_untracked');
}
