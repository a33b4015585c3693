/** Content hashes of a database's tables, to compare two databases exactly. */
import type pg from 'pg';

/**
 * `columns` limits some tables to the columns named (in order): a table that a
 * later schema version widened hashes as it did before. All tables are hashed
 * in one statement (the crash and concurrency tests take thousands of these).
 */
export async function tableDigests(
  client: pg.Client,
  columns: Readonly<Record<string, readonly string[]>> = {},
): Promise<Record<string, string>> {
  const tables = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'kluis_schema_migrations' order by 1`,
  );
  if (tables.rows.length === 0) return {};
  const parts = tables.rows.map(
    ({ name }, i) =>
      `select ${i} as i, (select md5(string_agg(t::text, E'\\n' order by t::text)) from (select ${columns[name] ? columns[name]!.join(', ') : '*'} from "${name}") t) as md5,
              (select count(*) from "${name}") as n`,
  );
  const r = await client.query<{ i: number; md5: string | null; n: string }>(parts.join('\nunion all\n'));
  const digests: Record<string, string> = {};
  for (const row of r.rows) digests[tables.rows[row.i]!.name] = `${row.n}:${row.md5 ?? '-'}`;
  return digests;
}
