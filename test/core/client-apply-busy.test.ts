/**
 * The apply waits for a booking under way in the client's books (a
 * bookkeeping application's open transaction) and, when it does not finish
 * in time, is refused in words (CHANGES_BOOKS_BUSY, naming who holds the
 * books), with nothing applied and nothing left for recover. Found by trying
 * it from outside: after its 60 seconds the apply said "something went wrong
 * inside kluis: error (55P03)".
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyChanges, type ChangesResult, listRecovery, writeChanges } from '../../src/core/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import { asSide, handOutAndInstall, makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';

for (const kind of selectedEngines()) {
  describe(`the apply meets a booking under way, on ${kind}`, () => {
    let client: TestContext;
    let accountant: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-apply-busy-'));
    let pkg: ChangesResult;

    const apply = (lockTimeoutSeconds?: number) =>
      applyChanges(client.ctx, {
        source: createReadStream(pkg.location),
        path: pkg.location,
        to: '3',
        appliedBy: 'jansen',
        ...(lockTimeoutSeconds ? { lockTimeoutSeconds } : {}),
      });

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'cbz');
      accountant = testContext(engine, 'abz');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: 3, seed: 'busy', entries: 30 });
      await handOutAndInstall(client.ctx, accountant.ctx, { folder: scratch });
      await asSide(accountant.ctx, '3', 'anna', [`update relations set city = 'Zwolle' where id = 1`]);
      pkg = await writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'pakket.ebu') });
    });
    after(async () => {
      await client?.cleanup();
      await accountant?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('refused in words while the booking stays open; applied once it is done', async () => {
      await withAdmin(client.ctx, '3', async (booking) => {
        await booking.query(`set application_name = 'boekhouding'`);
        await booking.query('begin');
        await booking.query(`update relations set email = 'info@klant.nl' where id = 2`);
        try {
          const err = await rejectsWithCode(apply(1), 'CHANGES_BOOKS_BUSY');
          assert.match(
            message(err, 'en'),
            /^The books of administration 003 did not come free within 1 seconds: another connection \([^)]*\/boekhouding\) is changing them; nothing was applied\.$/,
          );
          assert.match(message(err, 'nl'), /kwamen niet binnen 1 seconden vrij: .*er is niets verwerkt\.$/);
          assert.deepEqual(await listRecovery(client.ctx), [], 'nothing left for recover');
        } finally {
          await booking.query('commit');
        }
      });
      const applied = await apply();
      assert.deepEqual(
        applied.review.relations.map((r) => r.key),
        ['000001'],
      );
      const cities = await withAdmin(client.ctx, '3', (c) =>
        c.query(`select id, city, email from relations where id in (1, 2) order by id`),
      );
      assert.equal(cities.rows[0].city, 'Zwolle');
      assert.equal(cities.rows[1].email, 'info@klant.nl', 'the booking that held the books is kept');
    });
  });
}
