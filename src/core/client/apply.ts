/**
 * The client applies the accountant's change package (kluis client apply,
 * issue 22): first the refusals — not a change package, another
 * administration, a hand-out these books do not know, the accountant's own
 * copy, a cancelled hand-out or one closed by a whole hand-back, a package
 * applied already or older than the one applied — each with its own code
 * and before anything is journaled or changed. Then, journaled (kind
 * `client-apply`) and under the administration's lock, ONE transaction on
 * the client's books with kluis.applying on (the hand-out's guard lets it
 * through, nothing is tracked): the package is COPYed into a temporary
 * table, every object is decided and written set-wise (apply-merge.ts), the
 * review is read (change-review.ts), the audit log gets a row per change
 * naming the accountant who made it, the hand-out is marked applied (which
 * ends the lock on its period), and the transaction commits. A dry run is
 * the same transaction rolled back: its review is exactly what the apply
 * does. A kill at any moment leaves the books as before (no commit) or as
 * after; recover reads the hand-out to tell which.
 */
import { once } from 'node:events';
import { userInfo } from 'node:os';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { dropConnection } from '../../engines/index.js';
import { fromPostgresError, type Localized, ToolError } from '../../errors/index.js';
import { BackupReader, type ChangesInfo, type DecryptionKeys, type Manifest } from '../../format/index.js';
import { adminMigrations } from '../admin-db/admin-schema.js';
import { findAdministration } from '../administrations/find-administration.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { dayInBoth, formatDateTime } from '../formats.js';
import { crashPoint } from '../journal/crash-points.js';
import { assertAvailable, beginOperation, interruptedError, isConnectionLoss } from '../journal/operation-journal.js';
import { latestVersion } from '../migrations/migrator.js';
import type { ProgressListener } from '../progress.js';
import type { AdministrationRecord } from '../system-db/system-db.js';
import { SystemDb } from '../system-db/system-db.js';
import { traceStatement } from '../trace.js';
import { copyIntoLoadSql, createLoadTableSql, decide, writeMerge } from './apply-merge.js';
import { type ChangeReview, readBalances, readReview, recordMoves } from './change-review.js';
import { changesColumns, changesTable } from './changes.js';

export interface ApplyChangesInput {
  readonly source: Readable;
  /** How to name the file in messages ("-" for standard input). */
  readonly path: string;
  /** The client's administration: number or name. */
  readonly to: string;
  /** Review only: the same transaction, rolled back. */
  readonly dryRun?: boolean;
  readonly keys?: DecryptionKeys;
  readonly onProgress?: ProgressListener;
  /** Who applies (the audit log's row for the apply, the hand-out's closed_by); default the system user. */
  readonly appliedBy?: string;
  /** How long the apply waits for a booking under way in the books to finish; default 60 s (CHANGES_BOOKS_BUSY). */
  readonly lockTimeoutSeconds?: number;
}

export interface ApplyResult {
  /** The administration's number, 3 digits. */
  readonly adm: string;
  readonly name: string;
  readonly package: {
    readonly handOut: string;
    readonly sequence: number;
    readonly until: string;
    readonly accountant: string;
    readonly madeAt: string;
  };
  readonly review: ChangeReview;
  readonly dryRun: boolean;
  readonly seconds: number;
}

/** The hand-out row as the apply reads it. */
interface HandOutRow {
  id: string;
  side: 'client' | 'accountant';
  status: 'outstanding' | 'cancelled' | 'applied' | 'returned';
  made_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  applied_package: number | null;
}

const inBoth = (moment: Date | null): Localized =>
  moment ? { nl: formatDateTime(moment, 'nl'), en: formatDateTime(moment, 'en') } : { nl: '-', en: '-' };

/** The package's facts, or the refusal of a file that is no change package or not one this kluis reads. */
export function packageOf(manifest: Manifest, path: string): ChangesInfo {
  const changes = manifest.changes;
  if (!changes) throw new ToolError('CHANGES_NOT_A_PACKAGE', { path, name: manifest.administration.name });
  const table = manifest.tables[0];
  const sameLayout =
    manifest.tables.length === 1 &&
    table?.name === changesTable &&
    table.columns.length === changesColumns.length &&
    table.columns.every((col, i) => col.name === changesColumns[i]!.name && col.type === changesColumns[i]!.type);
  if (!sameLayout)
    throw new ToolError('CHANGES_PACKAGE_UNREADABLE', {
      path,
      found: manifest.schemaVersion,
      supported: latestVersion(adminMigrations),
    });
  return changes;
}

/**
 * Why these books refuse the package, or undefined when they take it. Read
 * once before the journal and again inside the apply's transaction, with
 * the hand-out's row locked (FOR UPDATE), so nothing changes between the
 * check and the write.
 */
async function refusal(
  c: pg.ClientBase,
  manifest: Manifest,
  changes: ChangesInfo,
  path: string,
  record: AdministrationRecord,
  lock: boolean,
): Promise<ToolError | undefined> {
  const adm = formatAdminNumber(record.number);
  const identity = (await c.query<{ identity: string }>('select identity::text from settings')).rows[0]!.identity;
  if (identity.toLowerCase() !== changes.client.toLowerCase())
    return new ToolError('CHANGES_OTHER_ADMINISTRATION', {
      path,
      name: manifest.administration.name,
      package: changes.client,
      adm,
      identity,
    });
  const schema = (await c.query<{ v: number }>('select max(version)::int as v from kluis_schema_migrations')).rows[0]!
    .v;
  const hasHandOuts =
    (await c.query<{ t: string | null }>(`select to_regclass('public.hand_outs')::text as t`)).rows[0]!.t !== null;
  const row = hasHandOuts
    ? (
        await c.query<HandOutRow>(
          `select id::text, side, status, made_at, closed_at, closed_by, applied_package
             from hand_outs where id = $1${lock ? ' for update' : ''}`,
          [changes.handOut],
        )
      ).rows[0]
    : undefined;
  if (!row)
    return new ToolError('CHANGES_HAND_OUT_UNKNOWN', {
      path,
      adm,
      madeAt: inBoth(new Date(changes.madeAt)),
    });
  if (row.side === 'accountant') return new ToolError('CHANGES_ACCOUNTANT_COPY', { adm });
  const closed = { closedAt: inBoth(row.closed_at), closedBy: row.closed_by ?? '-' };
  if (row.status === 'cancelled') return new ToolError('CHANGES_HAND_OUT_CANCELLED', { path, adm, ...closed });
  if (row.status === 'returned')
    return new ToolError('CHANGES_HAND_OUT_RETURNED', { path, adm, closedAt: closed.closedAt });
  if (row.status === 'applied' && row.applied_package !== null) {
    if (row.applied_package === changes.sequence)
      return new ToolError('CHANGES_ALREADY_APPLIED', { sequence: changes.sequence, adm, ...closed });
    if (row.applied_package > changes.sequence)
      return new ToolError('CHANGES_OLDER_PACKAGE', { sequence: changes.sequence, applied: row.applied_package, adm });
  }
  // The books were handed out again since: the accountant's changes now come with that hand-out's package.
  const newer = (
    await c.query<{ made_at: Date; until: string }>(
      `select made_at, to_char(until, 'YYYY-MM-DD') as until from hand_outs
        where side = 'client' and status <> 'cancelled' and id <> $1 and made_at > $2 order by made_at desc limit 1`,
      [changes.handOut, row.made_at],
    )
  ).rows[0];
  if (newer)
    return new ToolError('CHANGES_NEWER_HAND_OUT', {
      path,
      adm,
      madeAt: inBoth(row.made_at),
      newerMadeAt: inBoth(newer.made_at),
      newerUntil: dayInBoth(newer.until),
    });
  if (manifest.schemaVersion !== schema)
    return new ToolError('CHANGES_PACKAGE_UNREADABLE', { path, found: manifest.schemaVersion, supported: schema });
  return undefined;
}

/** Streams the package's one table into the temporary table; returns when the file's trailer checked out. */
async function loadPackage(
  c: pg.Client,
  reader: BackupReader,
  onProgress: ProgressListener | undefined,
): Promise<void> {
  await c.query(createLoadTableSql);
  const { from: copyFrom } = await import('pg-copy-streams');
  const copy = c.query(copyFrom(copyIntoLoadSql));
  let copyError: Error | undefined;
  copy.on('error', (err: Error) => {
    copyError = err;
  });
  const total = reader.manifest.tables[0]?.estimatedBytes ?? 0;
  let done = 0;
  let ended = false;
  for await (const event of reader.body()) {
    if (copyError) throw copyError;
    if (event.type === 'data') {
      done += event.data.length;
      onProgress?.({ step: 'load', done, total: Math.max(total, done) });
      if (!copy.write(event.data)) await Promise.race([once(copy, 'drain'), once(copy, 'error')]);
    } else if (event.type === 'table-end') {
      copy.end();
      await once(copy, 'finish');
      ended = true;
    }
  }
  if (copyError) throw copyError;
  if (!ended) throw new Error('the package ended without its table');
}

/**
 * Runs `work` on a second connection to the books, beside the apply's
 * transaction; the connection ends with the work. Its failure is the apply's
 * (awaited by the apply before it commits), never an unhandled rejection.
 */
function besideOn(ctx: KluisContext, database: string) {
  return <T>(work: (other: pg.Client) => Promise<T>): Promise<T> => {
    const run = (async () => {
      const other = await ctx.engine.connect(database);
      try {
        return await work(other);
      } finally {
        await other.end().catch(() => undefined);
      }
    })();
    run.catch(() => undefined);
    return run;
  };
}

/** With KLUIS_TRACE=1 every statement of the apply prints its time (core/trace.ts). */
function traceQueries(c: pg.Client): void {
  if (!process.env['KLUIS_TRACE']) return;
  const query = c.query.bind(c) as (...args: unknown[]) => unknown;
  (c as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) =>
    typeof args[0] === 'string' ? traceStatement(args[0], async () => query(...args)) : query(...args);
}

/** The tables the apply reads and writes, locked against other writers for its transaction. */
const booksTables = [
  'journal_entries',
  'journal_lines',
  'accounts',
  'relations',
  'vat_codes',
  'fiscal_years',
  'hand_outs',
];

/** CHANGES_BOOKS_BUSY, naming who holds a lock on the books now (user/application, as ADMIN_HAS_CONNECTIONS). */
async function booksBusy(c: pg.Client, record: AdministrationRecord, seconds: number): Promise<ToolError> {
  await c.query('rollback');
  const r = await c.query<{ who: string }>(
    `select distinct a.usename || '/' || coalesce(nullif(a.application_name, ''), '?') as who
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.granted and l.pid <> pg_backend_pid() and l.relation = any ($1::regclass[])
      order by 1`,
    [booksTables],
  );
  return new ToolError('CHANGES_BOOKS_BUSY', {
    adm: formatAdminNumber(record.number),
    seconds: String(seconds),
    who: r.rows.map((x) => x.who).join(', ') || '?',
  });
}

/** The one transaction: load, decide, review, write, record; committed or (dry run) rolled back. */
async function applyInTransaction(
  c: pg.Client,
  beside: <T>(work: (other: pg.Client) => Promise<T>) => Promise<T>,
  reader: BackupReader,
  changes: ChangesInfo,
  record: AdministrationRecord,
  input: ApplyChangesInput,
  appliedBy: string,
  phase: (name: string) => Promise<void>,
): Promise<ChangeReview> {
  await c.query('begin');
  // JIT off: the statements are many and each small, and a temporary table has no statistics until
  // analyzed, so the planner's guesses would have it compile for longer than the work takes (measured:
  // 1.5 s of JIT for a 0.6 s statement on a year of corrections).
  await c.query(
    `select set_config('kluis.applying', 'on', true), set_config('kluis.author', $1, true), set_config('jit', 'off', true)`,
    [appliedBy],
  );
  // The client keeps working while the package is applied, but not on what it changes: the books'
  // objects are read (C) and written in this transaction, so their tables take no other writes meanwhile
  // (reads go on). Without it a booking between the read and the write would be overwritten unseen.
  const seconds = input.lockTimeoutSeconds ?? 60;
  await c.query(`select set_config('lock_timeout', $1, true)`, [`${seconds}s`]);
  try {
    await c.query(`lock table ${booksTables.join(', ')} in exclusive mode`);
  } catch (err) {
    // lock_not_available: a booking (a bookkeeping application's open transaction) held them all along.
    if ((err as { code?: string }).code === '55P03') throw await booksBusy(c, record, seconds);
    throw err;
  }
  const again = await refusal(c, reader.manifest, changes, input.path, record, true);
  if (again) throw again;
  // The balances before, read beside the work from here on (see readBalances).
  const balances = beside(async (other) => readBalances(other));
  await loadPackage(c, reader, input.onProgress);
  await phase('loaded');
  const report = (done: number) => input.onProgress?.({ step: 'merge', done, total: 4 });
  report(0);
  await decide(c, changes.handOut);
  await recordMoves(c, await balances);
  report(1);
  await writeMerge(c);
  report(2);
  // The deferred checks (every entry in balance) now, so a dry run proves them as the commit would.
  await c.query('set constraints all immediate');
  const review = await readReview(c);
  report(3);
  await recordApply(c, changes, appliedBy, review);
  report(4);
  await phase('merged');
  return review;
}

/**
 * The audit log: one row per changed object and accountant who changed it
 * (user_name = that accountant, action change.applied, with the hand-out,
 * the package, the object, the operation, when, what the apply did, the
 * conflict and — where the accountant's state replaced the client's — the
 * client's version in full), and one row for the apply itself. Then the
 * hand-out is applied, and what this package brought is remembered for a
 * newer one of the same hand-out.
 */
async function recordApply(
  c: pg.ClientBase,
  changes: ChangesInfo,
  appliedBy: string,
  review: ChangeReview,
): Promise<void> {
  await c.query(
    `insert into audit_log (user_name, action, object, details)
     select coalesce(nullif(a.value->>'author', ''), $3), 'change.applied', m.object || ' ' || coalesce(m.new_key, m.key),
            jsonb_strip_nulls(jsonb_build_object(
              'handOut', $1::text, 'package', $2::int, 'object', m.object, 'key', m.key,
              'op', case when m.reference and m.object = 'journal' then 'insert' when m.reference then 'restore' when m.base is null then 'insert' when m.final is null then 'delete' else 'update' end,
              'at', a.value->>'last', 'first', a.value->>'first', 'changes', a.value->'changes',
              'outcome', m.action, 'conflict', m.rule, 'renumberedTo', m.new_key,
              'clientVersion', case when m.rule is not null and m.action in ('update', 'delete', 'insert') then m.current end))
       from kluis_merge m
      cross join lateral jsonb_array_elements(
              case when jsonb_array_length(m.authors) > 0 then m.authors else jsonb_build_array(jsonb_build_object()) end) a
      where (not m.reference and m.final is distinct from m.base) or (m.reference and m.action = 'insert')
      order by m.object, m.key`,
    [changes.handOut, changes.sequence, changes.accountant || 'accountant'],
  );
  await c.query(
    `insert into audit_log (user_name, action, object, details) values ($1, 'changes.applied', 'administration', $2)`,
    [
      appliedBy,
      JSON.stringify({
        handOut: changes.handOut,
        package: changes.sequence,
        accountant: changes.accountant,
        madeAt: changes.madeAt,
        counts: changes.counts,
        conflicts: review.conflicts.length,
      }),
    ],
  );
  await c.query(
    `update hand_outs set status = 'applied', applied_package = $2, closed_at = now(), closed_by = $3 where id = $1`,
    [changes.handOut, changes.sequence, appliedBy],
  );
  await c.query('delete from change_applied');
  await c.query(
    `insert into change_applied (hand_out, object, key, base, final, new_key)
     select $1, c.object, c.key, c.base, c.final, coalesce(m.new_key, m.client_key)
       from kluis_changes c left join kluis_merge m on m.object = c.object and m.key = c.key
      where not coalesce(c.reference, false)`,
    [changes.handOut],
  );
}

/** Whether these books record package `sequence` of hand-out `handOut` as applied (recover's test). */
export async function packageApplied(c: pg.ClientBase, handOut: string, sequence: number): Promise<boolean> {
  if ((await c.query<{ t: string | null }>(`select to_regclass('public.hand_outs')::text as t`)).rows[0]!.t === null)
    return false;
  const r = await c.query('select 1 from hand_outs where id = $1 and status = $2 and applied_package = $3', [
    handOut,
    'applied',
    sequence,
  ]);
  return (r.rowCount ?? 0) > 0;
}

/**
 * The package and the books it goes into, when they take it: every refusal
 * before anything is journaled, so nothing is changed, not even the journal.
 */
async function admitted(ctx: KluisContext, sys: SystemDb, manifest: Manifest, path: string, to: string) {
  const changes = packageOf(manifest, path);
  const record = await findAdministration(sys, to);
  // An interrupted operation on these books is said first: its state is not the books' to judge by.
  await assertAvailable(sys, record.number);
  const probe = await ctx.engine.connect(record.databaseName);
  try {
    const refused = await refusal(probe, manifest, changes, path, record, false);
    if (refused) throw refused;
  } finally {
    await probe.end();
  }
  return { changes, record };
}

/**
 * Whether administration `to` takes the change package whose manifest was
 * read (a wizard's check of its choice): throws the refusal an apply would,
 * reads no more of the package and changes nothing.
 */
export async function checkChangesFor(ctx: KluisContext, manifest: Manifest, path: string, to: string): Promise<void> {
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    await admitted(ctx, sys, manifest, path, to);
  } finally {
    await sys.close();
  }
}

/**
 * Applies (or with dryRun reviews) the accountant's change package in
 * `source` to the client's administration `to`.
 */
export async function applyChanges(ctx: KluisContext, input: ApplyChangesInput): Promise<ApplyResult> {
  const started = Date.now();
  const appliedBy = input.appliedBy ?? userInfo().username;
  const reader = await BackupReader.open(input.source, {
    path: input.path,
    ...(input.keys ? { keys: input.keys } : {}),
  });
  let readerOpen = true;
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    const manifest = reader.manifest;
    const { changes, record } = await admitted(ctx, sys, manifest, input.path, input.to);
    const op = await beginOperation(sys, 'client-apply', record.number, {
      handOut: changes.handOut,
      sequence: changes.sequence,
      file: input.path,
      dryRun: input.dryRun === true,
    });
    let c: pg.Client | undefined;
    let review: ChangeReview | undefined;
    const result = (r: ChangeReview): ApplyResult => ({
      adm: formatAdminNumber(record.number),
      name: record.name,
      package: {
        handOut: changes.handOut,
        sequence: changes.sequence,
        until: changes.until,
        accountant: changes.accountant,
        madeAt: changes.madeAt,
      },
      review: r,
      dryRun: input.dryRun === true,
      seconds: (Date.now() - started) / 1000,
    });
    try {
      c = await ctx.engine.connect(record.databaseName);
      traceQueries(c);
      const reviewed = await applyInTransaction(
        c,
        besideOn(ctx, record.databaseName),
        reader,
        changes,
        record,
        input,
        appliedBy,
        (name) => op.phase(name),
      );
      readerOpen = false;
      if (input.dryRun) await c.query('rollback');
      else {
        review = reviewed;
        await c.query('commit');
        await crashPoint(ctx.engine, 'client-apply', 'committed');
      }
      await c.end();
      c = undefined;
      await op.finish();
      return result(reviewed);
    } catch (err) {
      if (c) dropConnection(c);
      if (review && isConnectionLoss(err)) {
        // The commit may have reached the server before it went away: the books say which.
        let applied: boolean;
        try {
          await sys.reconnect();
          const check = await ctx.engine.connect(record.databaseName);
          try {
            applied = await packageApplied(check, changes.handOut, changes.sequence);
          } finally {
            await check.end();
          }
        } catch (again) {
          throw isConnectionLoss(again) ? interruptedError(ctx.engine.name, op, err) : again;
        }
        if (applied) {
          await op.finish();
          return result(review);
        }
      }
      // Nothing was committed: the books are as they were.
      throw await op.abandon(
        err instanceof ToolError ? err : fromPostgresError(err, ctx.engine.name, ctx.engine.describe().target, 'query'),
        async () => undefined,
      );
    }
  } finally {
    if (readerOpen) await reader.close().catch(() => undefined);
    input.source.destroy();
    await sys.close();
  }
}
