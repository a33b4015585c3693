/**
 * A consistent view of an administration for a backup: one REPEATABLE READ
 * transaction exports its snapshot, and every worker connection imports it,
 * so all tables are dumped as of the same moment while users keep writing.
 */
import type pg from 'pg';
import type { Engine } from '../../engines/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import type { ColumnInfo } from '../../format/index.js';

export interface SnapshotTable {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  readonly estimatedBytes: number;
}

export interface Snapshot {
  readonly id: string;
  readonly client: pg.Client;
  readonly tables: readonly SnapshotTable[];
  close(): Promise<void>;
}

/** Tables of the administration in name order, excluding kluis's own migration bookkeeping. */
async function listTables(client: pg.Client): Promise<SnapshotTable[]> {
  const r = await client.query<{ name: string; columns: ColumnInfo[]; bytes: string }>(`
    select c.relname as name, pg_table_size(c.oid) as bytes,
           json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'kluis_schema_migrations'
     group by c.oid, c.relname
     order by c.relname`);
  return r.rows.map((row) => ({ name: row.name, columns: row.columns, estimatedBytes: Number(row.bytes) }));
}

export async function beginSnapshot(engine: Engine, database: string): Promise<Snapshot> {
  const client = await engine.connect(database);
  try {
    await client.query('begin isolation level repeatable read, read only');
    const id = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const tables = await listTables(client);
    return {
      id,
      client,
      tables,
      async close() {
        await client.query('commit').catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}

/** A worker connection that sees exactly the snapshot. */
export async function joinSnapshot(engine: Engine, database: string, snapshotId: string): Promise<pg.Client> {
  const client = await engine.connect(database);
  try {
    await client.query('begin isolation level repeatable read, read only');
    await client.query(`set transaction snapshot '${snapshotId.replace(/'/g, "''")}'`);
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    // A snapshot lives as long as the session that exported it: gone means the server lost that session.
    if (/snapshot ".*" does not exist/.test((err as Error).message ?? '')) {
      throw new ToolError('SERVER_LOST', { server: engine.name, reason: phrase('SNAPSHOT_GONE') }, { cause: err });
    }
    throw err;
  }
}
