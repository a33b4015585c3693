/**
 * Making a migrated cloud database ready for use (wizard action 5). An
 * administration database that reached a (managed) PostgreSQL server by
 * other means — a DBA's pg_dump/pg_restore, a migration service — is checked
 * and repaired without superuser rights: it must be a kluis administration;
 * an older schema is upgraded; objects are taken over by the role kluis
 * connects as (possible when that role is a member of the current owner);
 * sequences behind the data are moved on; debits = credits, foreign keys and
 * counts are checked; the system database is created if missing and the
 * administration registered. Running it twice changes nothing the second
 * time. Every finding and action is reported.
 */
import type pg from 'pg';
import { quoteIdent } from '../../engines/index.js';
import { fromPostgresError, type Phrase, phrase, ToolError } from '../../errors/index.js';
import { adminMigrations, refreshCountersSql, unbalancedEntriesSql } from '../admin-db/admin-schema.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber, parseAdminNumber } from '../domain/administration-ref.js';
import { type Operation, withOperation } from '../journal/operation-journal.js';
import { currentVersion, latestVersion, migrate } from '../migrations/migrator.js';
import { SystemDb } from '../system-db/system-db.js';

export interface PrepareInput {
  readonly database: string;
  /** The number to register it under; default the number in its settings. */
  readonly number?: string;
}

export interface PrepareReport {
  readonly database: string;
  readonly role: string;
  readonly administration: { readonly number: string; readonly name: string; readonly identity: string };
  readonly schema: { readonly found: number; readonly now: number };
  /** What was changed, one line each; empty when the database was ready. */
  readonly actions: Phrase[];
  /** What kluis found but could not fix itself. */
  readonly problems: Phrase[];
  readonly checks: {
    readonly unbalancedEntries: number;
    readonly invalidConstraints: number;
    readonly counts: { transactions: number; documents: number };
  };
}

export async function prepareCloudDatabase(ctx: KluisContext, input: PrepareInput): Promise<PrepareReport> {
  const engine = ctx.engine;
  const c = await engine.connect(input.database);
  const actions: Phrase[] = [];
  const problems: Phrase[] = [];
  try {
    const role = (await c.query<{ r: string }>('select current_user as r')).rows[0]!.r;
    // From the catalog, which any role may read: is it an administration, and can this role take it over?
    const looksLikeOne = (
      await c.query(
        `select to_regclass('public.settings') is not null and to_regclass('public.kluis_schema_migrations') is not null as ok`,
      )
    ).rows[0].ok as boolean;
    if (!looksLikeOne) throw new ToolError('NOT_AN_ADMINISTRATION', { database: input.database });
    await refuseWhatCannotBeTaken(c, role);
    const found = await currentVersion(c);
    if (found === 0) throw new ToolError('NOT_AN_ADMINISTRATION', { database: input.database });
    const latest = latestVersion(adminMigrations);
    if (found > latest) throw new ToolError('SCHEMA_TOO_NEW', { database: input.database, found, supported: latest });

    const settings = (await c.query('select number, name, identity from settings')).rows[0] as {
      number: number;
      name: string;
      identity: string;
    };
    const number = input.number !== undefined ? parseAdminNumber(input.number) : settings.number;
    const checks = await withRegistration(ctx, input.database, number, settings, actions, async (op) => {
      await takeOwnership(c, role, actions, problems);
      await op.phase('owned');
      if (found < latest) {
        await migrate(c, adminMigrations, input.database);
        actions.push(phrase('SCHEMA_UPGRADED', { found, latest }));
      }
      await op.phase('migrated');
      await resetSequences(c, actions);
      const checks = await checkIntegrity(c, actions, problems);
      await op.phase('checked');
      // The number first, the registration last: once registered, the administration is ready.
      if (number !== settings.number) {
        await c.query('update settings set number = $1', [number]);
        actions.push(phrase('NUMBER_SET', { number: formatAdminNumber(number) }));
      }
      await op.phase('numbered');
      return checks;
    });
    return {
      database: input.database,
      role,
      administration: { number: formatAdminNumber(number), name: settings.name, identity: settings.identity },
      schema: { found, now: await currentVersion(c) },
      actions,
      problems,
      checks,
    };
  } catch (err) {
    throw fromPostgresError(err, engine.name, engine.describe().target, 'query');
  } finally {
    await c.end().catch(() => undefined);
  }
}

interface ForeignObject {
  readonly kind: string;
  readonly name: string;
  readonly owner: string;
  readonly ident: string;
  /** This role is a member of the owner, so ALTER ... OWNER is allowed. */
  readonly takeable: boolean;
}

/** Tables, sequences and functions in public that another role owns. */
async function objectsOwnedByOthers(c: pg.Client): Promise<ForeignObject[]> {
  const r = await c.query<ForeignObject>(`
    select case c.relkind when 'S' then 'sequence' else 'table' end as kind, c.relname as name, pg_get_userbyid(c.relowner) as owner,
           format('%I.%I', n.nspname, c.relname) as ident, pg_has_role(current_user, c.relowner, 'MEMBER') as takeable
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'S') and c.relowner <> (select oid from pg_roles where rolname = current_user)
       and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
    union all
    select 'function', p.proname, pg_get_userbyid(p.proowner), format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
           pg_has_role(current_user, p.proowner, 'MEMBER')
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.proowner <> (select oid from pg_roles where rolname = current_user)
     order by 1, 2`);
  return r.rows;
}

function cannotTake(obj: ForeignObject, role: string): Phrase {
  const { name, owner, ident } = obj;
  const kind = obj.kind.toUpperCase();
  return phrase('CANNOT_TAKE_OVER', { name, owner, role, kind, object: ident, quotedRole: quoteIdent(role) });
}

/**
 * Before anything is read or journaled: objects this role can neither read
 * nor take over make the whole run pointless, and the server would only say
 * "permission denied" (read by a person as a missing CREATEDB).
 */
async function refuseWhatCannotBeTaken(c: pg.Client, role: string): Promise<void> {
  const blocked = (await objectsOwnedByOthers(c)).filter((o) => !o.takeable).map((o) => cannotTake(o, role));
  if (blocked.length) throw new ToolError('CLOUD_NOT_OWNER', { role, count: blocked.length, first: blocked[0]! });
}

/** Objects in public that another role owns: take them over when membership allows, else report. */
async function takeOwnership(c: pg.Client, role: string, actions: Phrase[], problems: Phrase[]): Promise<void> {
  let taken = 0;
  for (const obj of await objectsOwnedByOthers(c)) {
    try {
      await c.query(`alter ${obj.kind} ${obj.ident} owner to ${quoteIdent(role)}`);
      taken++;
    } catch {
      problems.push(cannotTake(obj, role));
    }
  }
  if (taken) actions.push(phrase('OBJECTS_TAKEN_OVER', { count: taken, role }));
  if (problems.length) throw new ToolError('CLOUD_NOT_OWNER', { role, count: problems.length, first: problems[0]! });
}

/** Identity sequences the migration left behind the data move on past the highest id. */
async function resetSequences(c: pg.Client, actions: Phrase[]): Promise<void> {
  const cols = await c.query<{ tbl: string; col: string }>(`
    select c.relname as tbl, a.attname as col from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and a.attidentity <> '' and c.relkind = 'r' order by 1`);
  const moved: string[] = [];
  for (const { tbl, col } of cols.rows) {
    const seq = (
      await c.query<{ seq: string | null; max: string | null }>(
        `select pg_get_serial_sequence($1, $2) as seq, (select max(${quoteIdent(col)}) from ${quoteIdent(tbl)})::text as max`,
        [tbl, col],
      )
    ).rows[0];
    if (!seq?.seq || seq.max === null) continue;
    // pg_get_serial_sequence returns a quoted, schema-qualified name.
    const state = (
      await c.query<{ last: string; called: boolean }>(
        `select last_value::text as last, is_called as called from ${seq.seq}`,
      )
    ).rows[0]!;
    const row = { seq: seq.seq, max: seq.max, last: state.last, called: state.called };
    const next = row.called ? BigInt(row.last) + 1n : BigInt(row.last);
    if (next <= BigInt(row.max)) {
      await c.query('select setval($1, $2, true)', [row.seq, row.max]);
      moved.push(`${tbl}.${col}`);
    }
  }
  if (moved.length) actions.push(phrase('SEQUENCES_MOVED', { columns: moved.join(', ') }));
}

async function checkIntegrity(c: pg.Client, actions: Phrase[], problems: Phrase[]): Promise<PrepareReport['checks']> {
  const unbalanced = (await c.query(unbalancedEntriesSql)).rows;
  if (unbalanced.length)
    problems.push(phrase('ENTRY_UNBALANCED_AND_MAYBE_MORE', { entry: String(unbalanced[0].entry_id) }));
  const invalid = await c.query<{ tbl: string; con: string }>(`
    select c.relname as tbl, k.conname as con from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and not k.convalidated`);
  for (const { tbl, con } of invalid.rows) {
    try {
      await c.query(`alter table ${quoteIdent(tbl)} validate constraint ${quoteIdent(con)}`);
      actions.push(phrase('CONSTRAINT_VALIDATED', { constraint: con }));
    } catch {
      // The server's own sentence names tables and rows in its words, not a person's: --debug has the SQL.
      problems.push(phrase('CONSTRAINT_DOES_NOT_HOLD', { constraint: con }));
    }
  }
  const before = (await c.query<{ name: string; value: string }>('select name, value from counters order by name')).rows
    .map((r) => `${r.name}=${r.value}`)
    .join(',');
  await c.query(refreshCountersSql);
  const after = (await c.query<{ name: string; value: string }>('select name, value from counters order by name')).rows;
  if (after.map((r) => `${r.name}=${r.value}`).join(',') !== before) actions.push(phrase('COUNTERS_RECOMPUTED'));
  if (problems.length) throw new ToolError('CLOUD_INTEGRITY', { count: problems.length, first: problems[0]! });
  const count = (n: string) => Number(after.find((r) => r.name === n)?.value ?? 0);
  return {
    unbalancedEntries: unbalanced.length,
    invalidConstraints: 0,
    counts: { transactions: count('transactions'), documents: count('documents') },
  };
}

/**
 * Runs the repairs journaled, holding the administration number they
 * register under, and registers the database when they are done. Refusals
 * about the registration come first, before anything is changed. Every
 * repair is complete in itself and keeps the books as they are, so an
 * interrupted preparation leaves the database unregistered and is simply
 * run again; recover settles its journal entry.
 */
async function withRegistration<T>(
  ctx: KluisContext,
  database: string,
  number: number,
  settings: { name: string; identity: string },
  actions: Phrase[],
  repairs: (op: Operation) => Promise<T>,
): Promise<T> {
  const engine = ctx.engine;
  const existed = await engine.databaseExists(ctx.systemDatabase);
  const sys = await SystemDb.open(engine, ctx.systemDatabase);
  try {
    if (!existed) actions.push(phrase('SYSTEM_DATABASE_CREATED', { database: ctx.systemDatabase }));
    const current = (await sys.list()).find((r) => r.databaseName === database);
    if (current && current.number !== number)
      throw new ToolError('CLOUD_REGISTERED_ELSEWHERE', { database, number: formatAdminNumber(current.number) });
    const taken = current ? undefined : await sys.byNumber(number);
    if (taken) throw new ToolError('ADMIN_NUMBER_TAKEN', { number: formatAdminNumber(number), name: taken.name }, {});
    return await withOperation(sys, 'cloud-prepare', number, { database, number }, async (op) => {
      const result = await repairs(op);
      if (!current) await register(sys, database, number, settings, actions);
      return result;
    });
  } finally {
    await sys.close();
  }
}

async function register(
  sys: SystemDb,
  database: string,
  number: number,
  settings: { name: string; identity: string },
  actions: Phrase[],
): Promise<void> {
  const clash = await sys.byName(settings.name);
  const name = clash ? `${settings.name} (${formatAdminNumber(number)})`.slice(0, 60) : settings.name;
  await sys.insert({
    number,
    name,
    databaseName: database,
    identity: settings.identity,
    directory: null,
    tablespace: null,
    status: 'ready',
  });
  actions.push(phrase('REGISTERED_AS', { number: formatAdminNumber(number), name }));
}
