/**
 * The auditfile import's checks (src/core/exchange/import/checks.ts) alone:
 * keys, totals, balance and what kluis can hold, each with the fault it
 * reports (where and why, in both languages) and without a database.
 * test/core/xaf.test.ts proves the same faults end a real import.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AuditfileKeys,
  addLine,
  amountInCents,
  checkBalanced,
  checkLinePosition,
  checkPeriodDates,
  checkTotals,
  duplicateTransaction,
  type Fault,
  faultError,
  fiscalYearOrder,
  newTotals,
} from '../../../src/core/exchange/import/checks.js';
import { message } from '../../helpers/assertions.js';

describe('auditfile checks', () => {
  test('every key once: a second declaration is a fault at its line, naming the kind in both languages', () => {
    const keys = new AuditfileKeys();
    assert.equal(keys.declare('account', '1000', 10, 'ledgerAccount/accID'), undefined);
    assert.deepEqual(keys.declare('account', '1000', 12, 'ledgerAccount/accID'), {
      kind: 'check',
      line: 12,
      element: 'ledgerAccount/accID',
      reason: {
        nl: 'grootboekrekening 1000 staat twee keer in de auditfile',
        en: 'ledger account 1000 appears twice in the auditfile',
      },
    });
    assert.equal(keys.declare('period', 1, 20, 'period/periodNumber'), undefined);
    assert.equal(
      keys.declare('period', 1, 21, 'period/periodNumber')?.reason.en,
      'period 1 appears twice in the auditfile',
    );
    assert.equal(keys.declare('journal', 'M', 30, 'journal/jrnID'), undefined);
    assert.equal(
      keys.declare('journal', 'M', 31, 'journal/jrnID')?.reason.nl,
      'dagboek M staat twee keer in de auditfile',
    );
  });

  test('references name declared keys; an absent reference is no fault', () => {
    const keys = new AuditfileKeys();
    keys.declare('relation', 'R1', 1, 'customerSupplier/custSupID');
    keys.declare('vatCode', 'H', 2, 'vatCode/vatID');
    assert.equal(keys.refer('relation', 'R1', 5, 'trLine/custSupID'), undefined);
    assert.equal(keys.refer('relation', undefined, 5, 'trLine/custSupID'), undefined);
    assert.deepEqual(keys.refer('relation', 'R2', 5, 'trLine/custSupID')?.reason, {
      nl: 'relatie R2 staat niet bij de relaties van de auditfile',
      en: "relation R2 is not among the auditfile's relations",
    });
    assert.deepEqual(keys.refer('account', '9999', 6, 'trLine/accID')?.reason, {
      nl: 'grootboekrekening 9999 staat niet in het grootboek van de auditfile',
      en: "ledger account 9999 is not in the auditfile's general ledger",
    });
    assert.equal(
      keys.refer('vatCode', 'L', 7, 'trLine/vat/vatID')?.reason.en,
      "VAT code L is not among the auditfile's VAT codes",
    );
    assert.equal(
      keys.refer('period', 13, 8, 'transaction/periodNumber')?.reason.en,
      "period 13 is not among the auditfile's periods",
    );
    assert.equal(
      keys.refer('journal', 'X', 9, 'sbLine/jrnID')?.reason.nl,
      'dagboek X staat niet bij de dagboeken van de auditfile',
    );
  });

  test('relations get kluis ids in file order', () => {
    const keys = new AuditfileKeys();
    keys.declare('relation', 'B', 1, 'e');
    keys.declare('relation', 'A', 2, 'e');
    assert.equal(keys.relationId('B'), 1);
    assert.equal(keys.relationId('A'), 2);
    assert.equal(keys.relationId('C'), undefined);
  });

  test('totals: counted as the standard counts them; each stated total checked against the lines', () => {
    const t = newTotals(40);
    assert.equal(addLine(t, 1000n, 'D'), 'D');
    assert.equal(addLine(t, 1000n, 'C'), 'C');
    assert.equal(addLine(t, -250n, 'D'), 'C', 'a negative debit ends up as credit in kluis');
    assert.equal(addLine(t, -250n, 'C'), 'D');
    assert.deepEqual([t.lines, t.debit, t.credit], [4, 750n, 750n], 'the standard adds signed amounts by amntTp');
    assert.equal(
      checkTotals({ ...t, linesCount: '4', totalDebit: '7.50', totalCredit: '7.50' }, 'transactions'),
      undefined,
    );
    assert.equal(checkTotals(t, 'transactions'), undefined, 'a total the file does not state is not checked');
    assert.deepEqual(checkTotals({ ...t, linesCount: '5' }, 'transactions'), {
      kind: 'check',
      line: 40,
      element: 'transactions/linesCount',
      reason: { nl: 'linesCount zegt 5, er zijn 4 regels', en: 'linesCount says 5, there are 4 lines' },
    });
    assert.equal(
      checkTotals({ ...t, totalDebit: '7.51' }, 'openingBalance')?.reason.en,
      'totalDebit says 7.51, the lines add up to 7.50',
    );
    assert.equal(checkTotals({ ...t, totalCredit: '0' }, 'subledger')?.element, 'subledger/totalCredit');
  });

  test('a transaction balances or is a fault naming it, its journal and both sides', () => {
    assert.equal(checkBalanced({ nr: '7', line: 3, debit: 100n, credit: 100n }, 'M'), undefined);
    assert.deepEqual(checkBalanced({ nr: '7', line: 3, debit: 100n, credit: 99n }, 'M'), {
      kind: 'check',
      line: 3,
      element: 'transaction',
      reason: {
        nl: 'transactie 7 in dagboek M is niet in balans: debet 1.00, credit 0.99',
        en: 'transaction 7 in journal M does not balance: debit 1.00, credit 0.99',
      },
    });
  });

  test('what kluis cannot hold: amounts past numeric(18,2), more than 32767 lines in a transaction', () => {
    assert.equal(amountInCents('123.45', 1, 'trLine/amnt'), 12345n);
    assert.equal(amountInCents('-9999999999999999.99', 1, 'trLine/amnt'), -999999999999999999n);
    const big = amountInCents('10000000000000000.00', 9, 'trLine/amnt') as Fault;
    assert.equal(big.kind, 'beyond');
    assert.equal(
      big.reason.en,
      'the amount 10000000000000000.00 is larger than kluis keeps (16 digits before the point)',
    );
    assert.equal(checkLinePosition(32767, '1', 5), undefined);
    assert.equal(checkLinePosition(32768, '1', 5)?.reason.en, 'transaction 1 has more than 32767 lines');
  });

  test('a period does not end before it starts', () => {
    assert.equal(checkPeriodDates(1, '2024-01-01', '2024-01-01', 4), undefined);
    assert.equal(checkPeriodDates(2, '2024-02-01', '2024-01-31', 4)?.reason.nl, 'periode 2 eindigt vóór ze begint');
  });

  test("the database's verdicts that are the file's fault, and only those", () => {
    const dup = duplicateTransaction({
      code: '23505',
      constraint: 'journal_entries_number_key',
      detail: 'Key (journal_code, entry_number)=(M, 12) already exists.',
    });
    assert.equal(dup?.reason.en, 'transaction 12 appears twice in journal M');
    assert.equal(duplicateTransaction({ code: '23505', constraint: 'other_key' }), undefined);
    assert.equal(duplicateTransaction(new Error('connection lost')), undefined);
    assert.equal(fiscalYearOrder({ code: '23514' }, 2)?.element, 'header');
    assert.equal(fiscalYearOrder({ code: '23505' }, 2), undefined);
  });

  test('a fault becomes the coded error naming the file, in both languages', () => {
    const keys = new AuditfileKeys();
    keys.declare('account', '1000', 1, 'ledgerAccount/accID');
    const err = faultError('/tmp/jaar.xaf', keys.declare('account', '1000', 2, 'ledgerAccount/accID')!);
    assert.equal(err.code, 'XAF_CHECK_FAILED');
    assert.equal(
      message(err, 'en'),
      'Auditfile "/tmp/jaar.xaf" does not add up at ledgerAccount/accID (line 2): ledger account 1000 appears twice in the auditfile.',
    );
    assert.equal(faultError('/tmp/jaar.xaf', checkLinePosition(40000, '1', 3)!).code, 'XAF_BEYOND_KLUIS');
  });
});
