/**
 * Restoring over an administration that is handed out to the accountant
 * (issue 22): the client was told to keep booking after the dividing date,
 * and a whole administration coming back — the accountant's hand-back, or
 * any older backup — replaces those bookings too. The confirmation says so;
 * without an outstanding hand-out it is the plain one. Found by trying it from outside: the question only
 * counted the transactions that would be lost.
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cancelHandOut, handOut, restoreBackup } from '../../src/core/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import { digestOf, makeClientAndOffice } from '../helpers/hand-out-fixture.js';

for (const kind of selectedEngines()) {
  describe(`restore over a handed-out administration, on ${kind}`, () => {
    let client: TestContext;
    let office: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-restore-handed-out-'));
    let file: string;

    const restore = (replace?: number) =>
      restoreBackup(client.ctx, {
        source: createReadStream(file),
        path: file,
        to: '3',
        ...(replace !== undefined ? { replace } : {}),
      });

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'rho');
      office = testContext(engine, 'rhf');
      await makeClientAndOffice(client.ctx, office.ctx, { number: 3, seed: 'restore-over', entries: 30 });
      const made = await handOut(client.ctx, {
        adm: '3',
        until: '2026-06-30',
        output: join(scratch, 'uitlevering.ebu'),
        madeBy: 'jansen',
      });
      file = made.location;
    });
    after(async () => {
      await client?.cleanup();
      await office?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('the confirmation says that what was booked since the hand-out is lost too', async () => {
      const before = await digestOf(client.ctx, '3');
      const err = await rejectsWithCode(restore(), 'CONFIRMATION_REQUIRED');
      assert.match(
        message(err, 'en'),
        /will be lost, also what you booked since the hand-out to the accountant up to 30 June 2026\) needs confirmation\./,
      );
      assert.match(
        message(err, 'nl'),
        /gaan verloren, ook wat u boekte sinds de uitlevering aan de accountant tot en met 30 juni 2026\) vraagt om bevestiging\./,
      );
      assert.deepEqual(await digestOf(client.ctx, '3'), before, 'nothing changed');
    });

    test('without an outstanding hand-out the question is the plain one', async () => {
      await cancelHandOut(client.ctx, { adm: '3', confirm: 3, by: 'jansen' });
      const err = await rejectsWithCode(restore(), 'CONFIRMATION_REQUIRED');
      assert.doesNotMatch(message(err, 'en'), /hand-out/);
      assert.match(
        message(err, 'en'),
        /^Restoring over administration 003 "Bakkerij Jansen" \(.* will be lost\) needs/,
      );
      const restored = await restore(3);
      assert.equal(restored.number, 3);
    });
  });
}
