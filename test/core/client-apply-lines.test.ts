/**
 * An entry's lines through an apply (issue 22): the accountant adds a line,
 * re-accounts one, removes one of two identical lines, renumbers one; the
 * client's entry ends up with exactly the accountant's lines, and the lines
 * the accountant did not touch are the same rows as before (an update
 * writes what changed, not every line of the entry again).
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyChanges, writeChanges } from '../../src/core/index.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import { asSide, handOutAndInstall, makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';

interface Line {
  id: string;
  line_no: number;
  account_code: string;
  debit: string;
  credit: string;
  description: string;
}

async function linesOf(t: TestContext, number: string): Promise<Line[]> {
  return withAdmin(t.ctx, '3', async (c) => {
    const r = await c.query<Line>(
      `select l.id::text, l.line_no, l.account_code, l.debit::text, l.credit::text, l.description
         from journal_lines l join journal_entries e on e.id = l.entry_id
        where e.entry_number = $1 order by l.line_no, l.id`,
      [number],
    );
    return r.rows;
  });
}

const picture = (lines: readonly Line[]) => lines.map(({ id: _, ...rest }) => rest);

/** An entry's insert, then its lines as (line_no, account, debit, credit). */
function entryWithLines(number: string, lines: ReadonlyArray<readonly [number, string, string, string]>): string[] {
  const id = `(select id from journal_entries where journal_code = 'MEM' and entry_number = '${number}')`;
  return [
    `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, created_by)
     values ('MEM', '${number}', '2026-03-20', 2026, 'Regels ${number}', 'jansen')`,
    `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ${lines
      .map(([no, account, debit, credit]) => `(${id}, ${no}, '${account}', ${debit}, ${credit})`)
      .join(', ')}`,
  ];
}

for (const kind of selectedEngines()) {
  describe(`an entry's lines through an apply on ${kind}`, () => {
    let client: TestContext;
    let accountant: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-apply-lines-'));
    let before5: Line[];
    let before6: Line[];
    let before7: Line[];

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'cli');
      accountant = testContext(engine, 'acc');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: 3, seed: 'lines', entries: 20 });
      await asSide(client.ctx, '3', 'jansen', [
        // two identical lines, one of which the accountant removes
        ...entryWithLines('L5', [
          [1, '4200', '10.00', '0'],
          [1, '4200', '10.00', '0'],
          [2, '1100', '0', '20.00'],
        ]),
        ...entryWithLines('L6', [
          [1, '4400', '75.00', '0'],
          [2, '1100', '0', '75.00'],
        ]),
        ...entryWithLines('L7', [
          [1, '4500', '30.00', '0'],
          [2, '1100', '0', '30.00'],
        ]),
      ]);
      [before5, before6, before7] = [
        await linesOf(client, 'L5'),
        await linesOf(client, 'L6'),
        await linesOf(client, 'L7'),
      ];
      await handOutAndInstall(client.ctx, accountant.ctx, { folder: scratch });
      const entry = (n: string) => `(select id from journal_entries where entry_number = '${n}')`;
      await asSide(accountant.ctx, '3', 'anna', [
        `delete from journal_lines where id = (select min(id) from journal_lines where entry_id = ${entry('L5')} and line_no = 1)`,
        `update journal_lines set credit = 10 where entry_id = ${entry('L5')} and line_no = 2`,
        `update journal_lines set account_code = '4500' where entry_id = ${entry('L6')} and line_no = 1`,
        `insert into journal_lines (entry_id, line_no, account_code, description, debit, credit) values
           (${entry('L7')}, 3, '4600', 'Herrubricering', 5, 0), (${entry('L7')}, 4, '4500', 'Herrubricering', 0, 5)`,
        `update journal_entries set description = 'Regels L7 (gecorrigeerd)' where entry_number = 'L7'`,
      ]);
      const made = await writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'regels.ebu') });
      await applyChanges(client.ctx, {
        source: createReadStream(made.location),
        path: made.location,
        to: '3',
        appliedBy: 'jansen',
      });
    });
    after(async () => {
      await client?.cleanup();
      await accountant?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    test("the client's entries hold exactly the accountant's lines", async () => {
      for (const n of ['L5', 'L6', 'L7']) {
        assert.deepEqual(picture(await linesOf(client, n)), picture(await linesOf(accountant, n)), n);
      }
    });

    test('lines the accountant did not touch are the same rows as before', async () => {
      const [after5, after6, after7] = [
        await linesOf(client, 'L5'),
        await linesOf(client, 'L6'),
        await linesOf(client, 'L7'),
      ];
      // L5: one of the two identical lines stays, the other goes; the credit line is rewritten.
      assert.equal(after5.length, 2);
      assert.ok(
        before5.slice(0, 2).some((l) => l.id === after5[0]!.id),
        'one of the identical lines is kept as it was',
      );
      assert.notEqual(after5[1]!.id, before5[2]!.id, 'the changed credit line is written anew');
      // L6: only the re-accounted line is written.
      assert.equal(after6[1]!.id, before6[1]!.id);
      assert.notEqual(after6[0]!.id, before6[0]!.id);
      // L7: its description changed and two lines were added; its own two lines stay.
      assert.deepEqual(
        after7.slice(0, 2).map((l) => l.id),
        before7.map((l) => l.id),
      );
      assert.equal(after7.length, 4);
    });
  });
}
