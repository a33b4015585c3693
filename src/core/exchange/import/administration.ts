/**
 * The rows of an imported administration that are not the auditfile's
 * sections: first its settings, fiscal year, the accountant's licence and
 * users and the audit log entry; at the end, what is kept whole (the company
 * element, subledger headers) and the VAT percentages the lines showed.
 */
import type pg from 'pg';
import type { XafRecord } from '../../../xaf/index.js';
import type { Accountant } from '../../client/install-client.js';
import { fromMilli } from '../xaf-map.js';
import { faultError, fiscalYearOrder } from './checks.js';
import type { Header } from './header.js';
import type { XafImportPlan } from './types.js';

/** The administration's own rows, in one transaction, before any section is loaded. */
export async function writeAdministration(
  c: pg.Client,
  at: {
    readonly path: string;
    readonly plan: XafImportPlan;
    readonly identity: string;
    readonly accountant: Accountant;
    readonly header: Header;
    readonly year: number;
  },
): Promise<void> {
  const h = at.header;
  await c.query('begin');
  await c.query('insert into settings (number, name, identity, currency) values ($1, $2, $3, $4)', [
    at.plan.number,
    at.plan.name,
    at.identity,
    h.curCode,
  ]);
  await c
    .query('insert into fiscal_years (year, start_date, end_date, xaf) values ($1, $2, $3, $4)', [
      at.year,
      h.startDate.slice(0, 10),
      h.endDate.slice(0, 10),
      String(at.year) === h.fiscalYear ? null : JSON.stringify({ fiscalYear: h.fiscalYear }),
    ])
    .catch((err: unknown) => {
      const fault = fiscalYearOrder(err, h.line);
      throw fault ? faultError(at.path, fault) : err;
    });
  await c.query(`insert into licences (role, document) values ('active', $1)`, [JSON.stringify(at.accountant.licence)]);
  for (const u of at.accountant.users) {
    await c.query(
      `insert into users (user_name, full_name, role, password_hash, active, origin) values ($1, $2, $3, $4, true, 'own')`,
      [u.userName, u.fullName, u.role, u.passwordHash],
    );
  }
  await c.query(
    `insert into audit_log (user_name, action, object, details) values ($1, 'xaf.imported', 'administration', $2)`,
    [
      at.accountant.licence.licence.registeredUser,
      JSON.stringify({ file: at.path, fiscalYear: h.fiscalYear, software: at.plan.header.software }),
    ],
  );
  await c.query('commit');
}

/** After the last element: what is kept whole (company, subledger headers), and the percentages the lines showed. */
export async function writeKeptWhole(
  c: pg.Client,
  kept: {
    readonly name: string;
    readonly company: XafRecord;
    readonly subledgers: ReadonlyArray<{
      readonly section: string;
      readonly position: number;
      readonly header: XafRecord;
    }>;
    readonly vatPercentages: ReadonlyMap<string, bigint>;
  },
): Promise<void> {
  const company = { ...kept.company };
  if (company.companyName === kept.name) delete company.companyName;
  await c.query('update settings set xaf = $1', [Object.keys(company).length ? JSON.stringify(company) : null]);
  for (const s of kept.subledgers)
    await c.query('insert into xaf_subledgers (section, position, header) values ($1, $2, $3)', [
      s.section,
      s.position,
      JSON.stringify(s.header),
    ]);
  for (const [code, milli] of kept.vatPercentages)
    await c.query('update vat_codes set percentage = $2 where code = $1', [code, fromMilli(milli)]);
}
