/**
 * Restoring a backup (wizard action 2).
 *
 * Plan (nothing changes): read and check the manifest, resolve the target —
 * a name makes a new administration with the next free number, a number
 * restores into that number and, when it exists, overwrites it only with the
 * number repeated as confirmation and nobody connected — and collect
 * warnings (another administration's identity, someone else's licence).
 *
 * Apply, under the journal and the administration's lock: create a staging
 * database, create the schema at the backup's version, stream every table in
 * (checksums checked frame by frame), check row counts against the file and
 * debits = credits, build keys and indexes, upgrade the schema, and only then
 * swap the staging database in. The old database is dropped last.
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { type Localized, ToolError } from '../../errors/index.js';
import { BackupReader, type DecryptionKeys, type Footer, type Manifest } from '../../format/index.js';
import { AdminDb } from '../admin-db/admin-db.js';
import {
  adminMigrations,
  continueIdentitiesSql,
  counterTables,
  rebindLicencesSql,
  scanFromPostPhase,
  unbalancedEntriesSql,
} from '../admin-db/admin-schema.js';
import { defaultLicence } from '../administrations/licence-files.js';
import type { KluisContext } from '../context.js';
import { adminDatabaseName, formatAdminNumber, parseAdminRef } from '../domain/administration-ref.js';
import {
  assertAvailable,
  freeNumberAttempts,
  type LockRequest,
  numberTakenMeanwhile,
} from '../journal/operation-journal.js';
import { latestVersion, migrate, runPostPhases } from '../migrations/migrator.js';
import type { ProgressListener } from '../progress.js';
import { copyFromSql } from '../staging/copy-sql.js';
import { EarlyIndexes, withoutDone } from '../staging/early-indexes.js';
import { buildAndSwap } from '../staging/swap.js';
import { checkPlacementInput, preparePlacement } from '../staging/tablespace.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';
import { stageTimer, traceEvent } from '../trace.js';

export interface RestoreInput {
  /** The file as a stream of bytes, and how to name it in messages. */
  readonly source: Readable;
  readonly path: string;
  /** A name (new administration) or a number (that number). */
  readonly to: string;
  /** Must repeat the number when it exists and will be overwritten. */
  readonly replace?: number;
  readonly keys?: DecryptionKeys;
  readonly databaseDir?: string;
  readonly serverFolder?: string;
  readonly onProgress?: ProgressListener;
  /**
   * Changes the staging database after it was loaded, checked and upgraded,
   * before it is swapped in (a client install puts the accountant's licence
   * and users in). Runs in one transaction.
   */
  readonly transform?: (client: pg.Client, plan: RestorePlan) => Promise<void>;
  /** The journal's name for the operation (default "restore"). */
  readonly operation?: string;
  /** Give the restored administration this identity instead of the backup's (a copy is a new administration). */
  readonly newIdentity?: string;
  /** Leave out the warning about someone else's licence (when that is the point, as in a client install or a copy). */
  readonly ownLicence?: boolean;
  /** Other administrations the operation reads, locked with the target until it ends (a copy's source, an open administration). */
  readonly locks?: LockRequest;
}

export type RestoreWarning =
  | { readonly code: 'DIFFERENT_IDENTITY'; readonly existing: string; readonly backup: string }
  | { readonly code: 'FOREIGN_LICENCE'; readonly holder: string; readonly number: string };

export interface RestorePlan {
  readonly number: number;
  readonly name: string;
  readonly databaseName: string;
  /** The administration that will be overwritten, if any. */
  readonly overwrites: {
    readonly name: string;
    readonly identity: string;
    readonly transactions: number;
    readonly documents: number;
  } | null;
  readonly manifest: Manifest;
  readonly warnings: readonly RestoreWarning[];
}

export interface RestoreResult extends RestorePlan {
  readonly footer: Footer;
  readonly seconds: number;
}

/** Opens the file and works out what a restore would do, without changing anything. */
export async function planRestore(
  ctx: KluisContext,
  sys: SystemDb,
  reader: BackupReader,
  input: Omit<RestoreInput, 'source'>,
): Promise<RestorePlan> {
  const manifest = reader.manifest;
  const supported = latestVersion(adminMigrations);
  if (manifest.schemaVersion > supported)
    throw new ToolError('BACKUP_SCHEMA_TOO_NEW', { path: input.path, found: manifest.schemaVersion, supported });
  checkPlacementInput(ctx.engine, input);
  const warnings: RestoreWarning[] = [];
  const target = await resolveTarget(
    ctx,
    sys,
    input.to,
    input.replace,
    manifest.administration.name,
    (existing, overwrites) => {
      const other = existing.identity !== manifest.administration.identity;
      if (other)
        warnings.push({
          code: 'DIFFERENT_IDENTITY',
          existing: existing.identity,
          backup: manifest.administration.identity,
        });
      return {
        nl: `Terugzetten over administratie ${formatAdminNumber(existing.number)} "${existing.name}" (${overwrites.transactions} transacties, ${overwrites.documents} documenten gaan verloren${other ? '; het is een ándere administratie dan die in de back-up' : ''})`,
        en: `Restoring over administration ${formatAdminNumber(existing.number)} "${existing.name}" (${overwrites.transactions} transactions and ${overwrites.documents} documents will be lost${other ? '; it is a different administration from the one in the backup' : ''})`,
      };
    },
  );
  const { number, name, overwrites } = target;
  const foreign = input.ownLicence ? undefined : await foreignLicence(ctx, sys, manifest);
  if (foreign) warnings.push(foreign);
  return { number, name, databaseName: adminDatabaseName(sys.name, number), overwrites, manifest, warnings };
}

export interface ResolvedTarget {
  readonly number: number;
  readonly name: string;
  /** The administration that will be overwritten, if any. */
  readonly existing: AdministrationRecord | undefined;
  readonly overwrites: RestorePlan['overwrites'];
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
  confirm: (existing: AdministrationRecord, overwrites: NonNullable<RestorePlan['overwrites']>) => Localized,
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
  let name = existing?.name ?? fallbackName;
  const clash = await sys.byName(name);
  if (clash && clash.number !== number) name = `${name} (${formatAdminNumber(number)})`.slice(0, 60);
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

async function describeExisting(
  ctx: KluisContext,
  existing: AdministrationRecord,
): Promise<NonNullable<RestorePlan['overwrites']>> {
  try {
    const db = await AdminDb.open(ctx.engine, existing.databaseName);
    try {
      const counts = await db.counts();
      return { name: existing.name, identity: existing.identity, ...counts };
    } finally {
      await db.close();
    }
  } catch {
    return { name: existing.name, identity: existing.identity, transactions: 0, documents: 0 };
  }
}

/**
 * A backup whose licence holder is not this installation's (its default
 * licence or, without one, the licences its administrations run under) is
 * probably a client's: wizard action 4 is meant. That holds for a hand-back
 * too (it carries the client's licence): restored plainly at the
 * accountant's, nobody there could sign in to it; the client, whose
 * installation's licence is the one in the file, is not warned. A fresh
 * installation has nothing to compare with and does not warn.
 */
async function foreignLicence(
  ctx: KluisContext,
  sys: SystemDb,
  manifest: Manifest,
): Promise<RestoreWarning | undefined> {
  if (!manifest.licence.holder) return undefined;
  const own = new Set<string>();
  try {
    const holder = defaultLicence(ctx)?.document.licence.holder;
    if (holder) own.add(holder);
  } catch {
    // an unreadable default licence says nothing about ownership
  }
  // The installation's own licence decides when there is one; without it the
  // licences its administrations run under stand in.
  const records = own.size > 0 ? [] : (await sys.list()).slice(0, 100);
  for (const record of records) {
    try {
      const db = await AdminDb.open(ctx.engine, record.databaseName);
      try {
        const holder = (await db.licence('active'))?.licence.holder;
        if (holder) own.add(holder);
      } finally {
        await db.close();
      }
    } catch {
      // a broken administration is recover's business, not this warning's
    }
  }
  if (own.size === 0 || own.has(manifest.licence.holder)) return undefined;
  return { code: 'FOREIGN_LICENCE', holder: manifest.licence.holder, number: manifest.licence.number };
}

/** Opens the file, plans, and (unless `dryRun`) restores. */
export async function restoreBackup(
  ctx: KluisContext,
  input: RestoreInput & { dryRun?: boolean; onPlan?: (plan: RestorePlan) => Promise<void> | void },
): Promise<RestoreResult | RestorePlan> {
  const started = Date.now();
  // A database directory that does not exist or cannot be written is said before the file or the server is read.
  checkPlacementInput(ctx.engine, input);
  const reader = await BackupReader.open(input.source, {
    path: input.path,
    ...(input.keys ? { keys: input.keys } : {}),
  });
  try {
    const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
    try {
      let plan = await planRestore(ctx, sys, reader, input);
      await input.onPlan?.(plan);
      if (input.dryRun) return plan;
      // A new administration gets the lowest free number; if another operation takes it first, the next.
      for (let attempt = 1; ; attempt++) {
        try {
          const footer = await applyRestore(ctx, sys, reader, plan, input);
          return { ...plan, footer, seconds: (Date.now() - started) / 1000 };
        } catch (err) {
          if (
            parseAdminRef(input.to).kind !== 'name' ||
            attempt >= freeNumberAttempts ||
            !numberTakenMeanwhile(err, plan.number)
          )
            throw err;
          const free = await sys.nextFreeNumber();
          if (free === undefined) throw new ToolError('ADMIN_NUMBERS_EXHAUSTED');
          plan = { ...plan, number: free, databaseName: adminDatabaseName(sys.name, free) };
        }
      }
    } finally {
      await sys.close();
    }
  } finally {
    await reader.close();
  }
}

async function applyRestore(
  ctx: KluisContext,
  sys: SystemDb,
  reader: BackupReader,
  plan: RestorePlan,
  input: RestoreInput,
): Promise<Footer> {
  const identity = input.newIdentity ?? plan.manifest.administration.identity;
  const target = {
    number: plan.number,
    name: plan.name,
    databaseName: plan.databaseName,
    identity,
    overwrites: plan.overwrites !== null,
  };
  return buildAndSwap(
    ctx,
    sys,
    input.operation ?? 'restore',
    target,
    { file: input.path },
    async (staging, op) => {
      const placement = await preparePlacement(ctx.engine, input);
      await op.phase('planned', { staging, tablespace: placement?.tablespace ?? null });
      await ctx.engine.createDatabase(staging, placement ? { tablespace: placement.tablespace } : {});
      await op.phase('staging-created');
      const { footer, built, rows } = await loadStaging(ctx, staging, reader, plan, input);
      await op.phase('data-loaded');
      await finishStaging(ctx, staging, plan, input, identity, built, rows);
      return {
        result: footer,
        placed: { directory: placement?.directory ?? null, tablespace: placement?.tablespace ?? null },
      };
    },
    input.locks,
  );
}

/** Creates the schema at the backup's version and streams every table in. */
async function loadStaging(
  ctx: KluisContext,
  staging: string,
  reader: BackupReader,
  plan: RestorePlan,
  input: RestoreInput,
): Promise<{ footer: Footer; built: ReadonlySet<string>; rows: ReadonlyMap<string, number> }> {
  const manifest = plan.manifest;
  const stage = stageTimer('restore');
  const pool = new LoaderPool(ctx, staging);
  const main = await pool.connect();
  const loaders = new Map<number, TableLoader>();
  const early = new EarlyIndexes(
    adminMigrations.filter((m) => m.version <= manifest.schemaVersion && m.post).map((m) => m.post!),
    () => ctx.engine.connect(staging),
  );
  const newLoader = async (stream: number) => {
    const table = manifest.tables[stream]!;
    const loader = new TableLoader(table, await pool.acquire(loaders), pool);
    traceEvent(`loading ${table.name}`);
    loader.finished.then(
      () => {
        traceEvent(`loaded ${table.name}`);
        early.tableLoaded(table.name);
        if ([...loaders.values()].filter((l) => !l.released).length <= 1) early.widen();
      },
      () => undefined,
    );
    loaders.set(stream, loader);
    return loader;
  };
  const expected = new Map<number, number>();
  try {
    await migrate(
      main,
      adminMigrations.filter((m) => m.version <= manifest.schemaVersion),
      staging,
      { deferPost: true },
    );
    await checkColumns(main, manifest, input.path);
    await pool.useFastToastCompression(main);
    pool.release(main);
    stage('schema');
    const total = manifest.tables.reduce((n, t) => n + t.estimatedBytes, 0);
    let done = 0;
    let tablesDone = 0;
    let rows = 0;
    for await (const event of reader.body()) {
      if (event.type === 'data') {
        const loader = loaders.get(event.stream) ?? (await newLoader(event.stream));
        await loader.push(event.data);
        done += event.data.length;
        input.onProgress?.({
          step: 'restore',
          done: Math.min(done, total),
          total,
          detail: { tables: manifest.tables.length, tablesDone, rows },
        });
      } else if (event.type === 'table-end') {
        const loader = loaders.get(event.stream) ?? (await newLoader(event.stream));
        expected.set(event.stream, event.stats.rows);
        loader.end();
        tablesDone++;
        rows += event.stats.rows;
      } else {
        const counts = await Promise.all(
          [...loaders.entries()].map(async ([stream, l]) => [stream, await l.finished] as const),
        );
        for (const [stream, loaded] of counts) {
          if (loaded !== expected.get(stream)) {
            const name = manifest.tables[stream]!.name;
            throw new ToolError('RESTORE_CHECK_FAILED', {
              path: input.path,
              reason: {
                nl: `tabel ${name} kreeg ${loaded} rijen, de back-up noemt ${expected.get(stream)}`,
                en: `table ${name} got ${loaded} rows, the backup says ${expected.get(stream)}`,
              },
            });
          }
        }
        const built = await early.finish();
        stage('load');
        return {
          footer: event.footer,
          built,
          rows: new Map(counts.map(([stream, n]) => [manifest.tables[stream]!.name, n])),
        };
      }
    }
    throw new Error('backup body ended without a footer');
  } finally {
    for (const l of loaders.values()) l.abort();
    await Promise.allSettled([...loaders.values()].map((l) => l.finished));
    await Promise.all([pool.close(), early.close()]);
  }
}

/** Connections to the staging database, reused by table loaders. */
class LoaderPool {
  readonly #all: pg.Client[] = [];
  readonly #idle: pg.Client[] = [];
  #sessionSetup: string | undefined;
  constructor(
    private readonly ctx: KluisContext,
    private readonly database: string,
  ) {}

  async connect(): Promise<pg.Client> {
    const c = await this.ctx.engine.connect(this.database);
    this.#all.push(c);
    if (this.#sessionSetup) await c.query(this.#sessionSetup);
    return c;
  }

  /**
   * Large values (attachments) are TOAST-compressed as they are loaded; the
   * default pglz is slow and gives up only after trying on incompressible
   * scans. lz4 (PostgreSQL 14+, when the server was built with it) took the
   * load of L from 9.7 to 8.8 s. Per session and for the loaders only; the
   * values read back the same.
   */
  async useFastToastCompression(c: pg.Client): Promise<void> {
    const r = await c.query<{ ok: boolean }>(
      `select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'`,
    );
    if (!r.rows[0]?.ok) return;
    this.#sessionSetup = `set default_toast_compression = 'lz4'`;
    await c.query(this.#sessionSetup);
  }

  /**
   * A connection for a new table. Waits for a free one when three are busy,
   * unless every busy loader still needs data from the file (then waiting
   * could never end, so it opens another).
   */
  async acquire(loaders: Map<number, TableLoader>): Promise<pg.Client> {
    for (;;) {
      const idle = this.#idle.pop();
      if (idle) return idle;
      // A loader that failed (its connection cut, say) will never hand its connection back: stop here.
      const failed = [...loaders.values()].find((l) => l.failure);
      if (failed) throw failed.failure;
      const busy = [...loaders.values()].filter((l) => !l.released);
      if (busy.length < 3 || busy.every((l) => !l.ended)) return this.connect();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  release(c: pg.Client): void {
    this.#idle.push(c);
  }

  /** Ends every connection; one whose server side is gone may never answer, so this is bounded. */
  async close(): Promise<void> {
    await Promise.all(
      this.#all.map((c) =>
        Promise.race([c.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]).then(() => {
          (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        }),
      ),
    );
  }
}

/**
 * Streams one table into the staging database on its own connection, fed
 * from a bounded queue so the file reader can move on to other tables while
 * this COPY is busy.
 */
class TableLoader {
  static readonly maxQueued = 8 * 1024 * 1024;
  readonly finished: Promise<number>;
  ended = false;
  released = false;
  /** Why this loader stopped, when it failed. */
  failure: Error | undefined;
  #chunks: Buffer[] = [];
  #queued = 0;
  #aborted = false;
  #wake: (() => void) | undefined;
  #space: (() => void) | undefined;

  constructor(table: Manifest['tables'][number], client: pg.Client, pool: LoaderPool) {
    this.finished = this.#run(table, client, pool);
    this.finished.catch(() => undefined);
  }

  async push(data: Buffer): Promise<void> {
    this.#chunks.push(data);
    this.#queued += data.length;
    this.#wake?.();
    while (this.#queued > TableLoader.maxQueued && !this.#aborted) await new Promise<void>((r) => (this.#space = r));
    if (this.#aborted) await this.finished; // surfaces the loader's error
  }

  end(): void {
    this.ended = true;
    this.#wake?.();
  }

  abort(): void {
    this.#aborted = true;
    this.#wake?.();
    this.#space?.();
  }

  async #run(table: Manifest['tables'][number], client: pg.Client, pool: LoaderPool): Promise<number> {
    try {
      // TRUNCATE in the same transaction lets COPY … FREEZE skip WAL (wal_level minimal) and later vacuum work.
      await client.query('begin');
      await client.query(`truncate public."${table.name.replace(/"/g, '""')}"`);
      const { from: copyFrom } = await import('pg-copy-streams');
      const copy = client.query(copyFrom(copyFromSql(table.name, table.columns)));
      // An error on the COPY (server gone, or the restore being aborted) must end this loader, never the process.
      let copyError: Error | undefined;
      copy.on('error', (err: Error) => {
        copyError = err;
        this.abort();
      });
      for (;;) {
        if (copyError) throw copyError;
        if (this.#aborted) {
          copy.destroy();
          throw new Error('aborted');
        }
        const chunk = this.#chunks.shift();
        if (chunk) {
          this.#queued -= chunk.length;
          this.#space?.();
          if (!copy.write(chunk)) await once(copy, 'drain');
          continue;
        }
        if (this.ended) break;
        await new Promise<void>((r) => (this.#wake = r));
      }
      copy.end();
      await once(copy, 'finish');
      await client.query('commit');
      this.released = true;
      pool.release(client);
      return (copy as unknown as { rowCount: number }).rowCount;
    } catch (err) {
      this.failure = err as Error;
      this.#aborted = true;
      this.#space?.();
      throw err;
    }
  }
}

/** Binary COPY is positional and type-strict: the tables must match the manifest exactly. */
async function checkColumns(client: pg.Client, manifest: Manifest, path: string): Promise<void> {
  const r = await client.query<{ name: string; columns: Array<{ name: string; type: string }> }>(`
    select c.relname as name,
           json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) order by a.attnum) as columns
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = 'public' and c.relkind = 'r' group by c.relname`);
  const actual = new Map(r.rows.map((row) => [row.name, JSON.stringify(row.columns)]));
  for (const table of manifest.tables) {
    if (actual.get(table.name) !== JSON.stringify(table.columns.map((c) => ({ name: c.name, type: c.type })))) {
      throw new ToolError('BACKUP_SCHEMA_MISMATCH', { path, table: table.name, version: manifest.schemaVersion });
    }
  }
}

/** Keys, indexes and triggers; the checks; the target's number and name; the schema upgrade. */
/**
 * The licence in the data must be the one the manifest names (and that the
 * plan showed), and a licence bound to an administration must be bound to
 * this one: a file that pairs one client's licence with another's books is
 * refused.
 */
async function checkLicences(c: pg.Client, manifest: Manifest, path: string): Promise<void> {
  const r = await c.query<{ role: string; number: string; holder: string; bound: string | null }>(
    `select role, document #>> '{licence,number}' as number, document #>> '{licence,holder}' as holder, administration as bound from licences`,
  );
  const active = r.rows.find((row) => row.role === 'active');
  if ((active?.number ?? '') !== manifest.licence.number || (active?.holder ?? '') !== manifest.licence.holder) {
    throw new ToolError('RESTORE_CHECK_FAILED', {
      path,
      reason: {
        nl: 'de licentie in de gegevens is niet de licentie die de back-up noemt',
        en: 'the licence in the data is not the one the backup names',
      },
    });
  }
  const elsewhere = r.rows.find((row) => row.bound !== null && row.bound !== manifest.administration.identity);
  if (elsewhere) {
    throw new ToolError('RESTORE_CHECK_FAILED', {
      path,
      reason: {
        nl: `de licentie van ${elsewhere.holder} hoort bij een andere administratie (${elsewhere.bound})`,
        en: `the licence of ${elsewhere.holder} belongs to another administration (${elsewhere.bound})`,
      },
    });
  }
}

async function finishStaging(
  ctx: KluisContext,
  staging: string,
  plan: RestorePlan,
  input: RestoreInput,
  identity: string,
  built: ReadonlySet<string>,
  rows: ReadonlyMap<string, number>,
): Promise<void> {
  const path = input.path;
  const c = await ctx.engine.connect(staging);
  const second = await ctx.engine.connect(staging);
  let third: pg.Client | undefined;
  const stage = stageTimer('restore');
  try {
    // Like pg_restore -j2: keys and indexes built on two connections at once.
    // Debits = credits is a scan of the journal lines (1.7–1.9 s of CPU on L).
    // It runs on a third connection when the foreign keys start: both keys on
    // the journal lines lock that table against each other, so they run one
    // after the other and a core would sit idle beside them (measured: one
    // core busy for the last ~3 s; during the index builds both already are).
    third = await ctx.engine.connect(staging);
    const balancing = third;
    let balance: Promise<pg.QueryResult<{ entry_id: string }>> | undefined;
    const checkBalance = () => {
      balance ??= balancing.query(unbalancedEntriesSql).finally(() => balancing.end().catch(() => undefined));
      balance.catch(() => undefined);
    };
    // What was built while other tables loaded (early-indexes.ts) is left out.
    for (const m of adminMigrations.filter((x) => x.version <= plan.manifest.schemaVersion)) {
      if (m.post)
        await runPostPhases(
          [c, second],
          withoutDone(m.post, built),
          (index) => index >= scanFromPostPhase && checkBalance(),
        );
    }
    stage('keys, indexes, triggers');
    checkBalance();
    const unbalanced = await balance!;
    if (unbalanced.rows[0]) {
      const e = unbalanced.rows[0];
      throw new ToolError('RESTORE_CHECK_FAILED', {
        path,
        reason: { nl: `boeking ${e.entry_id} is niet in balans`, en: `entry ${e.entry_id} does not balance` },
      });
    }
    stage('balance check');
    // The counters are the rows just loaded (each table's count checked against the file): no scan needed.
    for (const [counter, table] of Object.entries(counterTables))
      await c.query('update counters set value = $2 where name = $1', [counter, rows.get(table) ?? 0]);
    stage('counts');
    const counts = (await c.query<{ name: string; value: string }>('select name, value from counters')).rows;
    const count = (n: string) => Number(counts.find((r) => r.name === n)?.value ?? -1);
    if (
      count('transactions') !== plan.manifest.counts.transactions ||
      count('documents') !== plan.manifest.counts.documents
    ) {
      throw new ToolError('RESTORE_CHECK_FAILED', {
        path,
        reason: {
          nl: 'de aantallen transacties en documenten wijken af van de back-up',
          en: 'the numbers of transactions and documents differ from the backup',
        },
      });
    }
    // Identity columns continue after the restored rows.
    await c.query(continueIdentitiesSql);
    await c.query('update settings set number = $1, name = $2, identity = $3', [plan.number, plan.name, identity]);
    await migrate(c, adminMigrations, staging);
    await checkLicences(c, plan.manifest, path);
    await c.query(rebindLicencesSql, [identity]);
    stage('sequences, settings, upgrade');
    if (input.transform) {
      await c.query('begin');
      await input.transform(c, plan);
      await c.query('commit');
      stage('transform');
    }
    // No audit row here: the restored tables must equal the backup exactly;
    // the journal records the restore. No ANALYZE either (pg_restore does not
    // run one): autovacuum gathers statistics shortly after.
  } finally {
    await c.end().catch(() => undefined);
    await second.end().catch(() => undefined);
    await third?.end().catch(() => undefined);
  }
}
