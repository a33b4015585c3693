/**
 * An accountant books corrections in a journal of their own (issue 22):
 * journals are not tracked objects, so the change package carries the
 * journal of every changed entry as a reference, and the apply adds one the
 * client does not have — listed in the review as added, no conflict, the
 * accountant in the audit log. Found by trying it from outside: the apply
 * of such a package stopped with "something went wrong inside kluis" (the
 * entries' foreign key to journals).
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyChanges, type ChangesResult, writeChanges } from '../../src/core/index.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import {
  asSide,
  digestOf,
  entrySql,
  handOutAndInstall,
  makeClientAndOffice,
  withAdmin,
} from '../helpers/hand-out-fixture.js';

for (const kind of selectedEngines()) {
  describe(`a journal of the accountant's own, on ${kind}`, () => {
    let client: TestContext;
    let accountant: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-apply-journal-'));
    let pkg: ChangesResult;

    const apply = (dryRun: boolean) =>
      applyChanges(client.ctx, {
        source: createReadStream(pkg.location),
        path: pkg.location,
        to: '3',
        dryRun,
        appliedBy: 'jansen',
      });

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'cjn');
      accountant = testContext(engine, 'ajn');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: 3, seed: 'journal', entries: 60 });
      await handOutAndInstall(client.ctx, accountant.ctx, { folder: scratch });
      await asSide(accountant.ctx, '3', 'anna', [
        `insert into journals (code, name, type) values ('COR', 'Correcties accountant', 'general')`,
        ...entrySql('COR', '2026-001', '2026-06-30', 'Afschrijving eerste halfjaar', '250.00', '4600', '1100', 'anna'),
        // An entry in a journal the client has too: that journal is no change.
        ...entrySql('MEM', 'A1', '2026-05-01', 'Herrubricering', '10.00', '4500', '1100', 'anna'),
      ]);
      pkg = await writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'pakket.ebu') });
    });
    after(async () => {
      await client?.cleanup();
      await accountant?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('the dry run reviews the journal as added and changes nothing', async () => {
      const before = await digestOf(client.ctx, '3');
      const r = await apply(true);
      assert.deepEqual(r.review.journals, [
        { key: 'COR', name: 'Correcties accountant', op: 'added', fields: [], outcome: 'applied', rule: null },
      ]);
      assert.deepEqual(r.review.conflicts, []);
      assert.deepEqual(await digestOf(client.ctx, '3'), before);
    });

    test("the apply adds the journal with the accountant's entry in it, and says who", async () => {
      const r = await apply(false);
      assert.equal(r.review.journals.length, 1);
      const books = await withAdmin(client.ctx, '3', async (c) => ({
        journals: (await c.query(`select code, name, type from journals where code in ('COR', 'MEM') order by code`))
          .rows,
        entry: (
          await c.query(
            `select e.description, sum(l.debit)::text as debit from journal_entries e join journal_lines l on l.entry_id = e.id
              where e.journal_code = 'COR' and e.entry_number = '2026-001' group by e.description`,
          )
        ).rows,
        audit: (
          await c.query(
            `select user_name, details->>'op' as op from audit_log where action = 'change.applied' and object = 'journal COR'`,
          )
        ).rows,
      }));
      assert.deepEqual(books.journals, [
        { code: 'COR', name: 'Correcties accountant', type: 'general' },
        { code: 'MEM', name: 'Memoriaal', type: 'general' },
      ]);
      assert.deepEqual(books.entry, [{ description: 'Afschrijving eerste halfjaar', debit: '250.00' }]);
      assert.deepEqual(books.audit, [{ user_name: 'Accountants De Vries B.V.', op: 'insert' }]);
    });
  });
}
