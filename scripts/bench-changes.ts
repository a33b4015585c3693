/**
 * The change-package line of npm run bench (issue 22): a package of a year
 * of an accountant's corrections to L, applied to the client's L, against a
 * full restore of L, alternating, medians; the bar is apply ≤ 0.2 × restore.
 *
 * The setup, once per run and untimed: L is copied (L itself stays as it
 * is), the copy handed out (`kluis client hand-out --until <end of the
 * year before last>`), the hand-out installed at the bench's office
 * (`kluis client install`), the year of corrections below booked there, and
 * the package made (`kluis client changes`). Each repetition restores the
 * hand-out file (the client's books as they were handed out, with the
 * hand-out outstanding) as the apply's target, then times, in alternating
 * order, `kluis client apply` of the package to it and a full `kluis backup
 * restore` of L (the hand-out file: a backup of L) to another number.
 *
 * A year of corrections, as an accountant makes them in the year-end work
 * on a firm of L's size (333,000 entries a year): 2,000 entries corrected
 * (a new description and a reclassification in two lines), 500 lines booked
 * on another account, 200 entries removed, 1,000 memorial entries added
 * (three lines each), 100 relations changed and 10 added, 5 accounts
 * renamed and 3 added, a VAT code changed and the year before closed:
 * some 3,800 objects, 7,500 lines written.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** The statements that make the year of corrections, run in one transaction on the installed copy. */
export function correctionsSql(year: number, author: string): string[] {
  return [
    `select set_config('kluis.author', '${author}', true)`,
    // 2,000 entries corrected, spread over the year.
    `create temporary table picked on commit drop as
       select id from journal_entries where fiscal_year = ${year} and journal_code <> 'MEM' and id % 97 = 0 order by id limit 2000`,
    `update journal_entries set description = description || ' (gecorrigeerd)' where id in (select id from picked)`,
    `insert into journal_lines (entry_id, line_no, account_code, description, debit, credit)
       select p.id, m.n + k, case k when 1 then '4400' else '4600' end, 'Herrubricering',
              case k when 1 then 12.50 else 0 end, case k when 2 then 12.50 else 0 end
         from picked p
         join (select entry_id, max(line_no) as n from journal_lines where entry_id in (select id from picked) group by entry_id) m
           on m.entry_id = p.id
        cross join generate_series(1, 2) k`,
    // 500 lines booked on another account.
    // (account_code || '': by the entries' index, not by the account's, which has a fifth of all lines)
    `update journal_lines set account_code = '4500' where id in (
       select id from journal_lines
        where entry_id in (select id from journal_entries where fiscal_year = ${year} and id % 89 = 1)
          and account_code || '' = '4400' order by id limit 500)`,
    // 200 entries removed (their lines go with them).
    `delete from journal_entries where id in (
       select id from journal_entries where fiscal_year = ${year} and journal_code = 'BNK' and id % 101 = 3 order by id limit 200)`,
    // 1,000 memorial entries added, numbered on in the year's memorial journal.
    `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, created_by)
       select 'MEM', '${year}' || lpad((m.n + g)::text, 7, '0'), make_date(${year}, 1, 1) + (g % 365), ${year},
              'Memoriaalpost accountant ' || g, '${author}'
         from generate_series(1, 1000) g,
              (select coalesce(max(substr(entry_number, 5)::int), 0) as n from journal_entries
                where journal_code = 'MEM' and fiscal_year = ${year}) m`,
    `insert into journal_lines (entry_id, line_no, account_code, description, debit, credit)
       select e.id, k, case k when 1 then '4900' when 2 then '4600' else '0200' end, 'Afschrijving en correctie',
              case k when 1 then 100 + e.id % 900 when 2 then 25 else 0 end, case k when 3 then 125 + e.id % 900 else 0 end
         from journal_entries e cross join generate_series(1, 3) k
        where e.journal_code = 'MEM' and e.fiscal_year = ${year} and e.description like 'Memoriaalpost accountant %'`,
    // Relations, accounts, a VAT code, the year before closed.
    `update relations set city = 'Utrecht', email = 'administratie-' || code || '@voorbeeld.nl' where id % 50 = 7`,
    `insert into relations (code, name, kind, city)
       select 'A' || lpad(g::text, 4, '0'), 'Nieuwe relatie ' || g, 'supplier', 'Amersfoort' from generate_series(1, 10) g`,
    `update accounts set name = name || ' (herzien)' where code in ('4200', '4300', '4400', '4500', '4900')`,
    `insert into accounts (code, name, kind, debit_credit) values
       ('4810', 'Kleine inventaris', 'profit_loss', 'D'), ('4820', 'Reiskosten', 'profit_loss', 'D'),
       ('4830', 'Representatie', 'profit_loss', 'D')`,
    `update vat_codes set description = 'Btw laag tarief' where code = 'L'`,
    `update fiscal_years set closed = true where year = ${year - 1}`,
  ];
}

export interface ChangesBenchDeps {
  /** Runs kluis with these arguments (timed). */
  readonly kluis: (...args: string[]) => Promise<{ seconds: number; cpuSeconds?: number; peakRssMiB?: number }>;
  /** Runs SQL statements in one transaction on a database of the target. */
  readonly sql: (database: string, statements: readonly string[]) => void;
  /** One value of a query on a database of the target. */
  readonly value: (database: string, query: string) => string;
  /** A checkpoint on the target, so one step's writes are not paid by the next. */
  readonly settle: () => void;
  readonly databaseOf: (number: number) => string;
  readonly work: string;
  readonly reps: number;
  /** L's number and the office's (E-Accountancy) in the bench's system database. */
  readonly l: number;
  readonly office: number;
  readonly officeUser: string;
}

export interface ChangesBenchResult {
  readonly lines: string[];
  readonly report: Record<string, unknown>;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The line: see the module comment. */
export async function benchChanges(d: ChangesBenchDeps, where: string): Promise<ChangesBenchResult> {
  const year = new Date().getUTCFullYear() - 1;
  const until = `${year}-12-31`;
  const [copy, installed] = [310, 311];
  const handOutFile = join(d.work, 'L-hand-out.ebu');
  const packageFile = join(d.work, 'L-changes.ebu');
  const quiet = async (...args: string[]) => {
    await d.kluis(...args);
  };
  process.stderr.write(
    `bench: change package of L — setup (copy, hand-out, install, a year of corrections, package)\n`,
  );
  // What an earlier, interrupted run may have left.
  const ours = [copy, installed, ...Array.from({ length: d.reps }, (_, i) => [320 + i, 330 + i]).flat()];
  const removeOurs = async () => {
    for (const n of ours) await d.kluis('admin', 'delete', String(n), '--confirm', String(n)).catch(() => undefined);
  };
  await removeOurs();
  await quiet('admin', 'copy', String(d.l), '--to', String(copy));
  await quiet('client', 'hand-out', String(copy), '--until', until, '-o', handOutFile);
  await quiet(
    'client',
    'install',
    handOutFile,
    '--open',
    String(d.office),
    '--to',
    String(installed),
    '--users',
    d.officeUser,
  );
  d.sql(d.databaseOf(installed), correctionsSql(year, d.officeUser));
  const objects = Number(d.value(d.databaseOf(installed), 'select count(*) from change_base'));
  const changes = Number(d.value(d.databaseOf(installed), 'select count(*) from change_log'));
  const made = await d.kluis('client', 'changes', String(installed), '-o', packageFile);
  const packageBytes = statSync(packageFile).size;
  const runs: Record<'apply' | 'restore', Array<{ seconds: number; cpuSeconds?: number; peakRssMiB?: number }>> = {
    apply: [],
    restore: [],
  };
  for (let rep = 0; rep < d.reps; rep++) {
    process.stderr.write(`bench: change package of L repetition ${rep + 1}/${d.reps}\n`);
    const target = 320 + rep;
    const restored = 330 + rep;
    await quiet('backup', 'restore', handOutFile, '--to', String(target));
    const apply = async () => {
      d.settle();
      runs.apply.push(await d.kluis('client', 'apply', packageFile, '--to', String(target)));
    };
    const restore = async () => {
      d.settle();
      runs.restore.push(await d.kluis('backup', 'restore', handOutFile, '--to', String(restored)));
    };
    for (const step of rep % 2 === 0 ? [apply, restore] : [restore, apply]) await step();
    for (const n of [target, restored]) await quiet('admin', 'delete', String(n), '--confirm', String(n));
  }
  await removeOurs();
  const m = (k: 'apply' | 'restore') => median(runs[k].map((r) => r.seconds));
  const cpu = (k: 'apply' | 'restore') => median(runs[k].map((r) => r.cpuSeconds ?? Number.NaN));
  const ratio = m('apply') / m('restore');
  const handOutBytes = statSync(handOutFile).size;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 2 : 0)} MiB`;
  return {
    lines: [
      '',
      `change package: a year (${year}) of an accountant's corrections to L — ${objects} objects changed (${changes} changes: 2,000 entries corrected, 500 lines re-accounted, 200 removed, 1,000 added, relations, accounts, a VAT code, a year closed) — applied to the client's L, against a full restore of L, on ${where}, medians of ${d.reps}:`,
      '| tool | median s | machine CPU s (cores busy) | file | kluis peak RSS |',
      '|---|---|---|---|---|',
      `| kluis client changes (made once, the accountant's side) | ${made.seconds.toFixed(2)} | | ${mib(packageBytes)} | |`,
      ...(['apply', 'restore'] as const).map((k) => {
        const c = cpu(k);
        const peak = Math.max(0, ...runs[k].map((r) => r.peakRssMiB ?? 0));
        return `| ${k === 'apply' ? 'kluis client apply of the package' : 'kluis backup restore of L (the hand-out file)'} | ${m(k).toFixed(2)} | ${Number.isFinite(c) ? `${c.toFixed(1)} (${(c / m(k)).toFixed(2)})` : ''} | ${mib(k === 'apply' ? packageBytes : handOutBytes)} | ${peak ? `${peak} MiB` : ''} |`;
      }),
      '',
      '| ratio | value | bar | met |',
      '|---|---|---|---|',
      `| apply / restore of L | ${ratio.toFixed(3)} | ≤ 0.2 | ${ratio <= 0.2 ? 'yes' : 'no'} |`,
    ],
    report: { year, objects, changes, packageBytes, handOutBytes, runs, ratio },
  };
}
