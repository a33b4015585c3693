/** Content hashes of a database's tables, to compare two databases exactly. */
import type pg from 'pg';

/**
 * `columns` limits some tables to the columns named (in order): a table that a
 * later schema version widened hashes as it did before.
 */
export async function tableDigests(client: pg.Client, columns: Readonly<Record<string, readonly string[]>> = {}): Promise<Record<string, string>> {
  const tables = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'kluis_schema_migrations' order by 1`,
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const r = await client.query<{ md5: string | null; n: string }>(
      `with t as (select ${columns[name] ? columns[name]!.join(', ') : '*'} from ${name})
       select md5(string_agg(t::text, E'\\n' order by t::text)) as md5, count(*) as n from t`,
    );
    digests[name] = `${r.rows[0]!.n}:${r.rows[0]!.md5 ?? '-'}`;
  }
  return digests;
}
