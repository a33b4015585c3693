/**
 * The merge of an accountant's change package into the client's live books
 * (issue 22, docs/ARCHITECTURE.md "Changes and apply"): set-based SQL over
 * the package loaded into a temporary table, inside the apply's one
 * transaction (kluis.applying on). Per object, with C the client's current
 * state, B the base (as the client last received it: the hand-out, or the
 * package applied before) and A the accountant's final state:
 *
 * - a journal the accountant's entries use that the client lacks: added
 *   (journals travel only as the references of entries, never as changes);
 * - A equals B: nothing to do (a newer package whose object went back);
 * - C equals B: the result is A;
 * - C equals A: both did the same; nothing to do;
 * - otherwise, by kind: an entry gets A (the client's version goes to the
 *   audit log) — `locked-period-changed`, `removed-by-client` — or, when
 *   both booked the same number, A under the next free number in its
 *   journal (`number-taken`); an account, VAT code or fiscal year is merged
 *   field by field with the accountant's value where both changed one, a
 *   relation with the client's (`both-changed`); the accountant's removal of
 *   what the client changed keeps the client's (`removed-but-changed`), of
 *   what the client's books still use keeps it too (`removed-but-used`);
 *   what the client removed and the accountant changed comes back
 *   (`removed-by-client`).
 *
 * Every statement works on all objects of a kind at once: the cost grows
 * with the package, not with the books (bar: a year of corrections to the
 * large administration L in ≤ 0.2 × a full restore of L).
 */
import type pg from 'pg';
import { quoteIdent } from '../../engines/index.js';
import { changesColumns } from './changes.js';

/** The package as loaded: the table COPY fills (its columns are the package's, in order). */
export const loadTable = 'kluis_changes';

export const createLoadTableSql = `create temp table ${loadTable} (${changesColumns
  .map((c) => `${quoteIdent(c.name)} ${c.type}`)
  .join(', ')}) on commit drop`;

export const copyIntoLoadSql = `copy pg_temp.${loadTable} (${changesColumns
  .map((c) => quoteIdent(c.name))
  .join(', ')}) from stdin (format binary)`;

/**
 * One row per object: the package's row with the base as the client last
 * received it (`change_applied` of an earlier package of this hand-out),
 * objects of that earlier package the accountant has since put back as they
 * were (final = the hand-out's base), and the client's current state.
 */
const mergeTableSql = `
  create temp table kluis_merge (
    object     text not null,
    key        text not null,
    base       jsonb,
    final      jsonb,
    current    jsonb,
    authors    jsonb not null,
    first_at   timestamptz,
    last_at    timestamptz,
    reference  boolean not null,
    action     text,
    result     jsonb,
    rule       text,
    new_key    text,
    client_key text,
    primary key (object, key)
  ) on commit drop`;

// An entry an earlier package renumbered (number-taken) is in the client's books under client_key; its
// state is read there and given the package's number, so that it compares with the base and final.
const currentState = (m: string) => `case ${m}.object
    when 'entry' then (select case when ${m}.client_key is null then kluis_entry_state(e)
                                   else jsonb_set(kluis_entry_state(e), '{entry_number}',
                                                  to_jsonb(coalesce(${m}.final, ${m}.base)->>'entry_number')) end
                         from journal_entries e
                        where e.journal_code = coalesce(split_part(${m}.client_key, '/', 1), coalesce(${m}.final, ${m}.base)->>'journal_code')
                          and e.entry_number = coalesce(substr(${m}.client_key, strpos(${m}.client_key, '/') + 1),
                                                        coalesce(${m}.final, ${m}.base)->>'entry_number'))
    when 'account' then (select to_jsonb(a) from accounts a where a.code = ${m}.key)
    when 'relation' then (select to_jsonb(x) - 'id' from relations x where x.code = ${m}.key)
    when 'vat_code' then (select to_jsonb(v) from vat_codes v where v.code = ${m}.key)
    when 'fiscal_year' then (select to_jsonb(y) from fiscal_years y where y.year::text = ${m}.key)
    when 'journal' then (select to_jsonb(j) from journals j where j.code = ${m}.key)
  end`;

const fillMergeSql = `
  insert into kluis_merge (object, key, base, final, current, authors, first_at, last_at, reference, client_key)
  select p.object, p.key, p.base, p.final, ${currentState('p')}, p.authors, p.first_at, p.last_at, p.reference, p.client_key
    from (select c.object, c.key, case when ca.object is not null then ca.final else c.base end as base,
                 c.final, coalesce(c.authors, '[]'::jsonb) as authors, c.first_at, c.last_at, coalesce(c.reference, false) as reference,
                 ca.new_key as client_key
            from ${loadTable} c
            left join change_applied ca on ca.hand_out = $1 and ca.object = c.object and ca.key = c.key and not coalesce(c.reference, false)
          union all
          select ca.object, ca.key, ca.final, ca.base, '[]'::jsonb, null, null, false, ca.new_key
            from change_applied ca
           where ca.hand_out = $1
             and not exists (select 1 from ${loadTable} c where c.object = ca.object and c.key = ca.key and not coalesce(c.reference, false))
         ) p`;

/** The decisions, in order; each statement settles the rows no earlier one did (action is null). */
const decideSql = [
  // What the changed objects refer to: put back when the client removed it, else left alone. A journal
  // the client does not have is the accountant's own (journals are not tracked): added, no conflict.
  `update kluis_merge set action = 'none', result = current where reference and current is not null`,
  `update kluis_merge set action = 'insert', result = final where reference and object = 'journal' and current is null`,
  `update kluis_merge set action = 'insert', result = final, rule = 'removed-by-client' where reference and current is null and action is null`,
  // Unchanged since the last package, but the client removed it since and what the package writes uses it:
  // put back, as a reference row's object is (an earlier package's object is no reference row any more).
  `update kluis_merge m set action = 'insert', result = final, rule = 'removed-by-client'
    where action is null and not reference and object <> 'entry' and current is null and final is not null
      and final is not distinct from base
      and exists (select 1 from kluis_merge u
                   where u.final is not null and not (u.object = m.object and u.key = m.key)
                     and case m.object
                           when 'account' then (u.object = 'entry' and exists (select 1 from jsonb_array_elements(u.final->'lines') l where l->>'account_code' = m.key))
                                            or (u.object = 'vat_code' and m.key in (u.final->>'pay_account', u.final->>'claim_account'))
                           when 'relation' then u.object = 'entry' and (u.final->>'relation' = m.key
                                            or exists (select 1 from jsonb_array_elements(u.final->'lines') l where l->>'relation' = m.key))
                           when 'vat_code' then (u.object = 'entry' and exists (select 1 from jsonb_array_elements(u.final->'lines') l where l->>'vat_code' = m.key))
                                            or (u.object = 'account' and u.final->>'vat_code' = m.key)
                           when 'fiscal_year' then u.object = 'entry' and u.final->>'fiscal_year' = m.key
                           else false end)`,
  // No change since what the client last received; the client did the same as the accountant.
  `update kluis_merge set action = 'none', result = current where action is null and final is not distinct from base`,
  `update kluis_merge set action = 'none', result = current where action is null and current is not distinct from final`,
  // The client did not touch it: the accountant's state (a removal of anything but an entry waits for the "used" check).
  `update kluis_merge set result = final,
          action = case when final is null then (case when object = 'entry' then 'delete' else 'remove' end)
                        when current is null then 'insert' else 'update' end
    where action is null and current is not distinct from base`,
  // Entries both sides touched: the accountant's wins; both booked the same number: the accountant's moves on.
  `update kluis_merge set result = final, rule = 'number-taken', action = 'insert-renumbered'
    where action is null and object = 'entry' and base is null`,
  `update kluis_merge set result = final,
          rule = case when current is null then 'removed-by-client' else 'locked-period-changed' end,
          action = case when final is null then 'delete' when current is null then 'insert' else 'update' end
    where action is null and object = 'entry'`,
  // Accounts, relations, VAT codes, fiscal years.
  `update kluis_merge set result = current, action = 'none', rule = 'removed-but-changed'
    where action is null and final is null`,
  `update kluis_merge set result = final, action = 'insert', rule = 'removed-by-client'
    where action is null and current is null`,
  // Field by field: a field the accountant changed takes A's value, others keep C's; where both changed one
  // differently, the accountant's chart (accounts, VAT codes, fiscal years) or the client's relation data wins.
  `update kluis_merge m set result = f.merged, rule = case when f.both then 'both-changed' end,
          action = case when f.merged = m.current then 'none' else 'update' end
     from (select m2.object, m2.key,
                  jsonb_object_agg(k.k, case when v.a is not distinct from v.b then v.c
                                             when v.c is not distinct from v.b or v.c is not distinct from v.a then v.a
                                             when m2.object = 'relation' then v.c
                                             else v.a end) as merged,
                  bool_or(v.a is distinct from v.b and v.c is distinct from v.b and v.c is distinct from v.a) as both
             from kluis_merge m2
            cross join lateral (select jsonb_object_keys(m2.final) as k union select jsonb_object_keys(m2.current)) k
            cross join lateral (select m2.final -> k.k as a, coalesce(m2.base, '{}'::jsonb) -> k.k as b, m2.current -> k.k as c) v
            where m2.action is null
            group by m2.object, m2.key) f
    where m.object = f.object and m.key = f.key`,
];

/** The columns of `table` in order, less those named. */
async function columnsOf(c: pg.ClientBase, table: string, less: readonly string[]): Promise<string[]> {
  const r = await c.query<{ name: string }>(
    `select attname as name from pg_attribute
      where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
    [`public.${table}`],
  );
  return r.rows.map((x) => x.name).filter((n) => !less.includes(n));
}

/** Inserts and updates of one kind of object from `result`, keyed by `keyColumn`. */
async function upsertObjects(
  c: pg.ClientBase,
  object: string,
  table: string,
  keyColumn: string,
  keyCast: string,
  less: readonly string[],
): Promise<void> {
  const cols = await columnsOf(c, table, less);
  const list = cols.map(quoteIdent).join(', ');
  const from = `kluis_merge m cross join lateral jsonb_populate_record(null::public.${quoteIdent(table)}, m.result) r`;
  await c.query(
    `insert into public.${quoteIdent(table)} (${list})
     select ${cols.map((n) => `r.${quoteIdent(n)}`).join(', ')} from ${from}
      where m.object = $1 and m.action = 'insert'`,
    [object],
  );
  await c.query(
    `update public.${quoteIdent(table)} t set (${list}) = (${cols.map((n) => `r.${quoteIdent(n)}`).join(', ')})
       from ${from}
      where m.object = $1 and m.action = 'update' and t.${quoteIdent(keyColumn)} = m.key::${keyCast}`,
    [object],
  );
}

const entryJoin = (e: string, m: string) =>
  `${e}.journal_code = coalesce(${m}.result, ${m}.current)->>'journal_code' and ${e}.entry_number = coalesce(${m}.result, ${m}.current)->>'entry_number'`;

/**
 * A line as kluis_entry_state (admin-schema.ts) pictures it: without its
 * ids, its relation by code. Two lines with the same picture are the same
 * line, so an entry's update keeps them where they are.
 */
const lineState = (l: string) =>
  `(to_jsonb(${l}) - 'id' - 'entry_id' - 'relation_id' || jsonb_build_object('relation', (select x.code from relations x where x.id = ${l}.relation_id)))`;

/**
 * Of every entry the merge updates, the lines its result no longer has
 * (side 'old', with their ids) and the lines it adds (side 'new'): a
 * multiset difference of the lines' pictures, so a correction that adds a
 * line or re-accounts one writes that line, not all of the entry's. Every
 * line written or removed costs the foreign keys, the guard and tracking
 * triggers and the deferred balance check.
 */
const lineDiffSql = `
  create temp table kluis_line_diff on commit drop as
  with updated as (
         -- Every lookup by index, driven by the merge's rows (offset 0: not flattened into a join). Right after
         -- a restore the books have no statistics, and the planner's guess of thousands of lines per entry made
         -- it scan every entry of L against the merge instead (measured: over ten minutes).
         select e.id as entry_id, m.result
           from kluis_merge m
          cross join lateral (select e.id from journal_entries e where ${entryJoin('e', 'm')} offset 0) e
          where m.object = 'entry' and m.action = 'update'),
       sides as (
         select 'old' as side, u.entry_id, l.line_id, l.state,
                row_number() over (partition by u.entry_id, l.state order by l.line_id) as n
           from updated u
          cross join lateral (select l.id as line_id, ${lineState('l')} as state
                                from journal_lines l where l.entry_id = u.entry_id offset 0) l
         union all
         select 'new', u.entry_id, null, x.value,
                row_number() over (partition by u.entry_id, x.value order by x.ord)
           from updated u
          cross join lateral jsonb_array_elements(u.result->'lines') with ordinality x(value, ord))
  -- A picture on one side only: the n-th of its kind in the entry is removed (old) or written (new).
  select min(side) as side, entry_id, max(line_id) as line_id, state
    from sides group by entry_id, state, n having count(*) = 1`;

/** The client's entries the accountant's replace or remove, then the accountant's, with their lines. */
async function writeEntries(c: pg.ClientBase): Promise<void> {
  await c.query(
    `delete from journal_entries e using kluis_merge m
      where m.object = 'entry' and m.action = 'delete'
        and e.journal_code = m.current->>'journal_code' and e.entry_number = m.current->>'entry_number'`,
  );
  await c.query(lineDiffSql);
  await c.query(`delete from journal_lines l using kluis_line_diff d where d.side = 'old' and l.id = d.line_id`);
  const entryCols = await columnsOf(c, 'journal_entries', ['id', 'relation_id', 'document_id']);
  const relationOf = `(select x.id from relations x where x.code = m.result->>'relation')`;
  const populate = `kluis_merge m cross join lateral jsonb_populate_record(null::public.journal_entries, m.result) r`;
  // An entry whose own fields are as they were (only its lines changed) is not written.
  await c.query(
    `update journal_entries e set (${entryCols.map(quoteIdent).join(', ')}, relation_id) =
            (${entryCols.map((n) => `r.${quoteIdent(n)}`).join(', ')}, ${relationOf})
       from ${populate}
      where m.object = 'entry' and m.action = 'update' and ${entryJoin('e', 'm')}
        and (m.result - 'lines') is distinct from (m.current - 'lines')`,
  );
  await renumber(c);
  await c.query(
    `insert into journal_entries (${entryCols.map(quoteIdent).join(', ')}, relation_id)
     select ${entryCols.map((n) => `r.${quoteIdent(n)}`).join(', ')}, ${relationOf} from ${populate}
      where m.object = 'entry' and m.action in ('insert', 'insert-renumbered')`,
  );
  const lineCols = await columnsOf(c, 'journal_lines', ['id', 'entry_id', 'relation_id']);
  const lineValues = (line: string) => `${lineCols.map((n) => `r.${quoteIdent(n)}`).join(', ')},
            (select x.id from relations x where x.code = ${line}->>'relation')`;
  await c.query(
    `insert into journal_lines (entry_id, ${lineCols.map(quoteIdent).join(', ')}, relation_id)
     select e.id, ${lineValues('l.value')}
       from kluis_merge m
       join journal_entries e on ${entryJoin('e', 'm')}
      cross join lateral jsonb_array_elements(m.result->'lines') l
      cross join lateral jsonb_populate_record(null::public.journal_lines, l.value) r
      where m.object = 'entry' and m.action in ('insert', 'insert-renumbered')
     union all
     select d.entry_id, ${lineValues('d.state')}
       from kluis_line_diff d
      cross join lateral jsonb_populate_record(null::public.journal_lines, d.state) r
      where d.side = 'new'`,
  );
}

/**
 * An entry both sides booked under the same number: the accountant's gets
 * the next free number in its journal — the trailing digits counted on from
 * the highest number of the same shape (prefix and width), or "-2", "-3", …
 * after a number that does not end in digits.
 */
async function renumber(c: pg.ClientBase): Promise<void> {
  const rows = (
    await c.query<{ key: string; journal: string; number: string }>(
      `select key, result->>'journal_code' as journal, result->>'entry_number' as number
         from kluis_merge where action = 'insert-renumbered' order by key`,
    )
  ).rows;
  const taken = new Map<string, Set<string>>();
  const takenIn = async (journal: string, prefix: string): Promise<Set<string>> => {
    const id = `${journal}\u0000${prefix}`;
    let set = taken.get(id);
    if (!set) {
      const like = `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const r = await c.query<{ n: string }>(
        `select entry_number as n from journal_entries where journal_code = $1 and entry_number like $2
         union select result->>'entry_number' from kluis_merge
          where object = 'entry' and result->>'journal_code' = $1 and action in ('insert', 'update', 'none') and result->>'entry_number' like $2`,
        [journal, like],
      );
      set = new Set(r.rows.map((x) => x.n));
      taken.set(id, set);
    }
    return set;
  };
  for (const row of rows) {
    const m = /^(.*?)(\d+)$/.exec(row.number);
    let next: string;
    if (m) {
      const [, prefix = '', digits = ''] = m;
      const set = await takenIn(row.journal, prefix);
      let max = 0n;
      for (const n of set) {
        const x = /^(.*?)(\d+)$/.exec(n);
        if (x && x[1] === prefix && x[2]!.length === digits.length) max = BigInt(x[2]!) > max ? BigInt(x[2]!) : max;
      }
      next = `${prefix}${String(max + 1n).padStart(digits.length, '0')}`;
      set.add(next);
    } else {
      const set = await takenIn(row.journal, row.number);
      let i = 2;
      while (set.has(`${row.number}-${i}`)) i++;
      next = `${row.number}-${i}`;
      set.add(next);
    }
    await c.query(
      `update kluis_merge set new_key = $3, result = jsonb_set(result, '{entry_number}', to_jsonb($2::text))
        where object = 'entry' and key = $1`,
      [row.key, next, `${row.journal}/${next}`],
    );
  }
}

/**
 * The accountant's removals of accounts, relations, VAT codes and fiscal
 * years the client did not touch: kept (`removed-but-used`) when the books
 * as merged still use them, decided from "all removed" upwards (keeping one
 * can make another used — a VAT code by a kept account — never unused).
 * Each check is one statement over every candidate of a kind.
 */
const keepUsedSql = [
  `with cand as (select a.code from accounts a join kluis_merge m on m.object = 'account' and m.action = 'remove' and m.key = a.code),
        used as (select account_code as code from journal_lines where account_code in (select code from cand)
                 union select account_code from opening_balance_lines where account_code in (select code from cand)
                 union select v.pay_account from vat_codes v
                  where v.pay_account in (select code from cand)
                    and not exists (select 1 from kluis_merge r where r.object = 'vat_code' and r.action = 'remove' and r.key = v.code)
                 union select v.claim_account from vat_codes v
                  where v.claim_account in (select code from cand)
                    and not exists (select 1 from kluis_merge r where r.object = 'vat_code' and r.action = 'remove' and r.key = v.code))
   update kluis_merge set action = 'none', result = current, rule = 'removed-but-used'
    where object = 'account' and action = 'remove' and key in (select code from used)`,
  `with cand as (select x.id, x.code from relations x join kluis_merge m on m.object = 'relation' and m.action = 'remove' and m.key = x.code),
        used as (select relation_id as id from journal_lines where relation_id in (select id from cand)
                 union select relation_id from journal_entries where relation_id in (select id from cand)
                 union select relation_id from documents where relation_id in (select id from cand))
   update kluis_merge set action = 'none', result = current, rule = 'removed-but-used'
    where object = 'relation' and action = 'remove' and key in (select code from cand where id in (select id from used))`,
  `with cand as (select v.code from vat_codes v join kluis_merge m on m.object = 'vat_code' and m.action = 'remove' and m.key = v.code),
        used as (select vat_code as code from journal_lines where vat_code in (select code from cand)
                 union select a.vat_code from accounts a
                  where a.vat_code in (select code from cand)
                    and not exists (select 1 from kluis_merge r where r.object = 'account' and r.action = 'remove' and r.key = a.code))
   update kluis_merge set action = 'none', result = current, rule = 'removed-but-used'
    where object = 'vat_code' and action = 'remove' and key in (select code from used)`,
  `update kluis_merge m set action = 'none', result = current, rule = 'removed-but-used'
    where object = 'fiscal_year' and action = 'remove'
      and exists (select 1 from journal_entries e where e.fiscal_year = m.key::int)`,
];

async function removeUnused(c: pg.ClientBase): Promise<void> {
  for (;;) {
    let kept = 0;
    for (const sql of keepUsedSql) kept += (await c.query(sql)).rowCount ?? 0;
    if (kept === 0) break;
  }
  const removed = (object: string) => `select key from kluis_merge where object = '${object}' and action = 'remove'`;
  await c.query(`delete from vat_codes where code in (${removed('vat_code')})`);
  await c.query(`delete from accounts where code in (${removed('account')})`);
  await c.query(`delete from relations where code in (${removed('relation')})`);
  await c.query(`delete from fiscal_years where year::text in (${removed('fiscal_year')})`);
  await c.query(`update kluis_merge set action = 'delete' where action = 'remove'`);
}

/** Loads nothing: decides every object (kluis_merge.action, result, rule) from the loaded package. */
export async function decide(c: pg.ClientBase, handOut: string): Promise<void> {
  // The package's size and spread, for the plans of what follows: of the columns joined and filtered on
  // (statistics of the states, jsonb, would sort thousands of documents: 135 ms of 150 on a year of L).
  await c.query(`analyze ${loadTable} (object, key, reference)`);
  await c.query(mergeTableSql);
  await c.query(fillMergeSql, [handOut]);
  await c.query('analyze kluis_merge (object, key, reference, client_key)');
  for (const sql of decideSql) await c.query(sql);
  // What an earlier package renumbered is written (or removed) under its number in the client's books.
  await c.query(
    `update kluis_merge set
            result = jsonb_set(result, '{entry_number}', to_jsonb(substr(client_key, strpos(client_key, '/') + 1))),
            current = jsonb_set(current, '{entry_number}', to_jsonb(substr(client_key, strpos(client_key, '/') + 1)))
      where object = 'entry' and client_key is not null`,
  );
}

/** Writes what was decided into the books, in an order their keys allow. */
export async function writeMerge(c: pg.ClientBase): Promise<void> {
  // How many of each action, so the writes below are planned for as many rows as they touch.
  await c.query('analyze kluis_merge (object, action)');
  await upsertObjects(c, 'fiscal_year', 'fiscal_years', 'year', 'integer', []);
  await upsertObjects(c, 'account', 'accounts', 'code', 'text', []);
  await upsertObjects(c, 'relation', 'relations', 'code', 'text', ['id']);
  await upsertObjects(c, 'vat_code', 'vat_codes', 'code', 'text', []);
  await upsertObjects(c, 'journal', 'journals', 'code', 'text', []);
  await writeEntries(c);
  await removeUnused(c);
}
