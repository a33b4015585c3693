/**
 * The change-package proofs' side of the database: the books read with our
 * own queries (not kluis's: the proofs must not trust what they check), and
 * generated edits run as one side would run them.
 */
import type pg from 'pg';
import { type Books, type Entry, emptyBooks, entryKey, type Line } from './change-books.js';
import type { Edit } from './change-edits.js';

const cents = (text: string | null): number | null => (text === null ? null : Math.round(Number(text) * 100));

/** The books of the database `client` is connected to (read in one snapshot). */
export async function readBooks(client: pg.ClientBase): Promise<Books> {
  const books = emptyBooks();
  await client.query('begin isolation level repeatable read read only');
  try {
    const accounts = await client.query(
      'select code, name, kind, debit_credit, vat_code, blocked from accounts order by code',
    );
    for (const r of accounts.rows)
      books.account.set(r.code, {
        code: r.code,
        name: r.name,
        kind: r.kind,
        debitCredit: r.debit_credit,
        vatCode: r.vat_code,
        blocked: r.blocked,
      });
    const relations = await client.query(
      'select code, name, kind, vat_number, iban, city, country, email from relations order by code',
    );
    for (const r of relations.rows)
      books.relation.set(r.code, {
        code: r.code,
        name: r.name,
        kind: r.kind,
        vatNumber: r.vat_number,
        iban: r.iban,
        city: r.city,
        country: r.country,
        email: r.email,
      });
    const vat = await client.query(
      'select code, description, percentage::text as percentage, pay_account, claim_account from vat_codes order by code',
    );
    for (const r of vat.rows)
      books.vat_code.set(r.code, {
        code: r.code,
        description: r.description,
        percentage: r.percentage,
        payAccount: r.pay_account,
        claimAccount: r.claim_account,
      });
    const years = await client.query(
      'select year, start_date::text as start_date, end_date::text as end_date, closed from fiscal_years order by year',
    );
    for (const r of years.rows)
      books.fiscal_year.set(String(r.year), {
        year: r.year,
        startDate: r.start_date,
        endDate: r.end_date,
        closed: r.closed,
      });
    const lines = new Map<string, Line[]>();
    const lineRows = await client.query(
      `select l.entry_id::text as entry_id, l.line_no, l.account_code, l.description, l.debit::text as debit,
              l.credit::text as credit, l.vat_code, r.code as relation, l.effective_date::text as effective_date,
              l.document_ref, l.currency_code, l.currency_amount::text as currency_amount
         from journal_lines l left join relations r on r.id = l.relation_id order by l.entry_id, l.line_no`,
    );
    for (const r of lineRows.rows) {
      const list = lines.get(r.entry_id) ?? [];
      list.push({
        lineNo: r.line_no,
        account: r.account_code,
        description: r.description,
        debit: cents(r.debit)!,
        credit: cents(r.credit)!,
        vat: r.vat_code,
        relation: r.relation,
        effectiveDate: r.effective_date,
        documentRef: r.document_ref,
        currencyCode: r.currency_code,
        currencyAmount: cents(r.currency_amount),
      });
      lines.set(r.entry_id, list);
    }
    const entries = await client.query(
      `select e.id::text as id, e.journal_code, e.entry_number, e.entry_date::text as entry_date, e.fiscal_year, e.period,
              e.description, r.code as relation, e.document_id::text as document_id, e.created_by
         from journal_entries e left join relations r on r.id = e.relation_id order by e.journal_code, e.entry_number`,
    );
    for (const r of entries.rows) {
      const e: Entry = {
        journal: r.journal_code,
        number: r.entry_number,
        date: r.entry_date,
        fiscalYear: r.fiscal_year,
        period: r.period,
        description: r.description,
        relation: r.relation,
        document: r.document_id === null ? null : Number(r.document_id),
        createdBy: r.created_by,
        lines: lines.get(r.id) ?? [],
      };
      books.entry.set(entryKey(e), e);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
  return books;
}

/** Relations the client's documents refer to (documents are never part of a change package). */
export async function documentRelations(client: pg.ClientBase): Promise<Set<string>> {
  const r = await client.query<{ code: string }>(
    'select distinct r.code from documents d join relations r on r.id = d.relation_id',
  );
  return new Set(r.rows.map((x) => x.code));
}

/** Runs edits on the database `client` is connected to, each in its own transaction, as `author`. */
export async function runEdits(client: pg.ClientBase, edits: readonly Edit[], author: string): Promise<void> {
  for (const edit of edits) {
    await client.query('begin');
    try {
      await client.query(`select set_config('kluis.author', $1, true)`, [author]);
      if (edit.bypass) await client.query(`select set_config('kluis.applying', 'on', true)`);
      for (const s of edit.statements) await client.query(s.text, [...s.values]);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback');
      throw new Error(`the ${edit.side}'s edit "${edit.what}" failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
