/**
 * What a restore checks before the staging database may be swapped in: the
 * tables match the manifest, every table got the rows the file says, the
 * counters match, and the licence in the data is the one the manifest names.
 * Debits = credits is a query run in finish.ts.
 */
import type pg from 'pg';
import { phrase, ToolError } from '../../errors/index.js';
import type { Manifest } from '../../format/index.js';

/** Binary COPY is positional and type-strict: the tables must match the manifest exactly. */
export async function checkColumns(client: pg.Client, manifest: Manifest, path: string): Promise<void> {
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

/** Each table's loaded rows (by stream) must be the count the file's table end gave. */
export function checkRowCounts(
  manifest: Manifest,
  loaded: ReadonlyArray<readonly [stream: number, rows: number]>,
  expected: ReadonlyMap<number, number>,
  path: string,
): void {
  for (const [stream, rows] of loaded) {
    if (rows !== expected.get(stream)) {
      const name = manifest.tables[stream]!.name;
      throw new ToolError('RESTORE_CHECK_FAILED', {
        path,
        reason: phrase('TABLE_ROWS_DIFFER', { table: name, rows, expected: String(expected.get(stream)) }),
      });
    }
  }
}

/** The counters after loading must be the manifest's numbers of transactions and documents. */
export function checkCounters(manifest: Manifest, count: (name: string) => number, path: string): void {
  if (count('transactions') !== manifest.counts.transactions || count('documents') !== manifest.counts.documents) {
    throw new ToolError('RESTORE_CHECK_FAILED', {
      path,
      reason: phrase('COUNTS_DIFFER'),
    });
  }
}

/**
 * The licence in the data must be the one the manifest names (and that the
 * plan showed), and a licence bound to an administration must be bound to
 * this one: a file that pairs one client's licence with another's books is
 * refused.
 */
export async function checkLicences(c: pg.Client, manifest: Manifest, path: string): Promise<void> {
  const r = await c.query<{ role: string; number: string; holder: string; bound: string | null }>(
    `select role, document #>> '{licence,number}' as number, document #>> '{licence,holder}' as holder, administration as bound from licences`,
  );
  const active = r.rows.find((row) => row.role === 'active');
  if ((active?.number ?? '') !== manifest.licence.number || (active?.holder ?? '') !== manifest.licence.holder) {
    throw new ToolError('RESTORE_CHECK_FAILED', {
      path,
      reason: phrase('LICENCE_NOT_THE_NAMED_ONE'),
    });
  }
  const elsewhere = r.rows.find((row) => row.bound !== null && row.bound !== manifest.administration.identity);
  if (elsewhere) {
    throw new ToolError('RESTORE_CHECK_FAILED', {
      path,
      reason: phrase('LICENCE_BOUND_ELSEWHERE', { holder: elsewhere.holder, bound: String(elsewhere.bound) }),
    });
  }
}
