/**
 * The opening balance (recorded, or derived from the earlier years booked in
 * kluis) and the subledgers an imported auditfile brought along.
 */
import { declAt, type XafRecord } from '../../../xaf/index.js';
import { fromCents, toCents } from '../xaf-map.js';
import type { YearContext } from './context.js';

type Row = Record<string, string | null>;

/**
 * The opening balance recorded for the year (an imported auditfile's), or
 * else, when earlier years were booked in kluis, their closing positions:
 * the balance-sheet accounts' totals, with the earlier years' result on
 * the first balance-sheet account on the credit side (0500 Eigen vermogen
 * in the standard chart).
 */
export async function writeOpeningBalance(x: YearContext, year: { start: string }): Promise<void> {
  const stored = (
    await x.c.query<Row & { xaf: XafRecord | null }>(
      'select balance_date::text as date, description, xaf from opening_balances where fiscal_year = $1',
      [x.input.year],
    )
  ).rows[0];
  let lines: Array<{ nr: string; account: string; debit: string; credit: string }>;
  if (stored) {
    lines = (
      await x.c.query<{ nr: string; account: string; debit: string; credit: string }>(
        'select nr, account_code as account, debit::text as debit, credit::text as credit from opening_balance_lines where fiscal_year = $1 order by position',
        [x.input.year],
      )
    ).rows;
  } else {
    lines = await derivedOpening(x);
    if (lines.length === 0) return;
  }
  const decl = declAt('company/openingBalance/obLine');
  let debit = 0n;
  let credit = 0n;
  for (const l of lines) {
    debit += toCents(l.debit);
    credit += toCents(l.credit);
  }
  x.w.open('openingBalance');
  x.w.field('opBalDate', stored?.date ?? year.start);
  const desc = stored ? stored.description : 'Beginbalans';
  if (desc != null)
    x.w.field(
      'opBalDesc',
      x.conformer.fit(declAt('company/openingBalance/opBalDesc'), desc, 'beginbalans/opening balance'),
    );
  x.w.field('linesCount', lines.length);
  x.w.field('totalDebit', fromCents(debit));
  x.w.field('totalCredit', fromCents(credit));
  for (const l of lines) {
    const isCredit = toCents(l.credit) > 0n;
    x.w.record(decl, {
      nr: l.nr,
      accID: l.account,
      amnt: isCredit ? l.credit : l.debit,
      amntTp: isCredit ? 'C' : 'D',
    });
  }
  await writeSubledgers(x, 'opening', 'obSubledgers', 'company/openingBalance/obSubledgers/obSubledger', 'obSbLine');
  x.w.close('openingBalance');
  await x.w.flush();
}

async function derivedOpening(
  x: YearContext,
): Promise<Array<{ nr: string; account: string; debit: string; credit: string }>> {
  const r = await x.c.query<{ account: string; kind: string; net: string }>(
    `
    select l.account_code as account, a.kind, sum(l.debit - l.credit)::text as net
      from journal_lines l join journal_entries e on e.id = l.entry_id join accounts a on a.code = l.account_code
     where e.fiscal_year < $1
     group by l.account_code, a.kind order by l.account_code`,
    [x.input.year],
  );
  if (r.rows.length === 0) return [];
  const equity = (
    await x.c.query<{ code: string }>(
      `select code from accounts where kind = 'balance' and debit_credit = 'C' order by code limit 1`,
    )
  ).rows[0]?.code;
  const net = new Map<string, bigint>();
  let result = 0n;
  for (const row of r.rows) {
    if (row.kind === 'balance' || !equity) net.set(row.account, (net.get(row.account) ?? 0n) + toCents(row.net));
    else result += toCents(row.net);
  }
  if (equity && result !== 0n) net.set(equity, (net.get(equity) ?? 0n) + result);
  const lines: Array<{ nr: string; account: string; debit: string; credit: string }> = [];
  for (const [account, cents] of [...net.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (cents === 0n) continue;
    lines.push({
      nr: String(lines.length + 1),
      account,
      debit: cents > 0n ? fromCents(cents) : '0.00',
      credit: cents < 0n ? fromCents(-cents) : '0.00',
    });
  }
  return lines;
}

export async function writeSubledgers(
  x: YearContext,
  section: 'opening' | 'transactions',
  container: string,
  path: string,
  lineName: string,
): Promise<void> {
  const headers = (
    await x.c.query<{ position: number; header: XafRecord }>(
      'select position, header from xaf_subledgers where section = $1 order by position',
      [section],
    )
  ).rows;
  if (headers.length === 0) return;
  const decl = declAt(path);
  const lineDecl = decl.byName!.get(lineName)!;
  x.w.open(container);
  for (const h of headers) {
    const lines = (
      await x.c.query<{ content: XafRecord }>(
        'select content from xaf_subledger_lines where section = $1 and subledger = $2 order by position',
        [section, h.position],
      )
    ).rows;
    x.w.open(decl.name);
    for (const child of decl.children!) {
      if (child.name === lineName) for (const l of lines) x.w.record(lineDecl, l.content);
      else x.w.field(child.name, h.header[child.name] as string | undefined);
    }
    x.w.close(decl.name);
    await x.w.flush();
  }
  x.w.close(container);
}
