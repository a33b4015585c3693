/**
 * Recover's repairs of what the registry and the server disagree about: a
 * registration whose database is gone, a database that is an administration
 * but is not registered ("not correctly attached"), and temporary databases
 * nobody owns. Recover is offered only when there is such work.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createAdministration,
  createBackup,
  issueDemoLicence,
  listAdministrations,
  listRecovery,
  recover,
  restoreBackup,
  showAdministration,
} from '../../src/core/index.js';
import { beginOperation, SystemDb } from '../../src/core/testing.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { markInvalid, openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];

for (const kind of selectedEngines()) {
  describe(`recover repairs on ${kind}`, () => {
    let t: TestContext;
    before(async () => {
      t = testContext(await openTestEngine(kind), 'rep');
    });
    after(async () => {
      await t.cleanup();
    });

    test('nothing to recover means nothing is offered', async () => {
      await createAdministration(t.ctx, { name: 'Gewoon', number: 1, licence, users });
      assert.deepEqual(await listRecovery(t.ctx), []);
      assert.deepEqual((await recover(t.ctx)).done, []);
    });

    test('a registration whose database is missing is removed; an unregistered administration database is attached; leftovers are dropped', async () => {
      const gone = await createAdministration(t.ctx, { name: 'Verdwenen', number: 2, licence, users });
      await t.engine.dropDatabase(gone.databaseName, { force: true });
      const loose = await createAdministration(t.ctx, { name: 'Los', number: 3, licence, users });
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        await sys.remove(3);
      } finally {
        await sys.close();
      }
      await t.engine.createDatabase(`${t.ctx.systemDatabase}_stage_0badc0de`);
      const plan = await listRecovery(t.ctx);
      assert.deepEqual(plan.map((i) => i.action).sort(), ['attach-database', 'drop-leftover', 'remove-registry-entry']);
      assert.match(
        plan.find((i) => i.action === 'attach-database')!.description.en,
        /is not correctly attached; register it as administration 003/,
      );
      await recover(t.ctx);
      assert.deepEqual(await listRecovery(t.ctx), []);
      assert.deepEqual(
        (await listAdministrations(t.ctx)).map((a) => `${a.number} ${a.name}`),
        ['001 Gewoon', '003 Los'],
      );
      assert.equal((await showAdministration(t.ctx, '3')).identity, loose.identity, 'attached with its own identity');
      assert.equal(await t.engine.databaseExists(`${t.ctx.systemDatabase}_stage_0badc0de`), false);
    });

    test('databases left half dropped (the server died inside DROP DATABASE) are dropped, never attached or swapped in', async () => {
      const half = await createAdministration(t.ctx, { name: 'Half weg', number: 4, licence, users });
      await markInvalid(t.engine, half.databaseName);
      const stray = `${t.ctx.systemDatabase}_adm_005`;
      await t.engine.createDatabase(stray);
      await markInvalid(t.engine, stray);
      const leftover = `${t.ctx.systemDatabase}_old_0badf00d`;
      await t.engine.createDatabase(leftover);
      await markInvalid(t.engine, leftover);
      const plan = await listRecovery(t.ctx);
      assert.deepEqual(
        plan.map((i) => `${i.action} ${i.database}`).sort(),
        [`drop-half-deleted ${half.databaseName}`, `drop-leftover ${leftover}`, `drop-leftover ${stray}`].sort(),
      );
      assert.match(
        plan.find((i) => i.action === 'drop-half-deleted')!.description.en,
        /^the database of 004 "Half weg" was left half dropped/,
      );
      await recover(t.ctx);
      assert.deepEqual(await listRecovery(t.ctx), []);
      assert.deepEqual(
        (await listAdministrations(t.ctx)).map((a) => a.number),
        ['001', '003'],
      );
      for (const db of [half.databaseName, stray, leftover])
        assert.equal(await t.engine.databaseState(db), 'missing', db);
    });

    test('an operation at work is left alone: its new registration without a database is not "repaired"', async () => {
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        // What a restore into a new number looks like until its swap: journaled, registered as creating, no database yet.
        const op = await beginOperation(sys, 'restore', 9, {
          number: 9,
          name: 'Onderweg',
          databaseName: `${t.ctx.systemDatabase}_adm_009`,
          identity: '00000000-0000-4000-8000-000000000009',
          overwrites: false,
        });
        await sys.insert({
          number: 9,
          name: 'Onderweg',
          databaseName: `${t.ctx.systemDatabase}_adm_009`,
          identity: '00000000-0000-4000-8000-000000000009',
          directory: null,
          tablespace: null,
          status: 'creating',
        });
        await t.engine.createDatabase(`${t.ctx.systemDatabase}_stage_${op.id.slice(0, 8)}`);
        assert.deepEqual(await listRecovery(t.ctx), []);
        assert.deepEqual((await recover(t.ctx)).done, []);
        assert.ok(await sys.byNumber(9), 'the registration stays');
        await t.engine.dropDatabase(`${t.ctx.systemDatabase}_stage_${op.id.slice(0, 8)}`);
        await sys.remove(9);
        await op.finish();
      } finally {
        await sys.close();
      }
    });

    test('a restore into a number whose database exists unregistered leaves that database alone', async () => {
      const stray = `${t.ctx.systemDatabase}_adm_012`;
      await t.engine.createDatabase(stray);
      const file = join(t.ctx.home, 'gewoon.ebu');
      await createBackup(t.ctx, { adm: '1', output: file });
      await rejectsWithCode(
        restoreBackup(t.ctx, { source: createReadStream(file), path: file, to: '12' }),
        'DATABASE_EXISTS',
      );
      assert.equal(await t.engine.databaseState(stray), 'valid', 'the database is still there');
      assert.ok(!(await listAdministrations(t.ctx)).some((a) => a.number === '012'), 'nothing registered');
      assert.deepEqual(
        (await listRecovery(t.ctx)).map((i) => i.action),
        ['attach-database'],
      );
      await t.engine.dropDatabase(stray);
    });

    test('two recovers at once: one does the work, the other then finds none', async () => {
      const gone = await createAdministration(t.ctx, { name: 'Weer weg', number: 8, licence, users });
      await t.engine.dropDatabase(gone.databaseName, { force: true });
      const [a, b] = await Promise.all([recover(t.ctx), recover(t.ctx)]);
      assert.deepEqual([a.done.length, b.done.length].sort(), [0, 1]);
      assert.deepEqual(await listRecovery(t.ctx), []);
    });

    for (const phase of ['checked', 'swapped']) {
      test(`a restore journaled at "${phase}" whose staging copy was half dropped is undone, the administration kept`, async () => {
        const kept = await createAdministration(t.ctx, {
          name: `Blijft ${phase}`,
          number: phase === 'checked' ? 6 : 7,
          licence,
          users,
        });
        const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
        let staging: string;
        try {
          // A restore into it that died while dropping its staging copy (as an older kluis could).
          const op = await beginOperation(sys, 'restore', kept.number, {
            number: kept.number,
            name: kept.name,
            databaseName: kept.databaseName,
            identity: kept.identity,
            overwrites: true,
          });
          staging = `${t.ctx.systemDatabase}_stage_${op.id.slice(0, 8)}`;
          await t.engine.createDatabase(staging);
          await op.phase(phase);
          await markInvalid(t.engine, staging);
          await sys.client.query(`update operations set pid = 999999999 where id = $1`, [op.id]);
          await sys.client.query(`update locks set pid = 999999999 where operation_id = $1`, [op.id]);
        } finally {
          await sys.close();
        }
        const plan = await listRecovery(t.ctx);
        assert.deepEqual(
          plan.map((i) => i.action),
          ['roll-back'],
        );
        await recover(t.ctx);
        assert.deepEqual(await listRecovery(t.ctx), []);
        assert.equal(await t.engine.databaseState(staging), 'missing');
        assert.equal(await t.engine.databaseState(kept.databaseName), 'valid');
        assert.equal((await showAdministration(t.ctx, String(kept.number))).identity, kept.identity);
      });
    }
  });
}
