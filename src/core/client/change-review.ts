/**
 * The review of an apply (kluis client apply, --dry-run): what the
 * accountant's change package does to the client's books, read from the
 * merge's decisions (kluis_merge, core/client/apply-merge.ts) inside the
 * apply's own transaction, so a dry run shows exactly what the apply then
 * does. Entries are grouped per period (fiscal year and period, or the
 * month when the entry has no period); accounts, relations, VAT codes and
 * fiscal years (with their period closings) each in a list; the balance of
 * every account whose balance changes, before and after; and the
 * conflicts, each with the rule that settled it.
 */
import type pg from 'pg';

/** The design's conflict rules (docs/ARCHITECTURE.md, "Changes and apply"). */
export type ConflictRule =
  | 'both-changed'
  | 'removed-but-used'
  | 'removed-but-changed'
  | 'removed-by-client'
  | 'locked-period-changed'
  | 'number-taken';

export const conflictRules: readonly ConflictRule[] = [
  'both-changed',
  'removed-but-used',
  'removed-but-changed',
  'removed-by-client',
  'locked-period-changed',
  'number-taken',
];

export type ObjectKind = 'entry' | 'account' | 'relation' | 'vat_code' | 'fiscal_year' | 'journal';

/**
 * What the accountant did: added, changed or removed the object; `restored`
 * for an object the accountant's entries use that the client had removed
 * (put back, not a change of the accountant's).
 */
export type ChangeOp = 'added' | 'changed' | 'removed' | 'restored';

/**
 * What the apply does with it: `applied` (the accountant's state goes in),
 * `merged` (field by field), `kept` (the client's stays: a conflict), or
 * `none` (the client's books already hold it).
 */
export type ChangeOutcome = 'applied' | 'merged' | 'kept' | 'none';

export interface EntryChange {
  /** journal/number as the package names it. */
  readonly key: string;
  readonly journal: string;
  readonly number: string;
  /** The number it gets when the client booked its own number meanwhile (number-taken). */
  readonly newNumber: string | null;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly description: string;
  /** Sum of the debit lines, as numeric text ("1250.00"). */
  readonly amount: string;
  readonly lines: number;
  readonly op: ChangeOp;
  readonly outcome: ChangeOutcome;
  readonly rule: ConflictRule | null;
}

export interface PeriodChanges {
  readonly fiscalYear: number;
  /** The entries' period, or the month (1–12) when they have none. */
  readonly period: number;
  readonly added: readonly EntryChange[];
  readonly changed: readonly EntryChange[];
  readonly removed: readonly EntryChange[];
}

export interface ObjectChange {
  readonly key: string;
  /** The name (account, relation), description (VAT code) or year. */
  readonly name: string;
  readonly op: ChangeOp;
  /**
   * The fields the accountant changed; none for an added object (every column,
   * also those left empty, would read as set by the accountant) or a removed one.
   */
  readonly fields: readonly string[];
  readonly outcome: ChangeOutcome;
  readonly rule: ConflictRule | null;
}

export interface PeriodClosing {
  readonly year: number;
  /** Closed in the client's books before and after the apply (null: the year is not there). */
  readonly before: boolean | null;
  readonly after: boolean | null;
}

export interface BalanceChange {
  readonly account: string;
  readonly name: string;
  /** Debit − credit over all entries, numeric text. */
  readonly before: string;
  readonly after: string;
}

export interface ChangeConflict {
  readonly object: ObjectKind;
  readonly key: string;
  readonly rule: ConflictRule;
  /** Whose state the books hold after the apply: the accountant's, the client's, or both (renumbered). */
  readonly settled: 'accountant' | 'client' | 'both';
  readonly newKey: string | null;
}

export interface ChangeReview {
  readonly periods: readonly PeriodChanges[];
  /** Journals (dagboeken) the accountant's entries use that the client did not have: added. */
  readonly journals: readonly ObjectChange[];
  readonly accounts: readonly ObjectChange[];
  readonly relations: readonly ObjectChange[];
  readonly vatCodes: readonly ObjectChange[];
  readonly fiscalYears: readonly ObjectChange[];
  readonly periodClosings: readonly PeriodClosing[];
  readonly balances: readonly BalanceChange[];
  readonly conflicts: readonly ChangeConflict[];
}

const opSql = `case when m.reference and m.object = 'journal' then 'added' when m.reference then 'restored' when m.base is null then 'added' when m.final is null then 'removed' else 'changed' end`;
const outcomeSql = `case when m.action = 'none' and m.rule is not null then 'kept'
                         when m.action = 'none' then 'none'
                         when m.object <> 'entry' and m.action = 'update' and m.result is distinct from m.final then 'merged'
                         else 'applied' end`;
/** The rows of the review: the package's changes (not those back as the client last received them) and what was put back. */
const listed = `((not m.reference and m.final is distinct from m.base) or (m.reference and m.action = 'insert'))`;

interface EntryRow {
  key: string;
  journal: string;
  number: string;
  new_number: string | null;
  date: string;
  description: string;
  amount: string;
  lines: number;
  fiscal_year: number;
  period: number;
  op: ChangeOp;
  outcome: ChangeOutcome;
  rule: ConflictRule | null;
}

async function entryChanges(c: pg.ClientBase): Promise<PeriodChanges[]> {
  const rows = (
    await c.query<EntryRow>(
      `select m.key, s.state->>'journal_code' as journal, s.state->>'entry_number' as number,
              case when m.new_key is not null then coalesce(m.result, m.base)->>'entry_number' end as new_number,
              s.state->>'entry_date' as date, coalesce(s.state->>'description', '') as description,
              (select coalesce(sum((l->>'debit')::numeric), 0)::text from jsonb_array_elements(s.state->'lines') l) as amount,
              jsonb_array_length(coalesce(s.state->'lines', '[]'::jsonb)) as lines,
              (s.state->>'fiscal_year')::int as fiscal_year,
              coalesce((s.state->>'period')::int, extract(month from (s.state->>'entry_date')::date)::int) as period,
              ${opSql} as op, ${outcomeSql} as outcome, m.rule
         from kluis_merge m cross join lateral (select coalesce(m.final, m.current, m.base) as state) s
        where m.object = 'entry' and ${listed}
        order by fiscal_year, period, s.state->>'entry_date', m.key`,
    )
  ).rows;
  const periods = new Map<
    string,
    { fiscalYear: number; period: number; added: EntryChange[]; changed: EntryChange[]; removed: EntryChange[] }
  >();
  for (const r of rows) {
    const id = `${r.fiscal_year}/${r.period}`;
    let p = periods.get(id);
    if (!p) {
      p = { fiscalYear: r.fiscal_year, period: r.period, added: [], changed: [], removed: [] };
      periods.set(id, p);
    }
    const change: EntryChange = {
      key: r.key,
      journal: r.journal,
      number: r.number,
      newNumber: r.new_number,
      date: r.date,
      description: r.description,
      amount: r.amount,
      lines: r.lines,
      op: r.op,
      outcome: r.outcome,
      rule: r.rule,
    };
    (r.op === 'removed' ? p.removed : r.op === 'changed' ? p.changed : p.added).push(change);
  }
  return [...periods.values()];
}

async function objectChanges(c: pg.ClientBase, object: Exclude<ObjectKind, 'entry'>): Promise<ObjectChange[]> {
  const name = object === 'vat_code' ? 'description' : object === 'fiscal_year' ? 'year' : 'name';
  // A journal is listed only when the apply adds it (a reference the client has is no change).
  const journal = object === 'journal' ? ` and m.action = 'insert'` : '';
  const r = await c.query<ObjectChange>(
    `select m.key, coalesce(coalesce(m.final, m.current, m.base)->>'${name}', '') as name, ${opSql} as op,
            coalesce((select array_agg(k order by k) from jsonb_object_keys(m.final) k
                       where not m.reference and m.base is not null and m.final->k is distinct from m.base->k), '{}') as fields,
            ${outcomeSql} as outcome, m.rule
       from kluis_merge m where m.object = $1 and ${listed}${journal} order by m.key`,
    [object],
  );
  return r.rows;
}

async function periodClosings(c: pg.ClientBase): Promise<PeriodClosing[]> {
  const r = await c.query<PeriodClosing>(
    `select m.key::int as year, (m.current->>'closed')::boolean as before, (after.closed) as after
       from kluis_merge m left join fiscal_years after on after.year = m.key::int
      where m.object = 'fiscal_year' and ${listed}
        and (m.final->>'closed') is distinct from (m.base->>'closed')
      order by 1`,
  );
  return r.rows;
}

async function conflicts(c: pg.ClientBase): Promise<ChangeConflict[]> {
  const r = await c.query<ChangeConflict>(
    `select m.object, m.key, m.rule, m.new_key as "newKey",
            case when m.rule = 'number-taken' then 'both'
                 when m.action = 'none' or (m.object = 'relation' and m.rule = 'both-changed') then 'client'
                 else 'accountant' end as settled
       from kluis_merge m where m.rule is not null order by m.object, m.key`,
  );
  return r.rows;
}

/**
 * The balance of every account as the books are before the apply: one
 * grouped read of all journal lines, on a connection of its own while the
 * apply's transaction loads and decides (the books' tables are locked against
 * writes then, and the apply's own writes are not committed, so it reads
 * exactly the books before). The scan is the one part of an apply that grows
 * with the books rather than the package.
 */
export async function readBalances(c: pg.ClientBase): Promise<Map<string, string>> {
  await c.query(`select set_config('jit', 'off', false)`);
  const r = await c.query<{ account: string; balance: string }>(
    'select account_code as account, (sum(debit) - sum(credit))::text as balance from journal_lines group by account_code',
  );
  return new Map(r.rows.map((x) => [x.account, x.balance]));
}

/**
 * What the entries the merge decided move on each account: minus the
 * client's lines of entries replaced or removed, plus the accountant's
 * lines of entries written, with each account's balance `before` (from
 * readBalances). Needs only the decisions; kept in kluis_moves for the review.
 */
export async function recordMoves(c: pg.ClientBase, before: ReadonlyMap<string, string>): Promise<void> {
  await c.query(
    `create temp table kluis_moves on commit drop as
     with moves as (
       select l->>'account_code' as account, (l->>'credit')::numeric - (l->>'debit')::numeric as amount
         from kluis_merge m cross join lateral jsonb_array_elements(m.current->'lines') l
        where m.object = 'entry' and m.action in ('update', 'delete')
       union all
       select l->>'account_code', (l->>'debit')::numeric - (l->>'credit')::numeric
         from kluis_merge m cross join lateral jsonb_array_elements(m.result->'lines') l
        where m.object = 'entry' and m.action in ('insert', 'insert-renumbered', 'update'))
     select account, sum(amount) as delta, 0::numeric as before from moves group by account having sum(amount) <> 0`,
  );
  const accounts = [...before.keys()];
  await c.query(
    `update kluis_moves m set before = b.balance::numeric
       from unnest($1::text[], $2::text[]) as b(account, balance) where b.account = m.account`,
    [accounts, accounts.map((a) => before.get(a)!)],
  );
}

async function balances(c: pg.ClientBase): Promise<BalanceChange[]> {
  const r = await c.query<BalanceChange>(
    `select m.account, coalesce(a.name, '') as name, m.before::numeric(18,2)::text as before,
            (m.before + m.delta)::numeric(18,2)::text as after
       from kluis_moves m left join accounts a on a.code = m.account order by m.account`,
  );
  return r.rows;
}

/** The review, read after the merge was written (inside the same transaction). */
export async function readReview(c: pg.ClientBase): Promise<ChangeReview> {
  return {
    periods: await entryChanges(c),
    journals: await objectChanges(c, 'journal'),
    accounts: await objectChanges(c, 'account'),
    relations: await objectChanges(c, 'relation'),
    vatCodes: await objectChanges(c, 'vat_code'),
    fiscalYears: await objectChanges(c, 'fiscal_year'),
    periodClosings: await periodClosings(c),
    balances: await balances(c),
    conflicts: await conflicts(c),
  };
}
