/**
 * Setup for the change-package proofs (test/core/change-package*.test.ts):
 * the client's administration with a year and a half of books, the
 * accountant's office, and the objects the client may remove (see
 * EditOptions.spare). Setup only; the judging is in change-model.ts.
 */
import type pg from 'pg';
import {
  createAdministration,
  generateAdministration,
  issueDemoLicence,
  type KluisContext,
  showAdministration,
} from '../../src/core/index.js';
import { AdminDb, type NewUser } from '../../src/core/testing.js';
import type { Books } from './change-books.js';

export const until = '2026-06-30';
export const clientUser = 'jansen';
export const accountantUser = 'anna';

export const clientLicence = issueDemoLicence({
  holder: 'Bakkerij Jansen B.V.',
  registeredUser: clientUser,
  articles: ['Base'],
});
export const accountantLicence = issueDemoLicence({
  holder: 'Accountants De Vries B.V.',
  registeredUser: 'devries',
  articles: ['Base', 'E-Accountancy'],
  maxUsers: 50,
});

const user = (userName: string, role: NewUser['role']): NewUser => ({
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

/**
 * The client's administration: generated books over 2025 and 2026 (both
 * sides of the dividing date), a few documents, and four relations nobody
 * uses yet (the client may remove those).
 */
export async function makeClient(
  ctx: KluisContext,
  options: { readonly number: number; readonly seed: string; readonly entries: number },
): Promise<void> {
  await generateAdministration(ctx, {
    name: 'Bakkerij Jansen',
    number: options.number,
    size: { entries: options.entries, documents: 3, attachmentBytes: 512 },
    seed: options.seed,
    fiscalYears: [2025, 2026],
    licence: clientLicence,
    users: [user(clientUser, 'administrator'), user('petra', 'bookkeeper')],
  });
  await withAdmin(ctx, String(options.number), (c) =>
    c.query(`insert into relations (code, name, kind, city)
             values ('S0001', 'Schildersbedrijf Visser', 'supplier', 'Leiden'), ('S0002', 'Slagerij Bakker', 'customer', 'Gouda'),
                    ('S0003', 'Stucadoor Mulder', 'supplier', 'Ede'), ('S0004', 'Snackbar Smit', 'customer', 'Hoorn')`),
  );
}

/** The accountant's office (E-Accountancy) with the staff who get access to installed clients. */
export async function makeOffice(ctx: KluisContext, number = 1): Promise<void> {
  await createAdministration(ctx, {
    name: 'Accountants De Vries',
    number,
    licence: accountantLicence,
    users: [user('devries', 'administrator'), user(accountantUser, 'accountant')],
  });
}

/**
 * What the client may remove and the accountant's entries never refer to:
 * every other account nothing uses at the hand-out, and every relation
 * nothing uses (documents included).
 */
export function spareObjects(
  books: Books,
  documentRelations: ReadonlySet<string>,
): { accounts: Set<string>; relations: Set<string> } {
  const usedAccounts = new Set<string>();
  const usedRelations = new Set<string>(documentRelations);
  for (const e of books.entry.values()) {
    if (e.relation) usedRelations.add(e.relation);
    for (const l of e.lines) {
      usedAccounts.add(l.account);
      if (l.relation) usedRelations.add(l.relation);
    }
  }
  for (const v of books.vat_code.values()) for (const a of [v.payAccount, v.claimAccount]) if (a) usedAccounts.add(a);
  const accounts = [...books.account.keys()].filter((a) => !usedAccounts.has(a)).sort();
  return {
    accounts: new Set(accounts.filter((_, i) => i % 2 === 0)),
    relations: new Set([...books.relation.keys()].filter((r) => !usedRelations.has(r))),
  };
}
