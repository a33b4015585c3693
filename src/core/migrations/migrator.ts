/**
 * Versioned schema migrations, shared by the system database and every
 * administration database. Each migration runs in its own transaction with
 * its version row, under an advisory lock, so concurrent processes and
 * crashes can never apply one twice or half.
 */
import type pg from 'pg';
import { quoteLiteral } from '../../engines/index.js';
import { ToolError } from '../../errors/index.js';
import { traceStatement } from '../trace.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Tables and other objects bulk loads go into. */
  readonly pre: string;
  /**
   * Keys, indexes, foreign keys and triggers: built after a bulk load. A list
   * of phases, run in order; the statements of one phase do not depend on
   * each other, so a bulk loader may run them on several connections.
   */
  readonly post?: PostPhases;
}

export type PostPhases = ReadonlyArray<readonly string[]>;

/**
 * Session settings for the index builds and key checks after a bulk load.
 * Memory: PostgreSQL's default (64 MB) makes large sorts spill to disk.
 * No parallel workers: the builds already run two at a time (and beside the
 * loads), so on two cores the workers only add their own cost — a build of
 * journal lines' entry index on L took 2.5–2.75 CPU s with the default two
 * workers against 1.7–1.9 CPU s without (embedded PostgreSQL 18, the
 * server's child processes' CPU time, alternating).
 */
export const bulkBuildSettings = `set maintenance_work_mem = '256MB'; set max_parallel_maintenance_workers = 0`;

/**
 * Runs post phases in order, each phase's statements spread over the given
 * connections. `onPhase` is told as each phase starts (its index), so that
 * other work can be started where it fits; `onStatement` after each
 * statement (progress).
 */
export async function runPostPhases(
  clients: readonly pg.Client[],
  phases: PostPhases,
  onPhase?: (index: number) => void,
  onStatement?: () => void,
): Promise<void> {
  await Promise.all(clients.map((c) => c.query(bulkBuildSettings)));
  for (const [index, phase] of phases.entries()) {
    onPhase?.(index);
    const queue = [...phase];
    await Promise.all(
      clients.map(async (c) => {
        for (let sql = queue.shift(); sql !== undefined; sql = queue.shift()) {
          await traceStatement(sql, () => c.query(sql));
          onStatement?.();
        }
      }),
    );
  }
}

export const migrationsTable = 'kluis_schema_migrations';
const lockKey = 0x6b6c7573; // "klus": one advisory lock id for all kluis migrations

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** The version a database is at; 0 when it has no migrations table. */
export async function currentVersion(client: pg.Client): Promise<number> {
  const exists = await client.query(`select to_regclass($1) is not null as ok`, [migrationsTable]);
  if (!exists.rows[0].ok) return 0;
  const r = await client.query<{ v: number | null }>(`select max(version) as v from ${migrationsTable}`);
  return r.rows[0]?.v ?? 0;
}

export interface MigrateResult {
  readonly from: number;
  readonly to: number;
  readonly applied: number[];
}

/**
 * Brings the database to the latest version. With `deferPost`, only the
 * `pre` parts run and the `post` SQL is returned for the caller to run after
 * loading data (the database must not be in use until then).
 */
export async function migrate(
  client: pg.Client,
  migrations: readonly Migration[],
  database: string,
  options: { deferPost?: boolean } = {},
): Promise<MigrateResult & { deferredPost: PostPhases }> {
  const latest = latestVersion(migrations);
  const from = await currentVersion(client);
  if (from > latest) throw new ToolError('SCHEMA_TOO_NEW', { database, found: from, supported: latest });
  const applied: number[] = [];
  const deferredPost: Array<readonly string[]> = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    await client.query('begin');
    try {
      await client.query('select pg_advisory_xact_lock($1)', [lockKey]);
      await client.query(
        `create table if not exists ${migrationsTable} (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
      );
      const done = await client.query(`select 1 from ${migrationsTable} where version = $1`, [m.version]);
      if (done.rowCount === 0) {
        await client.query(m.pre);
        if (m.post && !options.deferPost) await runPostPhases([client], m.post);
        else if (m.post) deferredPost.push(...m.post);
        await client.query(`insert into ${migrationsTable} (version, name) values ($1, $2)`, [m.version, m.name]);
        applied.push(m.version);
      }
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
  }
  return { from, to: Math.max(from, latest), applied, deferredPost };
}

/**
 * Creates the schema of `migrations` in a database this process created a
 * moment ago and nobody else uses yet (a staging database): every `pre` in
 * one transaction with its version row, sent as one statement, so one round
 * trip and one commit instead of seven round trips and a commit per
 * migration (a restore of a small administration spent a third of its
 * schema stage on them). Keys, indexes and triggers are returned, as
 * `migrate` with `deferPost` does. Should the database not be new after
 * all, creating its tables fails and nothing is applied.
 */
export async function migrateNew(client: pg.Client, migrations: readonly Migration[]): Promise<PostPhases> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const statements = [
    'begin',
    `select pg_advisory_xact_lock(${lockKey})`,
    `create table ${migrationsTable} (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    ...ordered.flatMap((m) => [
      m.pre,
      `insert into ${migrationsTable} (version, name) values (${m.version}, ${quoteLiteral(m.name)})`,
    ]),
    'commit',
  ];
  try {
    await client.query(statements.join(';\n'));
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
  return ordered.flatMap((m) => m.post ?? []);
}
