/**
 * The apply's review as tables (wizard/review.ts), which the web wizard, the
 * terminal wizard and `kluis client apply` all show, and those tables as
 * text (cli/table-text.ts): every group of the review has its table — the
 * journals the accountant's entries bring too — amounts to the right, in
 * the person's language.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableLines } from '../../../src/cli/table-text.js';
import type { ChangeReview } from '../../../src/core/index.js';
import { t as translate } from '../../../src/wizard/index.js';
import { reviewTables } from '../../../src/wizard/review.js';

const review: ChangeReview = {
  periods: [
    {
      fiscalYear: 2026,
      period: 5,
      added: [
        {
          key: 'MEM/A1',
          journal: 'MEM',
          number: 'A1',
          newNumber: null,
          date: '2026-05-01',
          description: 'Afschrijving',
          amount: '1250.5',
          lines: 2,
          op: 'added',
          outcome: 'applied',
          rule: null,
        },
      ],
      changed: [],
      removed: [],
    },
  ],
  journals: [{ key: 'ACC', name: 'Accountant', op: 'added', fields: [], outcome: 'applied', rule: null }],
  accounts: [],
  relations: [],
  vatCodes: [],
  fiscalYears: [],
  periodClosings: [],
  balances: [{ account: '4900', name: 'Afschrijvingen', before: '0', after: '1250.5' }],
  conflicts: [],
};

test("every group of the review has its table, the journals the accountant's entries bring among them", () => {
  const captions = reviewTables(review).map((tb) => tb.caption.nl);
  assert.deepEqual(captions, ['Boekjaar 2026, periode 5', 'Dagboeken', 'Saldo per rekening (debet − credit)']);
});

test('as text: the caption, the columns aligned, amounts to the right, in Dutch and in English', () => {
  const [entries, journals, balances] = reviewTables(review);
  const nl = (tb: typeof entries) => tableLines(tb!, 'nl', (v) => (typeof v === 'string' ? v : translate(v, 'nl')));
  assert.deepEqual(nl(journals), [
    'Dagboeken:',
    '  Wijziging   Code  Naam        Velden',
    '  toegevoegd  ACC   Accountant  -',
  ]);
  const lines = nl(balances);
  assert.equal(lines[2], '  4900      Afschrijvingen    0,00  1.250,50');
  assert.match(nl(entries).join('\n'), /1 mei 2026/);
  const en = tableLines(balances!, 'en', (v) => (typeof v === 'string' ? v : translate(v, 'en')));
  assert.equal(en[0], 'Balance per account (debit − credit):');
  assert.match(en[2]!, /1,250\.50$/);
});

test('at most so many rows, and how many more there are', () => {
  const many = {
    ...reviewTables(review)[1]!,
    rows: Array.from({ length: 12 }, () => reviewTables(review)[1]!.rows[0]!),
  };
  const lines = tableLines(many, 'nl', (v) => (typeof v === 'string' ? v : translate(v, 'nl')), 10);
  assert.equal(lines.length, 2 + 10 + 1);
  assert.equal(lines.at(-1), '  … en nog 2');
});
