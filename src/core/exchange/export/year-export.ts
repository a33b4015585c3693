/**
 * One fiscal year as an auditfile, part by part in the standard's order:
 * header, company, relations, general ledger, VAT codes, periods (this
 * file), the opening balance (opening.ts) and the transactions
 * (transactions.ts), all read in one read-only snapshot.
 */
import { type Localized, ToolError } from '../../../errors/index.js';
import { declAt, type XafRecord } from '../../../xaf/index.js';
import { kluisVersion } from '../../version.js';
import { accountKindToXaf, monthlyPeriods, relationKindToXaf } from '../xaf-map.js';
import type { YearContext } from './context.js';
import { writeOpeningBalance } from './opening.js';
import { writeTransactions } from './transactions.js';

type Row = Record<string, string | null>;

export async function exportYear(
  x: YearContext,
): Promise<{ transactions: number; lines: number; warnings: Localized[] }> {
  const year = await fiscalYear(x);
  const settings = (
    await x.c.query<{ name: string; currency: string; xaf: XafRecord | null }>(
      'select name, currency, xaf from settings',
    )
  ).rows[0]!;
  x.w.start();
  x.w.record(declAt('header'), {
    fiscalYear: (year.xaf?.fiscalYear as string | undefined) ?? String(x.input.year),
    startDate: year.start,
    endDate: year.end,
    curCode: settings.currency,
    dateCreated: x.input.dateCreated ?? new Date().toISOString().slice(0, 10),
    softwareDesc: 'kluis',
    softwareVersion: kluisVersion(),
  });
  x.w.open('company');
  const company = settings.xaf ?? {};
  const companyDecl = declAt('company');
  x.conformer.fields(
    companyDecl,
    ['companyIdent', 'companyName', 'taxRegistrationCountry', 'taxRegIdent', 'streetAddress', 'postalAddress'],
    {
      companyName: settings.name,
      taxRegistrationCountry: 'NL',
      taxRegIdent: '',
      ...company,
    },
    'company',
  );
  await x.w.flush();
  await writeRelations(x);
  await writeGeneralLedger(x, company);
  await writeVatCodes(x);
  await writePeriods(x, year);
  await writeOpeningBalance(x, year);
  const counts = await writeTransactions(x);
  x.w.close('company');
  await x.w.end();
  return { ...counts, warnings: x.conformer.warnings };
}

async function fiscalYear(x: YearContext): Promise<{ start: string; end: string; xaf: XafRecord | null }> {
  const r = await x.c.query<{ start: string; end: string; xaf: XafRecord | null }>(
    `select start_date::text as start, end_date::text as end, xaf from fiscal_years where year = $1`,
    [x.input.year],
  );
  if (!r.rows[0]) {
    const years = (await x.c.query<{ year: number }>('select year from fiscal_years order by year')).rows.map(
      (y) => y.year,
    );
    throw new ToolError('XAF_YEAR_NOT_FOUND', {
      adm: x.adm,
      year: x.input.year,
      years: years.join(', ') || '-',
    });
  }
  return r.rows[0];
}

async function writeRelations(x: YearContext): Promise<void> {
  const rows = (
    await x.c.query<Row & { xaf: XafRecord | null }>(
      'select id::text, code, name, kind, vat_number, iban, city, country, email, xaf from relations order by code',
    )
  ).rows;
  if (rows.length === 0) return;
  const decl = declAt('company/customersSuppliers/customerSupplier');
  x.w.open('customersSuppliers');
  for (const r of rows) {
    x.relationCodes.set(r.id!, r.code!);
    const extra = r.xaf ?? {};
    const record: XafRecord = {
      custSupID: r.code!,
      ...(r.name ? { custSupName: r.name } : {}),
      ...(r.email ? { eMail: r.email } : {}),
      taxRegistrationCountry: r.country!,
      ...(r.vat_number ? { taxRegIdent: r.vat_number } : {}),
      custSupTp: relationKindToXaf[r.kind as keyof typeof relationKindToXaf],
      ...(r.city ? { streetAddress: [{ city: r.city }] } : {}),
      ...(r.iban ? { bankAccount: [{ bankAccNr: r.iban }] } : {}),
      ...extra,
    };
    x.w.record(decl, x.conformer.conform(decl, record, `relatie/relation ${r.code}`));
    await x.w.flush();
  }
  x.w.close('customersSuppliers');
}

async function writeGeneralLedger(x: YearContext, company: XafRecord): Promise<void> {
  const rows = (
    await x.c.query<Row & { xaf: XafRecord | null }>('select code, name, kind, xaf from accounts order by code')
  ).rows;
  const basics = company.basics as XafRecord[] | undefined;
  if (rows.length === 0) return;
  const decl = declAt('company/generalLedger/ledgerAccount');
  x.w.open('generalLedger');
  for (const r of rows) {
    const record: XafRecord = {
      accID: r.code!,
      accDesc: r.name!,
      accTp: accountKindToXaf[r.kind as keyof typeof accountKindToXaf],
      ...(r.xaf ?? {}),
    };
    x.w.record(decl, x.conformer.conform(decl, record, `rekening/account ${r.code}`));
  }
  if (basics) x.w.record(declAt('company/generalLedger/basics'), { basic: basics });
  x.w.close('generalLedger');
  await x.w.flush();
}

async function writeVatCodes(x: YearContext): Promise<void> {
  // Codes the year's lines use but the table lacks (data from before it existed) are listed too, so every line's code is known.
  const rows = (
    await x.c.query<Row & { xaf: XafRecord | null }>(
      `
    select code, description, percentage::text as percentage, pay_account, claim_account, xaf from vat_codes
    union all
    select distinct l.vat_code, l.vat_code, null, null, null, null::jsonb
      from journal_lines l join journal_entries e on e.id = l.entry_id
     where e.fiscal_year = $1 and l.vat_code is not null and not exists (select 1 from vat_codes v where v.code = l.vat_code)
    order by 1`,
      [x.input.year],
    )
  ).rows;
  if (rows.length === 0) return;
  const decl = declAt('company/vatCodes/vatCode');
  x.w.open('vatCodes');
  for (const r of rows) {
    if (r.percentage != null) x.vatPercentages.set(r.code!, r.percentage);
    const record: XafRecord = {
      vatID: r.code!,
      vatDesc: r.description!,
      ...(r.pay_account ? { vatToPayAccID: r.pay_account } : {}),
      ...(r.claim_account ? { vatToClaimAccID: r.claim_account } : {}),
      ...(r.xaf ?? {}),
    };
    x.w.record(decl, x.conformer.conform(decl, record, `btw-code/VAT code ${r.code}`));
  }
  x.w.close('vatCodes');
  await x.w.flush();
}

async function writePeriods(x: YearContext, year: { start: string; end: string }): Promise<void> {
  const rows = (
    await x.c.query<Row & { number: number; xaf: XafRecord | null }>(
      'select number, description, start_date::text as start, end_date::text as end, xaf from periods where fiscal_year = $1 order by number',
      [x.input.year],
    )
  ).rows;
  const decl = declAt('company/periods/period');
  x.w.open('periods');
  if (rows.length === 0) {
    x.periods = monthlyPeriods(year.start, year.end);
    for (const p of x.periods)
      x.w.record(decl, { periodNumber: String(p.number), startDatePeriod: p.start, endDatePeriod: p.end });
  } else {
    x.periods = rows.map((r) => ({ number: r.number, start: r.start!, end: r.end! }));
    for (const r of rows) {
      const record: XafRecord = {
        periodNumber: String(r.number),
        ...(r.description !== null ? { periodDesc: r.description } : {}),
        startDatePeriod: r.start!,
        endDatePeriod: r.end!,
        ...(r.xaf ?? {}),
      };
      x.w.record(decl, x.conformer.conform(decl, record, `periode/period ${r.number}`));
    }
  }
  x.w.close('periods');
  await x.w.flush();
}
