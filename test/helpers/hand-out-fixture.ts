/**
 * Setup for the change-package tests: a client's administration handed out
 * up to a dividing date, installed at the accountant's, and SQL to book on
 * either side as that side would (the accountant as `anna`, the client as
 * `jansen`; the client's lock bypassed where a test needs it). Setup only.
 *
 * The hand-out and the install are kluis's own (core/client/hand-out.ts,
 * install-client.ts).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import {
  createAdministration,
  generateAdministration,
  handOut,
  installClient,
  issueDemoLicence,
  type KluisContext,
  showAdministration,
} from '../../src/core/index.js';
import { AdminDb, type NewUser } from '../../src/core/testing.js';
import { tableDigests } from './digest.js';

export const clientLicence = issueDemoLicence({
  holder: 'Bakkerij Jansen B.V.',
  registeredUser: 'jansen',
  articles: ['Base'],
});
export const accountantLicence = issueDemoLicence({
  holder: 'Accountants De Vries B.V.',
  registeredUser: 'devries',
  articles: ['Base', 'E-Accountancy'],
  maxUsers: 50,
});

export const user = (userName: string, role: NewUser['role']): NewUser => ({
  userName,
  fullName: userName.toUpperCase(),
  role,
  password: `een-goed-wachtwoord-${userName}`,
});

/** Runs `fn` on a connection to administration `ref`'s database. */
export async function withAdmin<T>(ctx: KluisContext, ref: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const db = await AdminDb.open(ctx.engine, (await showAdministration(ctx, ref)).database);
  try {
    return await fn(db.client);
  } finally {
    await db.close();
  }
}

/** Runs `statements` in one transaction as `author`; `bypass` passes the hand-out's guard (kluis.applying). */
export async function asSide(
  ctx: KluisContext,
  ref: string,
  author: string,
  statements: ReadonlyArray<string | readonly [string, readonly unknown[]]>,
  bypass = false,
): Promise<void> {
  await withAdmin(ctx, ref, async (c) => {
    await c.query('begin');
    try {
      await c.query(`select set_config('kluis.author', $1, true)`, [author]);
      if (bypass) await c.query(`select set_config('kluis.applying', 'on', true)`);
      for (const s of statements) {
        if (typeof s === 'string') await c.query(s);
        else await c.query(s[0], [...s[1]]);
      }
      await c.query('commit');
    } catch (err) {
      await c.query('rollback');
      throw err;
    }
  });
}

/** An entry of two lines (debit `account`, credit `against`), as SQL for asSide. */
export function entrySql(
  journal: string,
  number: string,
  date: string,
  description: string,
  amount: string,
  account: string,
  against: string,
  author: string,
  relation: string | null = null,
): ReadonlyArray<readonly [string, readonly unknown[]]> {
  const id = '(select id from journal_entries where journal_code = $1 and entry_number = $2)';
  return [
    [
      `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, relation_id, created_by)
       values ($1, $2, $3::date, extract(year from $3::date)::int, $4, (select id from relations where code = $5), $6)`,
      [journal, number, date, description, relation, author],
    ],
    [
      `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values (${id}, 1, $3, $4, 0), (${id}, 2, $5, 0, $4)`,
      [journal, number, account, amount, against],
    ],
  ];
}

/** The digest of every table of an administration (to prove nothing changed). */
export function digestOf(ctx: KluisContext, ref: string): Promise<Record<string, string>> {
  return withAdmin(ctx, ref, (c) => tableDigests(c));
}

export interface HandedOut {
  readonly handOut: string;
  readonly until: string;
  /** The client's backup that carried the hand-out. */
  readonly file: string;
}

/** Hands the client's books out (kluis client hand-out) and installs the file at the accountant's (kluis client install). */
export async function handOutAndInstall(
  client: KluisContext,
  accountant: KluisContext,
  given: {
    /** Where the hand-out file goes. */
    readonly folder: string;
    /** The client's administration (default 3), the number it gets at the office (3), the office's own (1). */
    readonly adm?: string;
    readonly to?: string;
    readonly open?: string;
    /** The dividing date (default 2026-06-30). */
    readonly until?: string;
  },
): Promise<HandedOut> {
  const options = { adm: '3', to: '3', open: '1', until: '2026-06-30', ...given };
  const made = await handOut(client, {
    adm: options.adm,
    until: options.until,
    output: join(options.folder, `uitlevering-${options.adm}-${Date.now()}.ebu`),
    madeBy: 'jansen',
  });
  await installClient(accountant, {
    source: createReadStream(made.location),
    path: made.location,
    open: options.open,
    to: options.to,
    users: ['anna'],
  });
  return { handOut: made.handOut.id, until: options.until, file: made.location };
}

/** The client (generated books over 2025 and 2026) and the accountant's office, each a kluis installation of its own. */
export async function makeClientAndOffice(
  client: KluisContext,
  accountant: KluisContext,
  options: { readonly number: number; readonly seed: string; readonly entries: number },
): Promise<void> {
  await generateAdministration(client, {
    name: 'Bakkerij Jansen',
    number: options.number,
    size: { entries: options.entries, documents: 2, attachmentBytes: 256 },
    seed: options.seed,
    fiscalYears: [2025, 2026],
    licence: clientLicence,
    users: [user('jansen', 'administrator'), user('petra', 'bookkeeper')],
  });
  await createAdministration(accountant, {
    name: 'Accountants De Vries',
    number: 1,
    licence: accountantLicence,
    users: [user('devries', 'administrator'), user('anna', 'accountant')],
  });
}
