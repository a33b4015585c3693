/**
 * The model the change-package proofs judge the apply by
 * (test/helpers/change-model.ts), and the edit generator it is fed by
 * (test/helpers/change-edits.ts), without a database: each merge rule of the
 * design on a hand-made case, and the generator's edits keeping every entry
 * in balance and each side on its side of the dividing date.
 * test/core/change-package*.test.ts hold the real apply to the same model.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type Account,
  type Books,
  balances,
  cloneBooks,
  type Entry,
  emptyBooks,
  type Relation,
  unbalanced,
} from '../../helpers/change-books.js';
import { EditGenerator } from '../../helpers/change-edits.js';
import { applyProblems, conflictsDiff, expectedApply } from '../../helpers/change-model.js';

const line = (lineNo: number, account: string, debit: number, credit: number) => ({
  lineNo,
  account,
  description: '',
  debit,
  credit,
  vat: null,
  relation: null,
  effectiveDate: null,
  documentRef: null,
  currencyCode: null,
  currencyAmount: null,
});

const entry = (
  journal: string,
  number: string,
  date: string,
  amount: number,
  relation: string | null = null,
): Entry => ({
  journal,
  number,
  date,
  fiscalYear: Number(date.slice(0, 4)),
  period: null,
  description: `Boeking ${number}`,
  relation,
  document: null,
  createdBy: 'jansen',
  lines: [line(1, '4600', amount, 0), line(2, '1100', 0, amount)],
});

const account = (code: string, name = `Rekening ${code}`): Account => ({
  code,
  name,
  kind: 'profit_loss',
  debitCredit: 'D',
  vatCode: null,
  blocked: false,
});

const relation = (code: string): Relation => ({
  code,
  name: `Relatie ${code}`,
  kind: 'customer',
  vatNumber: null,
  iban: null,
  city: 'Utrecht',
  country: 'NL',
  email: null,
});

/** Books at the hand-out: two years, a few accounts, relations and entries on both sides of 2026-06-30. */
function base(): Books {
  const b = emptyBooks();
  for (const y of [2025, 2026])
    b.fiscal_year.set(String(y), { year: y, startDate: `${y}-01-01`, endDate: `${y}-12-31`, closed: false });
  for (const c of ['1100', '1300', '1510', '1530', '1600', '4600', '8000', '9000']) b.account.set(c, account(c));
  b.vat_code.set('H', {
    code: 'H',
    description: 'Btw hoog',
    percentage: '21.000',
    payAccount: '1510',
    claimAccount: '1530',
  });
  for (const c of ['000001', '000002', '000003']) b.relation.set(c, relation(c));
  const entries = [
    entry('MEM', '20250000001', '2025-03-01', 1000, '000001'),
    entry('MEM', '20260000001', '2026-02-01', 2000),
    entry('MEM', '20260000002', '2026-08-01', 3000, '000002'),
  ];
  for (const e of entries) b.entry.set(`${e.journal}/${e.number}`, e);
  return b;
}

describe('the merge model', () => {
  test('the client did not touch it: the accountant’s version, no conflict', () => {
    const b = base();
    const a = cloneBooks(b);
    a.entry.set('MEM/20260000001', { ...b.entry.get('MEM/20260000001')!, description: 'gecorrigeerd' });
    a.entry.set('MEM/20260000003', entry('MEM', '20260000003', '2026-05-01', 500));
    a.entry.delete('MEM/20250000001');
    a.account.set('9000', { ...b.account.get('9000')!, name: 'Rente' });
    const c = cloneBooks(b);
    c.entry.set('BNK/20260000001', entry('BNK', '20260000001', '2026-09-01', 700));
    const m = expectedApply(b, a, c);
    assert.deepEqual(m.conflicts, []);
    assert.equal(m.books.entry.get('MEM/20260000001')!.description, 'gecorrigeerd');
    assert.ok(m.books.entry.has('MEM/20260000003') && m.books.entry.has('BNK/20260000001'));
    assert.ok(!m.books.entry.has('MEM/20250000001'));
    assert.equal(m.books.account.get('9000')!.name, 'Rente');
    assert.deepEqual(m.changed.entry, ['MEM/20250000001', 'MEM/20260000001', 'MEM/20260000003']);
    assert.deepEqual(unbalanced(m.books), []);
    assert.equal(balances(m.books).get('4600'), 2000 + 3000 + 500 + 700);
  });

  test('account and VAT code field by field: the accountant’s chart wins a field both changed', () => {
    const b = base();
    const a = cloneBooks(b);
    const c = cloneBooks(b);
    a.account.set('9000', { ...b.account.get('9000')!, name: 'Rente (A)', blocked: true });
    c.account.set('9000', { ...b.account.get('9000')!, name: 'Rente (K)', vatCode: 'H' });
    a.vat_code.set('H', { ...b.vat_code.get('H')!, percentage: '19.000' });
    c.vat_code.set('H', { ...b.vat_code.get('H')!, description: 'Hoog' });
    const m = expectedApply(b, a, c);
    assert.deepEqual(m.books.account.get('9000'), {
      ...account('9000'),
      name: 'Rente (A)',
      blocked: true,
      vatCode: 'H',
    });
    assert.deepEqual(m.books.vat_code.get('H'), { ...b.vat_code.get('H')!, percentage: '19.000', description: 'Hoog' });
    assert.deepEqual(m.conflicts, [{ object: 'account', key: '9000', rules: ['both-changed'] }]);
  });

  test('relation field by field: the client’s relation data wins a field both changed', () => {
    const b = base();
    const a = cloneBooks(b);
    const c = cloneBooks(b);
    a.relation.set('000003', { ...relation('000003'), city: 'Zwolle', email: 'a@x.nl' });
    c.relation.set('000003', { ...relation('000003'), city: 'Delft' });
    const m = expectedApply(b, a, c);
    assert.deepEqual(m.books.relation.get('000003'), { ...relation('000003'), city: 'Delft', email: 'a@x.nl' });
    assert.deepEqual(m.conflicts, [{ object: 'relation', key: '000003', rules: ['both-changed'] }]);
    // Both made the same change: nothing to settle.
    c.relation.set('000003', { ...relation('000003'), city: 'Zwolle' });
    assert.deepEqual(expectedApply(b, a, c).conflicts, []);
  });

  test('removed by the accountant: gone, unless the client changed it or still uses it', () => {
    const b = base();
    const a = cloneBooks(b);
    a.relation.delete('000003');
    a.account.delete('9000');
    a.account.delete('8000');
    a.relation.delete('000002'); // the entry after the date (the client's) names it
    const c = cloneBooks(b);
    c.account.set('9000', account('9000', 'Rente'));
    c.entry.set('MEM/20260000003', {
      ...entry('MEM', '20260000003', '2026-09-01', 10),
      lines: [line(1, '8000', 10, 0), line(2, '1100', 0, 10)],
    });
    const m = expectedApply(b, a, c);
    assert.ok(!m.books.relation.has('000003'));
    assert.deepEqual(m.books.account.get('9000'), account('9000', 'Rente'));
    assert.ok(m.books.account.has('8000') && m.books.relation.has('000002'));
    assert.deepEqual(m.conflicts.map((x) => `${x.object} ${x.key} ${x.rules.join('|')}`).sort(), [
      'account 8000 removed-but-used',
      'account 9000 removed-but-changed|removed-but-used',
      'relation 000002 removed-but-used',
    ]);
  });

  test('a VAT code removed with the account that used it: both go, or both stay when the account is kept', () => {
    const b = base();
    b.account.set('8000', { ...account('8000'), vatCode: 'H' });
    const a = cloneBooks(b);
    a.account.delete('8000');
    a.vat_code.delete('H');
    a.account.delete('1510');
    const c = cloneBooks(b);
    const gone = expectedApply(b, a, c);
    // 1510 is H's pay account: with H gone it is unused, and goes too.
    assert.ok(!gone.books.account.has('8000') && !gone.books.vat_code.has('H') && !gone.books.account.has('1510'));
    assert.deepEqual(gone.conflicts, []);
    c.entry.set('MEM/20260000003', {
      ...entry('MEM', '20260000003', '2026-09-01', 10),
      lines: [line(1, '8000', 10, 0), line(2, '1100', 0, 10)],
    });
    const kept = expectedApply(b, a, c);
    assert.ok(kept.books.account.has('8000') && kept.books.vat_code.has('H') && kept.books.account.has('1510'));
    assert.deepEqual(kept.conflicts.map((x) => `${x.object} ${x.key}`).sort(), [
      'account 1510',
      'account 8000',
      'vat_code H',
    ]);
  });

  test('added on both sides under one code: field by field from an empty base', () => {
    const b = base();
    const a = cloneBooks(b);
    const c = cloneBooks(b);
    a.relation.set('G0001', { ...relation('G0001'), city: 'Zwolle', email: 'a@x.nl' });
    c.relation.set('G0001', { ...relation('G0001'), city: 'Delft' });
    a.account.set('4550', account('4550', 'Reiskosten'));
    c.account.set('4550', { ...account('4550', 'Reizen'), blocked: true });
    const m = expectedApply(b, a, c);
    // Relation: the client's where both differ; the accountant's email (the client has none: null is a value too).
    assert.deepEqual(m.books.relation.get('G0001'), { ...relation('G0001'), city: 'Delft', email: null });
    assert.deepEqual(m.books.account.get('4550'), account('4550', 'Reiskosten'));
    assert.deepEqual(m.conflicts.map((x) => `${x.object} ${x.key} ${x.rules.join('|')}`).sort(), [
      'account 4550 both-changed',
      'relation G0001 both-changed',
    ]);
  });

  test('removed by the client, changed by the accountant: put back as the accountant left it', () => {
    const b = base();
    const a = cloneBooks(b);
    a.relation.set('000003', { ...relation('000003'), city: 'Zwolle' });
    const c = cloneBooks(b);
    c.relation.delete('000003');
    const m = expectedApply(b, a, c);
    assert.deepEqual(m.books.relation.get('000003'), { ...relation('000003'), city: 'Zwolle' });
    assert.deepEqual(m.conflicts, [{ object: 'relation', key: '000003', rules: ['removed-by-client'] }]);
  });

  test('a handed-out entry the client changed anyway: the accountant’s version wins, conflict locked-period-changed', () => {
    const b = base();
    const a = cloneBooks(b);
    a.entry.set('MEM/20260000001', { ...b.entry.get('MEM/20260000001')!, description: 'accountant' });
    const c = cloneBooks(b);
    c.entry.set('MEM/20260000001', { ...b.entry.get('MEM/20260000001')!, description: 'klant' });
    const m = expectedApply(b, a, c);
    assert.equal(m.books.entry.get('MEM/20260000001')!.description, 'accountant');
    assert.deepEqual(m.conflicts, [{ object: 'entry', key: 'MEM/20260000001', rules: ['locked-period-changed'] }]);
  });

  test('an entry number both used: the client’s stays, the accountant’s is renumbered', () => {
    const b = base();
    const a = cloneBooks(b);
    const mine = entry('MEM', '20260000003', '2026-06-01', 50);
    a.entry.set('MEM/20260000003', mine);
    const c = cloneBooks(b);
    const theirs = entry('MEM', '20260000003', '2026-10-01', 80);
    c.entry.set('MEM/20260000003', theirs);
    const m = expectedApply(b, a, c);
    assert.deepEqual(m.books.entry.get('MEM/20260000003'), theirs);
    assert.deepEqual(m.renumbered, [{ from: 'MEM/20260000003', entry: mine }]);
    assert.deepEqual(m.conflicts, [{ object: 'entry', key: 'MEM/20260000003', rules: ['number-taken'] }]);
  });

  test('what the accountant’s entry refers to and the client removed comes back as the accountant has it', () => {
    const b = base();
    const a = cloneBooks(b);
    a.entry.set('MEM/20260000003', entry('MEM', '20260000003', '2026-05-01', 500, '000003'));
    const c = cloneBooks(b);
    c.relation.delete('000003');
    const m = expectedApply(b, a, c);
    assert.deepEqual(m.books.relation.get('000003'), relation('000003'));
    assert.deepEqual(m.conflicts, [{ object: 'relation', key: '000003', rules: ['removed-by-client'] }]);
  });

  test('an entry’s document link is the client’s: kept where the apply writes the entry, none where it adds one', () => {
    const b = base();
    b.entry.set('MEM/20260000001', { ...b.entry.get('MEM/20260000001')!, document: 7 });
    const a = cloneBooks(b);
    // The accountant removed the entry and booked another under its number: not the scanned document's booking.
    a.entry.set('MEM/20260000001', { ...entry('MEM', '20260000001', '2026-03-01', 900), document: null });
    const c = cloneBooks(b);
    assert.equal(expectedApply(b, a, c).books.entry.get('MEM/20260000001')!.document, 7);
    c.entry.delete('MEM/20260000001');
    assert.equal(expectedApply(b, a, c).books.entry.get('MEM/20260000001')!.document, null);
  });

  test('a later package: an entry an earlier one renumbered is corrected and removed under its new number', () => {
    // After package 1: the accountant's MEM/20260000003 is the client's MEM/20260000004 (the client had booked 3).
    const b = base();
    const mine = entry('MEM', '20260000003', '2026-05-01', 500);
    b.entry.set('MEM/20260000003', mine);
    const c = cloneBooks(base());
    const theirs = entry('MEM', '20260000003', '2026-09-01', 70);
    c.entry.set('MEM/20260000003', theirs);
    c.entry.set('MEM/20260000004', { ...mine, number: '20260000004' });
    const renamed = new Map([['MEM/20260000003', 'MEM/20260000004']]);
    const a = cloneBooks(b);
    a.entry.set('MEM/20260000003', { ...mine, description: 'herzien' });
    const corrected = expectedApply(b, a, c, new Set(), renamed);
    assert.deepEqual(corrected.books.entry.get('MEM/20260000003'), theirs);
    assert.deepEqual(corrected.books.entry.get('MEM/20260000004'), {
      ...mine,
      number: '20260000004',
      description: 'herzien',
    });
    assert.deepEqual(corrected.conflicts, []);
    a.entry.delete('MEM/20260000003');
    const removed = expectedApply(b, a, c, new Set(), renamed);
    assert.deepEqual(removed.books.entry.get('MEM/20260000003'), theirs);
    assert.equal(removed.books.entry.has('MEM/20260000004'), false);
    // And the judge says so when an apply overwrites the client's own entry instead.
    const wrong = cloneBooks(c);
    wrong.entry.delete('MEM/20260000003');
    const problems = applyProblems(removed, c, wrong, { conflicts: [], balances: [] }, new Map(), '2026-06-30');
    assert.ok(
      problems.some((p) => p.startsWith("the client's own entry MEM/20260000003")),
      problems.join('\n'),
    );
  });

  test('the review is judged against the model: a missing, a wrong and an extra conflict are each named', () => {
    const b = base();
    const a = cloneBooks(b);
    a.relation.set('000003', { ...relation('000003'), city: 'Zwolle' });
    const c = cloneBooks(b);
    c.relation.set('000003', { ...relation('000003'), city: 'Delft' });
    const m = expectedApply(b, a, c);
    assert.deepEqual(conflictsDiff(m, [{ object: 'relation', key: '000003', rule: 'both-changed' }]), []);
    assert.equal(conflictsDiff(m, []).length, 1);
    assert.equal(conflictsDiff(m, [{ object: 'relation', key: '000003', rule: 'removed-by-client' }]).length, 1);
    assert.equal(
      conflictsDiff(m, [
        { object: 'relation', key: '000003', rule: 'both-changed' },
        { object: 'account', key: '9000', rule: 'both-changed' },
      ]).length,
      1,
    );
  });
});

describe('the edit generator', () => {
  const options = {
    until: '2026-06-30',
    documentRelations: new Set<string>(),
    spare: { accounts: new Set(['9000']), relations: new Set(['000003']) },
  };

  test('the same seed makes the same edits; every entry stays in balance; each side keeps to its side of the date', () => {
    for (const seed of ['1', '2', '3']) {
      const run = () => {
        const acc = new EditGenerator(seed, 'accountant', base(), { ...options, author: 'anna' });
        const cli = new EditGenerator(seed, 'client', base(), { ...options, author: 'jansen', bypassChance: 0.1 });
        const edits = Array.from({ length: 60 }, () => [acc.next(), cli.next()]).flat();
        return { acc, cli, edits };
      };
      const one = run();
      assert.deepEqual(run().edits, one.edits);
      for (const g of [one.acc, one.cli]) assert.deepEqual(unbalanced(g.books), []);
      // Whatever a side changed is on its side of the date, before and after (the client's bypassed edits aside).
      const b = base();
      const bypassed = new Set(one.edits.filter((e) => e.bypass).map((e) => e.key));
      for (const [side, g] of [
        ['accountant', one.acc],
        ['client', one.cli],
      ] as const)
        for (const key of new Set([...b.entry.keys(), ...g.books.entry.keys()])) {
          const was = b.entry.get(key);
          const now = g.books.entry.get(key);
          if (JSON.stringify(was) === JSON.stringify(now) || (side === 'client' && bypassed.has(key))) continue;
          for (const d of [was?.date, now?.date].filter((x): x is string => x !== undefined))
            assert.ok(side === 'accountant' ? d <= options.until : d > options.until, `${side} ${key} ${d}`);
        }
      // The accountant's entries refer to nothing the client may remove.
      for (const e of one.acc.books.entry.values()) {
        assert.ok(e.relation !== '000003');
        assert.ok(e.lines.every((l) => l.account !== '9000'));
      }
    }
  });
});
