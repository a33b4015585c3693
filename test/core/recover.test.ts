/**
 * Recover's repairs of what the registry and the server disagree about: a
 * registration whose database is gone, a database that is an administration
 * but is not registered ("not correctly attached"), and temporary databases
 * nobody owns. Recover is offered only when there is such work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAdministration, issueDemoLicence, listAdministrations, listRecovery, recover, showAdministration, SystemDb } from '../../src/core/index.js';
import { openTestEngine, selectedEngines, testContext, type TestContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [{ userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' }];

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
      assert.match(plan.find((i) => i.action === 'attach-database')!.description.en, /is not correctly attached; register it as administration 003/);
      await recover(t.ctx);
      assert.deepEqual(await listRecovery(t.ctx), []);
      assert.deepEqual((await listAdministrations(t.ctx)).map((a) => `${a.number} ${a.name}`), ['001 Gewoon', '003 Los']);
      assert.equal((await showAdministration(t.ctx, '3')).identity, loose.identity, 'attached with its own identity');
      assert.equal(await t.engine.databaseExists(`${t.ctx.systemDatabase}_stage_0badc0de`), false);
    });
  });
}
