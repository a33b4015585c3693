/**
 * A copy of handed-out books (issue 22) is a new administration with its own
 * identity: the hand-out, and what the accountant's installed copy tracks,
 * stay with the original. Found by trying it from outside: `kluis admin copy
 * 002 --to "Bakkerij (oefen)"` made a practice copy that refused bookings up
 * to the dividing date for a hand-out no change package could ever answer,
 * and a copy of the accountant's copy went on tracking changes no client
 * could apply. Both ways a copy is made: the server's template copy and the
 * streamed one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyAdministration, handOutStatus, writeChanges } from '../../src/core/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import { asSide, entrySql, handOutAndInstall, makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';

for (const kind of selectedEngines()) {
  describe(`a copy of handed-out books, on ${kind}`, () => {
    let client: TestContext;
    let office: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-copy-handed-out-'));

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'cpc');
      office = testContext(engine, 'cpa');
      await makeClientAndOffice(client.ctx, office.ctx, { number: 3, seed: 'copy', entries: 30 });
      await handOutAndInstall(client.ctx, office.ctx, { folder: scratch });
      await asSide(office.ctx, '3', 'anna', [`update relations set city = 'Zwolle' where id = 1`]);
    });
    after(async () => {
      await client?.cleanup();
      await office?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    for (const streamed of [false, true]) {
      const how = streamed ? 'streamed' : 'template';
      test(`the client's books copied (${how}): the copy books freely, the original stays handed out`, async () => {
        const copy = await copyAdministration(client.ctx, { adm: '3', to: `Oefen ${how}`, streamed });
        assert.equal(copy.method, streamed ? 'stream' : 'template');
        assert.equal(await handOutStatus(client.ctx, String(copy.number)), undefined);
        await asSide(client.ctx, String(copy.number), 'jansen', [
          ...entrySql('MEM', `O-${how}`, '2026-03-01', 'Oefenboeking', '10.00', '4600', '1100', 'jansen'),
        ]);
        assert.equal((await handOutStatus(client.ctx, '3'))?.status, 'outstanding');
      });

      test(`the accountant's copy copied (${how}): nothing tracked, no package to make`, async () => {
        const copy = await copyAdministration(office.ctx, { adm: '3', to: `Proef ${how}`, streamed });
        const adm = String(copy.number);
        assert.equal(await handOutStatus(office.ctx, adm), undefined);
        await asSide(office.ctx, adm, 'anna', [`update relations set city = 'Assen' where id = 2`]);
        const tracked = await withAdmin(office.ctx, adm, async (c) => ({
          base: (await c.query('select 1 from change_base')).rowCount,
          log: (await c.query('select 1 from change_log')).rowCount,
        }));
        assert.deepEqual(tracked, { base: 0, log: 0 });
        await rejectsWithCode(
          writeChanges(office.ctx, { adm, output: join(scratch, `${how}.ebu`) }),
          'CHANGES_NO_HAND_OUT',
        );
        // The original goes on as it was: received, tracked.
        assert.equal((await handOutStatus(office.ctx, '3'))?.side, 'accountant');
        const pkg = await writeChanges(office.ctx, { adm: '3', output: join(scratch, `origineel-${how}.ebu`) });
        assert.equal(pkg.counts.relations.changed, 1);
      });
    }
  });
}
