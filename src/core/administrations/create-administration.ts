/**
 * Creating an administration: validate and plan first (nothing touched),
 * then apply under a journaled lock. The registry row is inserted with
 * status "creating" before the database exists, so a crash at any point
 * leaves something recover can find; a failure undoes its own work.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Engine } from '../../engines/index.js';
import { fromPostgresError, phrase, ToolError } from '../../errors/index.js';
import { adminMigrations, refreshCountersSql, unbalancedEntriesSql } from '../admin-db/admin-schema.js';
import type { KluisContext } from '../context.js';
import {
  adminDatabaseName,
  formatAdminNumber,
  parseAdminNumber,
  validateAdminName,
} from '../domain/administration-ref.js';
import { standardAccounts, standardJournals, standardVatCodes } from '../domain/standard-chart.js';
import { retryWhenNumberTaken } from '../journal/free-number.js';
import { type Operation, withOperation } from '../journal/operation-journal.js';
import type { LicenceDocument } from '../licence/licence.js';
import { verifyLicence } from '../licence/verify.js';
import { migrate, runPostPhases } from '../migrations/migrator.js';
import type { ProgressListener } from '../progress.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';
import { hashPassword } from '../users/password.js';
import { type UserRole, validateUserName } from '../users/user.js';
import { withSystemDb } from './find-administration.js';

export interface NewUser {
  readonly userName: string;
  readonly fullName: string;
  readonly role: UserRole;
  /** Either a password (hashed here) or an existing hash. */
  readonly password?: string;
  readonly passwordHash?: string;
}

export interface CreateAdministrationInput {
  readonly name: string;
  /** Omitted: the lowest free number. */
  readonly number?: number | string;
  readonly licence: LicenceDocument;
  /** The first users; the licence's registered user must be among them. */
  readonly users: readonly NewUser[];
  readonly currency?: string;
  readonly fiscalYears?: readonly number[];
  /** Fixed identity (generator, tests); normally a new UUID. */
  readonly identity?: string;
  /**
   * Bulk-loads data after the tables exist and before keys, indexes and
   * triggers are built; counters and balances are checked afterwards.
   */
  readonly populate?: (client: pg.Client) => Promise<void>;
  /** Reports the "indexes" step after a bulk load (keys, indexes, checks). */
  readonly onProgress?: ProgressListener;
}

export interface CreateAdministrationPlan {
  readonly number: number;
  readonly name: string;
  readonly databaseName: string;
  readonly identity: string;
  readonly licenceNumber: string;
  readonly users: readonly string[];
}

/** Validates everything that can be checked without changing anything. */
export async function planCreateAdministration(
  ctx: KluisContext,
  sys: SystemDb,
  input: CreateAdministrationInput,
): Promise<CreateAdministrationPlan> {
  const name = validateAdminName(input.name);
  const licence = verifyLicence(input.licence, ctx.issuers).document.licence;
  for (const u of input.users) validateUserName(u.userName);
  if (!input.users.some((u) => u.userName === licence.registeredUser)) {
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command: 'admin create',
      reason: phrase('REGISTERED_USER_NOT_AMONG_USERS', { user: licence.registeredUser }),
    });
  }
  if (input.users.length > licence.maxUsers)
    throw new ToolError('LICENCE_MAX_USERS', { number: licence.number, max: licence.maxUsers });
  const byName = await sys.byName(name);
  if (byName) throw new ToolError('ADMIN_NAME_TAKEN', { name: byName.name, number: formatAdminNumber(byName.number) });
  let number: number;
  if (input.number === undefined) {
    const free = await sys.nextFreeNumber();
    if (free === undefined) throw new ToolError('ADMIN_NUMBERS_EXHAUSTED');
    number = free;
  } else {
    number = typeof input.number === 'number' ? parseAdminNumber(String(input.number)) : parseAdminNumber(input.number);
    const taken = await sys.byNumber(number);
    if (taken) throw new ToolError('ADMIN_NUMBER_TAKEN', { number: formatAdminNumber(number), name: taken.name });
  }
  return {
    number,
    name,
    databaseName: adminDatabaseName(sys.name, number),
    identity: input.identity ?? randomUUID(),
    licenceNumber: licence.number,
    users: input.users.map((u) => u.userName),
  };
}

export async function createAdministration(
  ctx: KluisContext,
  input: CreateAdministrationInput,
): Promise<AdministrationRecord> {
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const hashes = await Promise.all(input.users.map((u) => u.passwordHash ?? hashPassword(u.password ?? '')));
    const plan = () => planCreateAdministration(ctx, sys, input);
    return retryWhenNumberTaken(input.number === undefined, await plan(), plan, (plan) =>
      applyCreate(ctx, sys, input, plan, hashes),
    );
  });
}

async function applyCreate(
  ctx: KluisContext,
  sys: SystemDb,
  input: CreateAdministrationInput,
  plan: CreateAdministrationPlan,
  hashes: string[],
): Promise<AdministrationRecord> {
  const engine = ctx.engine;
  const made: Made = { registered: false, created: false };
  await withOperation(
    sys,
    'admin-create',
    plan.number,
    { ...plan },
    (op) => makeAdministration(engine, sys, op, { input, plan, hashes }, made),
    // Undone in reverse order; the journal keeps the failure for the record.
    async () => {
      if (made.created) await engine.dropDatabase(plan.databaseName, { force: true });
      if (made.registered) await sys.remove(plan.number);
    },
  );
  return (await sys.byNumber(plan.number))!;
}

/** What the operation made, and so may undo: a database of that name made by anyone else is not its to drop. */
interface Made {
  registered: boolean;
  created: boolean;
}

async function makeAdministration(
  engine: Engine,
  sys: SystemDb,
  op: Operation<'admin-create'>,
  { input, plan, hashes }: { input: CreateAdministrationInput; plan: CreateAdministrationPlan; hashes: string[] },
  made: Made,
): Promise<void> {
  await registerCreating(sys, plan);
  made.registered = true;
  await op.phase('registered');
  if ((await engine.databaseState(plan.databaseName)) !== 'missing')
    throw new ToolError('DATABASE_EXISTS', { database: plan.databaseName, server: engine.name });
  made.created = true; // from here a database of that name is this operation's, even if the server dies inside the CREATE
  await engine.createDatabase(plan.databaseName);
  await op.phase('database-created');
  const client = await engine.connect(plan.databaseName);
  try {
    await fillDatabase(engine, client, input, plan, hashes);
  } catch (err) {
    throw fromPostgresError(err, engine.name, engine.describe().target, 'query');
  } finally {
    await client.end().catch(() => undefined);
  }
  await op.phase('schema-ready');
  await sys.setStatus(plan.number, 'ready');
}

async function registerCreating(sys: SystemDb, plan: CreateAdministrationPlan): Promise<void> {
  await sys.insert({
    number: plan.number,
    name: plan.name,
    databaseName: plan.databaseName,
    identity: plan.identity,
    directory: null,
    tablespace: null,
    status: 'creating',
  });
}

async function fillDatabase(
  engine: Engine,
  client: pg.Client,
  input: CreateAdministrationInput,
  plan: CreateAdministrationPlan,
  hashes: string[],
): Promise<void> {
  const bulk = input.populate !== undefined;
  const { deferredPost } = await migrate(client, adminMigrations, plan.databaseName, { deferPost: bulk });
  await client.query('begin');
  await client.query('insert into settings (number, name, identity, currency) values ($1, $2, $3, $4)', [
    plan.number,
    plan.name,
    plan.identity,
    input.currency ?? 'EUR',
  ]);
  const years = input.fiscalYears ?? [new Date().getUTCFullYear()];
  for (const y of years)
    await client.query(
      `insert into fiscal_years (year, start_date, end_date, closed) values ($1, make_date($1, 1, 1), make_date($1, 12, 31), false)`,
      [y],
    );
  await client.query(`insert into licences (role, document) values ('active', $1)`, [JSON.stringify(input.licence)]);
  for (const [i, u] of input.users.entries()) {
    await client.query('insert into users (user_name, full_name, role, password_hash) values ($1, $2, $3, $4)', [
      u.userName,
      u.fullName,
      u.role,
      hashes[i],
    ]);
  }
  for (const a of standardAccounts) {
    await client.query('insert into accounts (code, name, kind, debit_credit, vat_code) values ($1, $2, $3, $4, $5)', [
      a.code,
      a.name,
      a.kind,
      a.debitCredit,
      a.vatCode ?? null,
    ]);
  }
  for (const v of standardVatCodes) {
    await client.query(
      'insert into vat_codes (code, description, percentage, pay_account, claim_account) values ($1, $2, $3, $4, $5)',
      [v.code, v.description, v.percentage, v.payAccount, v.claimAccount],
    );
  }
  for (const j of standardJournals)
    await client.query('insert into journals (code, name, type) values ($1, $2, $3)', [j.code, j.name, j.type]);
  await client.query(
    `insert into audit_log (user_name, action, object) values ('kluis', 'administration.created', $1)`,
    [formatAdminNumber(plan.number)],
  );
  await client.query('commit');
  if (!bulk) return;
  await input.populate!(client);
  input.onProgress?.({ step: 'indexes', done: 0, total: 1 });
  const second = await engine.connect(plan.databaseName);
  try {
    await runPostPhases([client, second], deferredPost);
  } finally {
    await second.end().catch(() => undefined);
  }
  await client.query(refreshCountersSql);
  const unbalanced = await client.query(unbalancedEntriesSql);
  const first = unbalanced.rows[0];
  if (first)
    throw new ToolError('UNBALANCED_ENTRY', { entry: first.entry_id, debit: first.debit, credit: first.credit });
  input.onProgress?.({ step: 'indexes', done: 1, total: 1 });
}
