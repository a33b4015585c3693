/**
 * Setup for the change-package proofs (test/core/change-package*.test.ts),
 * beside the hand-out fixture they share with the apply's own tests
 * (hand-out-fixture.ts): four relations nobody uses yet, and the objects
 * the client may remove (see EditOptions.spare). Setup only; the judging is
 * in change-model.ts.
 */
import type { KluisContext } from '../../src/core/index.js';
import type { Books } from './change-books.js';
import { withAdmin } from './hand-out-fixture.js';

export const until = '2026-06-30';
export const clientUser = 'jansen';
export const accountantUser = 'anna';

/** Four relations nobody uses: the client may remove them while the accountant has the books. */
export async function addSpareRelations(ctx: KluisContext, ref: string): Promise<void> {
  await withAdmin(ctx, ref, (c) =>
    c.query(`insert into relations (code, name, kind, city)
             values ('S0001', 'Schildersbedrijf Visser', 'supplier', 'Leiden'), ('S0002', 'Slagerij Bakker', 'customer', 'Gouda'),
                    ('S0003', 'Stucadoor Mulder', 'supplier', 'Ede'), ('S0004', 'Snackbar Smit', 'customer', 'Hoorn')`),
  );
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
