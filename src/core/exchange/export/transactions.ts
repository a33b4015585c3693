/**
 * The transactions part, the bulk of an export: the totals the standard puts
 * before the lines (one aggregate query), then every journal with its
 * transactions as the lines arrive from one COPY (line-stream.ts). A line
 * with nothing kept beyond kluis's columns is written through a template,
 * without building a record.
 */
import { declAt, type ElementDecl, escapeText, type XafRecord } from '../../../xaf/index.js';
import { fromCents, journalTypeToXaf, periodOf, toCents, toMilli, vatAmount } from '../xaf-map.js';
import type { YearContext } from './context.js';
import { type LineRow, LineStream } from './line-stream.js';
import { writeSubledgers } from './opening.js';

/** Declarations the per-entry path checks values against, looked up once. */
let cachedDecls: ReturnType<typeof lookUpDecls> | undefined;
const decls = () => (cachedDecls ??= lookUpDecls());
const lookUpDecls = () => ({
  nr: declAt('company/transactions/journal/transaction/nr'),
  userID: declAt('company/transactions/journal/transaction/userID'),
  docRef: declAt('company/transactions/journal/transaction/trLine/docRef'),
});

/** The amount and its side as the auditfile shows them (an imported line may carry its own, negative one). */
const amountSql = `coalesce((l.xaf->>'amnt')::numeric, l.debit + l.credit)`;
const amountTypeSql = `coalesce(l.xaf->>'amntTp', case when l.credit > 0 then 'C' else 'D' end)`;

export async function writeTransactions(x: YearContext): Promise<{ transactions: number; lines: number }> {
  const totals = (
    await x.c.query<{ lines: string; entries: string; debit: string | null; credit: string | null }>(
      `
    select count(*)::text as lines, count(distinct l.entry_id)::text as entries,
           sum(case when ${amountTypeSql} = 'D' then ${amountSql} else 0 end)::text as debit,
           sum(case when ${amountTypeSql} = 'C' then ${amountSql} else 0 end)::text as credit
      from journal_lines l join journal_entries e on e.id = l.entry_id
     where e.fiscal_year = $1`,
      [x.input.year],
    )
  ).rows[0]!;
  const journals = (
    await x.c.query<{ code: string; name: string; type: string; xaf: XafRecord | null }>(
      'select code, name, type, xaf from journals order by code',
    )
  ).rows;
  const lineCount = Number(totals.lines);
  x.w.open('transactions');
  x.w.field('linesCount', totals.lines);
  x.w.field('totalDebit', totals.debit ?? '0.00');
  x.w.field('totalCredit', totals.credit ?? '0.00');
  const lines = new LineStream(x.c, x.input.year);
  const journalDecl = declAt('company/transactions/journal');
  const lineDecl = declAt('company/transactions/journal/transaction/trLine');
  let written = 0;
  let entries = 0;
  let reportAt = 10_000;
  let next = await lines.next();
  for (const j of journals) {
    x.w.open('journal');
    const header = x.conformer.conform(
      journalDecl,
      {
        jrnID: j.code,
        desc: j.name,
        jrnTp: journalTypeToXaf[j.type as keyof typeof journalTypeToXaf],
        ...(j.xaf ?? {}),
      },
      `dagboek/journal ${j.code}`,
    );
    for (const name of ['jrnID', 'desc', 'jrnTp', 'offsetAccID', 'bankAccNr'])
      x.w.field(name, header[name] as string | undefined);
    while (next && next.journal === j.code) {
      const entry = next;
      entries++;
      transactionHeader(x, entry);
      while (next && next.entryId === entry.entryId) {
        writeLine(x, next, lineDecl);
        written++;
        next = await lines.next();
      }
      x.w.close('transaction');
      if (written >= reportAt) {
        x.input.onProgress?.({ step: 'xaf-export', done: written, total: lineCount });
        reportAt = written + 10_000;
      }
      await x.w.flush();
    }
    x.w.close('journal');
  }
  if (next) throw new Error(`journal line of unknown journal ${next.journal}`);
  await writeSubledgers(x, 'transactions', 'subledgers', 'company/transactions/subledgers/subledger', 'sbLine');
  x.w.close('transactions');
  x.input.onProgress?.({ step: 'xaf-export', done: written, total: lineCount });
  return { transactions: entries, lines: written };
}

function transactionHeader(x: YearContext, e: LineRow): void {
  const extra = e.entryXaf ? (JSON.parse(e.entryXaf) as XafRecord) : {};
  x.w.open('transaction');
  x.w.field('nr', x.conformer.fit(decls().nr, e.entryNumber, `boeking/entry ${e.entryNumber}`));
  if (e.entryDescription) x.w.field('desc', e.entryDescription);
  x.w.field('periodNumber', e.period ?? String(periodOf(x.periods, e.entryDate)));
  x.w.field('trDt', e.entryDate);
  for (const name of ['amnt', 'amntTp', 'sourceID']) x.w.field(name, extra[name] as string | undefined);
  if (e.createdBy) x.w.field('userID', x.conformer.fit(decls().userID, e.createdBy, `boeking/entry ${e.entryNumber}`));
}

function writeLine(x: YearContext, l: LineRow, decl: ElementDecl): void {
  const isCredit = l.credit !== '0.00';
  const amount = isCredit ? l.credit : l.debit;
  const relation = l.relation ? x.relationCodes.get(l.relation) : undefined;
  const percentage = l.vatCode ? x.vatPercentages.get(l.vatCode) : undefined;
  const vat =
    l.vatCode && percentage !== undefined
      ? [
          {
            vatID: l.vatCode,
            vatPerc: percentage,
            vatAmnt: fromCents(vatAmount(toCents(amount), toMilli(percentage))),
            vatAmntTp: isCredit ? 'C' : 'D',
          },
        ]
      : undefined;
  const docRef =
    l.documentRef.length > 999
      ? x.conformer.fit(decls().docRef, l.documentRef, `boeking/entry ${l.entryNumber}`)!
      : l.documentRef;
  if (l.lineXaf) {
    const record: XafRecord = {
      nr: l.lineNo,
      accID: l.account,
      docRef,
      effDate: l.effectiveDate,
      desc: l.description || undefined,
      amnt: amount,
      amntTp: isCredit ? 'C' : 'D',
      custSupID: relation,
      vat,
      currency: l.currencyCode ? { curCode: l.currencyCode, curAmnt: l.currencyAmount! } : undefined,
      ...(JSON.parse(l.lineXaf) as XafRecord),
    };
    x.w.record(decl, record);
    return;
  }
  // The fast path: kluis's own columns, written without building a record.
  const pad = '  '.repeat(x.w.indent + 1);
  let text = `${pad.slice(2)}<trLine>\n${pad}<nr>${l.lineNo}</nr>\n${pad}<accID>${escapeText(l.account, 'accID')}</accID>\n${pad}<docRef>${escapeText(docRef, 'docRef')}</docRef>\n${pad}<effDate>${l.effectiveDate}</effDate>\n`;
  if (l.description) text += `${pad}<desc>${escapeText(l.description, 'desc')}</desc>\n`;
  text += `${pad}<amnt>${amount}</amnt>\n${pad}<amntTp>${isCredit ? 'C' : 'D'}</amntTp>\n`;
  if (relation) text += `${pad}<custSupID>${escapeText(relation, 'custSupID')}</custSupID>\n`;
  if (vat)
    text += `${pad}<vat>\n${pad}  <vatID>${escapeText(vat[0]!.vatID, 'vatID')}</vatID>\n${pad}  <vatPerc>${vat[0]!.vatPerc}</vatPerc>\n${pad}  <vatAmnt>${vat[0]!.vatAmnt}</vatAmnt>\n${pad}  <vatAmntTp>${vat[0]!.vatAmntTp}</vatAmntTp>\n${pad}</vat>\n`;
  if (l.currencyCode)
    text += `${pad}<currency>\n${pad}  <curCode>${l.currencyCode}</curCode>\n${pad}  <curAmnt>${l.currencyAmount}</curAmnt>\n${pad}</currency>\n`;
  x.w.raw(`${text}${pad.slice(2)}</trLine>\n`);
}
