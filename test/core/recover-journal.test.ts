/**
 * Recover reads the journal's plans through their schemas: an interrupted
 * operation whose entry was damaged (changed outside kluis) is refused as
 * JOURNAL_ENTRY_DAMAGED before anything is done — no file named in it is
 * removed, no database dropped, the administration stays protected — and
 * once the entry is gone, as the hint says, recover tidies up as usual.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createAdministration, createBackup, issueDemoLicence, listRecovery, recover } from '../../src/core/index.js';
import { beginOperation, SystemDb } from '../../src/core/testing.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];

for (const kind of selectedEngines()) {
  describe(`recover and a damaged journal on ${kind}`, () => {
    let t: TestContext;
    before(async () => {
      t = testContext(await openTestEngine(kind), 'jrn');
    });
    after(async () => {
      await t.cleanup();
    });

    /** Journals an operation as its process would, then makes that process look dead (interrupted). */
    async function interruptedOperation(sys: SystemDb, start: () => Promise<{ id: string }>): Promise<string> {
      const { id } = await start();
      await sys.client.query('update operations set pid = 999999999 where id = $1', [id]);
      await sys.client.query('update locks set pid = 999999999 where operation_id = $1', [id]);
      return id;
    }

    async function journalRow(sys: SystemDb, id: string): Promise<unknown> {
      return (await sys.client.query('select status, phase, plan from operations where id = $1', [id])).rows[0];
    }

    test('a backup whose entry names a file that is no temporary file of kluis: refused, the file kept', async () => {
      await createAdministration(t.ctx, { name: 'Bewaard', number: 1, licence, users });
      const precious = join(t.ctx.home, 'precious.txt');
      writeFileSync(precious, 'not kluis’s to remove');
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        const id = await interruptedOperation(sys, () =>
          beginOperation(sys, 'backup', 1, { location: join(t.ctx.home, 'b.ebu'), partial: precious }),
        );
        const before = await journalRow(sys, id);
        const listed = await rejectsWithCode(listRecovery(t.ctx), 'JOURNAL_ENTRY_DAMAGED');
        const refused = await rejectsWithCode(recover(t.ctx), 'JOURNAL_ENTRY_DAMAGED');
        assert.equal(message(listed, 'en'), message(refused, 'en'));
        assert.equal(
          message(refused, 'en'),
          `The journal in system database "${t.ctx.systemDatabase}" is damaged: what the backup of administration 001 recorded (operation ${id}) cannot be read at plan.partial. kluis changed nothing.`,
        );
        assert.ok(existsSync(precious), 'the file the entry names is still there');
        assert.deepEqual(await journalRow(sys, id), before, 'the entry is as it was');
        // Still protected: nothing else may take the administration while its entry is unsettled.
        await rejectsWithCode(createBackup(t.ctx, { adm: '1', output: join(t.ctx.home, 'x.ebu') }), 'RECOVERY_NEEDED');

        // What the hint says: the entry deleted, recover tidies up and the administration is free again.
        await sys.client.query('delete from locks where operation_id = $1', [id]);
        await sys.client.query('delete from operations where id = $1', [id]);
        assert.deepEqual(await listRecovery(t.ctx), []);
        await createBackup(t.ctx, { adm: '1', output: join(t.ctx.home, 'after.ebu') });
      } finally {
        await sys.close();
      }
    });

    test('a restore whose entry lost a field recover needs: refused, naming the field; nothing is swapped or dropped', async () => {
      const kept = await createAdministration(t.ctx, { name: 'Blijft', number: 2, licence, users });
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        let staging = '';
        const id = await interruptedOperation(sys, async () => {
          const op = await beginOperation(sys, 'restore', 2, {
            number: 2,
            name: kept.name,
            databaseName: kept.databaseName,
            identity: kept.identity,
            overwrites: true,
          });
          staging = `${t.ctx.systemDatabase}_stage_${op.id.slice(0, 8)}`;
          await t.engine.createDatabase(staging);
          await op.phase('planned', { staging, tablespace: null });
          await op.phase('data-loaded');
          return op;
        });
        await sys.client.query(`update operations set plan = plan - 'identity' where id = $1`, [id]);
        const refused = await rejectsWithCode(recover(t.ctx), 'JOURNAL_ENTRY_DAMAGED');
        assert.match(message(refused, 'en'), /what the restore of administration 002 recorded .* at plan\.identity\./);
        assert.match(
          message(refused, 'nl'),
          /wat het terugzetten van administratie 002 vastlegde .* bij plan\.identity\./,
        );
        assert.equal(await t.engine.databaseState(staging), 'valid', 'the staging copy is not dropped');
        assert.equal(await t.engine.databaseState(kept.databaseName), 'valid');
        assert.equal((await sys.byNumber(2))?.identity, kept.identity);

        // The entry mended (as the kluis that wrote it would have it): recover settles the restore as usual.
        await sys.client.query(`update operations set plan = plan || $2::jsonb where id = $1`, [
          id,
          JSON.stringify({ identity: kept.identity }),
        ]);
        assert.deepEqual(
          (await recover(t.ctx)).done.map((i) => i.action),
          ['roll-back'],
        );
        assert.deepEqual(await listRecovery(t.ctx), []);
        assert.equal(await t.engine.databaseState(staging), 'missing');
        assert.equal((await sys.byNumber(2))?.identity, kept.identity);
      } finally {
        await sys.close();
      }
    });

    test("a delete whose entry names another administration's database: refused; nothing is dropped", async () => {
      const doomed = await createAdministration(t.ctx, { name: 'Weg', number: 3, licence, users });
      const innocent = await createAdministration(t.ctx, { name: 'Onschuldig', number: 4, licence, users });
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        const id = await interruptedOperation(sys, async () => {
          // The entry passes its schema: only the registry shows it names a database that is not 003's.
          const op = await beginOperation(sys, 'admin-delete', 3, {
            number: 3,
            name: doomed.name,
            database: innocent.databaseName,
          });
          await sys.setStatus(3, 'deleting');
          await op.phase('marked-deleting');
          return op;
        });
        const listed = await rejectsWithCode(listRecovery(t.ctx), 'JOURNAL_ENTRY_DAMAGED');
        const refused = await rejectsWithCode(recover(t.ctx), 'JOURNAL_ENTRY_DAMAGED');
        assert.equal(message(listed, 'en'), message(refused, 'en'));
        assert.match(message(refused, 'en'), /what the deletion of administration 003 recorded .* at plan\.database\./);
        assert.equal(await t.engine.databaseState(innocent.databaseName), 'valid', "004's database is not dropped");
        assert.equal(await t.engine.databaseState(doomed.databaseName), 'valid');
        assert.equal((await sys.byNumber(4))?.databaseName, innocent.databaseName);

        // The entry mended: recover finishes the delete of 003, and only 003.
        await sys.client.query(`update operations set plan = plan || $2::jsonb where id = $1`, [
          id,
          JSON.stringify({ database: doomed.databaseName }),
        ]);
        assert.deepEqual(
          (await recover(t.ctx)).done.map((i) => i.action),
          ['roll-forward'],
        );
        assert.equal(await t.engine.databaseState(doomed.databaseName), 'missing');
        assert.equal(await sys.byNumber(3), undefined);
        assert.equal(await t.engine.databaseState(innocent.databaseName), 'valid');
      } finally {
        await sys.close();
      }
    });
  });
}
