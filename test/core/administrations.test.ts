/**
 * Administrations: create, list, show, delete, and every kind of bad input
 * giving a clear error and changing nothing (registry and databases).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createAdministration,
  deleteAdministration,
  issueDemoLicence,
  listAdministrations,
  listRecovery,
  recover,
  showAdministration,
} from '../../src/core/index.js';
import {
  AdminDb,
  beginOperation,
  type CreateAdministrationInput,
  SystemDb,
  verifyPassword,
} from '../../src/core/testing.js';
import type { ErrorCode } from '../../src/errors/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Kantoor B.V.', registeredUser: 'eva', articles: ['Base'], maxUsers: 3 });
const input = (name: string, extra: Partial<CreateAdministrationInput> = {}): CreateAdministrationInput => ({
  name,
  licence,
  users: [{ userName: 'eva', fullName: 'Eva de Boer', role: 'administrator', password: 'een-goed-wachtwoord' }],
  ...extra,
});

for (const kind of selectedEngines()) {
  describe(`administrations on ${kind}`, () => {
    let t: TestContext;

    /** The registry and the server's databases, to show that a refused operation changed nothing. */
    const state = async () => {
      const admins = await listAdministrations(t.ctx);
      const dbs = (await t.engine.listDatabases()).filter((d) => d.startsWith(t.ctx.systemDatabase));
      return { admins: admins.map((a) => `${a.number}:${a.name}:${a.status}`), dbs };
    };
    const refused = async (promise: () => Promise<unknown>, code: ErrorCode) => {
      const before = await state();
      const err = await rejectsWithCode(promise, code);
      assert.deepEqual(await state(), before, `${code} must change nothing`);
      return err;
    };

    before(async () => {
      t = testContext(await openTestEngine(kind), 'adm');
    });
    after(async () => {
      await t.cleanup();
    });

    test('create gives the next free number, its own database, licence and first user', async () => {
      const a = await createAdministration(t.ctx, input('Garage Smit'));
      assert.equal(a.number, 1);
      assert.equal(a.status, 'ready');
      assert.equal(a.databaseName, `${t.ctx.systemDatabase}_adm_001`);
      assert.match(a.identity, /^[0-9a-f-]{36}$/);
      const d = await showAdministration(t.ctx, '1');
      assert.equal(d.name, 'Garage Smit');
      assert.equal(d.licence?.holder, 'Kantoor B.V.');
      assert.equal(d.licence?.state, 'demo');
      assert.deepEqual(
        d.users.map((u) => u.userName),
        ['eva'],
      );
      assert.deepEqual(d.counts, { transactions: 0, documents: 0 });
      const db = await AdminDb.open(t.engine, a.databaseName);
      try {
        const [user] = await db.users();
        assert.ok(await verifyPassword('een-goed-wachtwoord', user!.passwordHash));
        assert.equal((await db.settings()).identity, a.identity);
        const accounts = await db.client.query('select count(*)::int as n from accounts');
        assert.ok(accounts.rows[0].n > 10);
      } finally {
        await db.close();
      }
    });

    test('an explicit number, and names with quotes and accents are data, not SQL', async () => {
      const name = `Café "De Ster" ';drop table users;--`;
      const a = await createAdministration(t.ctx, input(name, { number: '042' }));
      assert.equal(a.number, 42);
      assert.equal((await showAdministration(t.ctx, name)).number, '042');
      assert.equal(
        (await showAdministration(t.ctx, name.toUpperCase())).number,
        '042',
        'names match case-insensitively',
      );
      assert.equal((await showAdministration(t.ctx, '42')).name, name);
    });

    test('list shows every administration in number order', async () => {
      const list = await listAdministrations(t.ctx);
      assert.deepEqual(
        list.map((a) => a.number),
        ['001', '042'],
      );
    });

    test('listing the administrations, and asking whether there is anything to recover, connect to the system database once', async () => {
      // Every command opens the system database: it connects first, and asks the server's catalogue only when it is missing.
      const engine = t.ctx.engine;
      const connected: string[] = [];
      const connect = engine.connect.bind(engine);
      engine.connect = (database, options) => {
        connected.push(database);
        return connect(database, options);
      };
      try {
        await listAdministrations(t.ctx);
        assert.deepEqual(connected, [t.ctx.systemDatabase], 'admin list');
        connected.length = 0;
        await listRecovery(t.ctx);
        assert.deepEqual(
          connected.slice(0, 1),
          [t.ctx.systemDatabase],
          'recover --list opens the system database first',
        );
        assert.equal(connected.filter((d) => d === t.ctx.systemDatabase).length, 1, 'and once');
      } finally {
        engine.connect = connect;
      }
    });

    test('bad numbers are refused and change nothing', async () => {
      for (const number of ['0', '000', '1000', '-1', '1.5', 'abc', '', ' 7a']) {
        await refused(
          () => createAdministration(t.ctx, input(`Nummer [${number}]`, { number })),
          'ADMIN_NUMBER_INVALID',
        );
      }
      const err = await refused(
        () => createAdministration(t.ctx, input('X', { number: '1000' })),
        'ADMIN_NUMBER_INVALID',
      );
      assert.equal(message(err, 'en'), 'Administration number "1000" is invalid: use a number from 001 to 999.');
      assert.equal(
        message(err, 'nl'),
        'Administratienummer "1000" is ongeldig: gebruik een getal van 001 tot en met 999.',
      );
    });

    test('bad names are refused and change nothing', async () => {
      const cases: Array<[string, RegExp]> = [
        ['', /empty/],
        [' Voorloop', /space/],
        ['x'.repeat(61), /longer than 60/],
        ['Regel\nbreuk', /control/],
        ['123', /only digits/],
      ];
      for (const [name, reason] of cases) {
        const err = await refused(() => createAdministration(t.ctx, input(name)), 'ADMIN_NAME_INVALID');
        assert.match(message(err, 'en'), reason);
      }
      // Exactly 60 characters (counted as characters, not bytes) is fine.
      const sixty = 'é'.repeat(60);
      assert.equal((await createAdministration(t.ctx, input(sixty))).name, sixty);
      await deleteAdministration(
        t.ctx,
        sixty,
        (await showAdministration(t.ctx, sixty)).number === '002'
          ? 2
          : Number((await showAdministration(t.ctx, sixty)).number),
      );
    });

    test('a duplicate number or name is refused and changes nothing', async () => {
      const err = await refused(() => createAdministration(t.ctx, input('Ander', { number: 1 })), 'ADMIN_NUMBER_TAKEN');
      assert.equal(message(err, 'en'), 'Administration number 001 is already used by "Garage Smit".');
      await refused(() => createAdministration(t.ctx, input('garage SMIT')), 'ADMIN_NAME_TAKEN');
    });

    test('a licence that does not verify, or whose registered user is missing, is refused', async () => {
      const forged = { ...licence, licence: { ...licence.licence, maxUsers: 99 } };
      await refused(
        () => createAdministration(t.ctx, input('Vervalst', { licence: forged })),
        'LICENCE_SIGNATURE_INVALID',
      );
      await refused(
        () =>
          createAdministration(
            t.ctx,
            input('Zonder eva', {
              users: [{ userName: 'piet', fullName: 'Piet', role: 'administrator', password: 'een-goed-wachtwoord' }],
            }),
          ),
        'USAGE_BAD_ARGUMENTS',
      );
      const many = ['eva', 'a', 'b', 'c'].map((u) => ({
        userName: u,
        fullName: u,
        role: 'bookkeeper' as const,
        password: 'een-goed-wachtwoord',
      }));
      await refused(() => createAdministration(t.ctx, input('Te veel', { users: many })), 'LICENCE_MAX_USERS');
      await refused(
        () =>
          createAdministration(
            t.ctx,
            input('Rare gebruiker', {
              users: [{ userName: 'Eva!', fullName: '', role: 'administrator', password: 'een-goed-wachtwoord' }],
            }),
          ),
        'USER_NAME_INVALID',
      );
    });

    test('two creates racing for the same number: one wins, the other is refused cleanly', async () => {
      const results = await Promise.allSettled([
        createAdministration(t.ctx, input('Race A', { number: 7 })),
        createAdministration(t.ctx, input('Race B', { number: 7 })),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(ok.length, 1);
      assert.ok(['ADMIN_NUMBER_TAKEN', 'ADMIN_IN_USE'].includes(failed[0]!.reason.code), failed[0]!.reason.message);
      assert.ok(await t.engine.databaseExists(`${t.ctx.systemDatabase}_adm_007`));
      assert.equal((await listAdministrations(t.ctx)).filter((a) => a.number === '007').length, 1);
    });

    test('an administration held by a running operation is "in use by …"; after a dead holder it needs recover', async () => {
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        const op = await beginOperation(sys, 'test-hold', 7, {});
        const err = await refused(() => deleteAdministration(t.ctx, '7', 7), 'ADMIN_IN_USE');
        // Who holds it, in words and in the reader's language: never a pid "on" a host "since" an ISO timestamp in Dutch.
        assert.match(
          message(err, 'en'),
          /^Administration 007 is in use by test-hold \(process \d+ on .+, since \d{1,2} [A-Z][a-z]+ \d{4} \d\d:\d\d\)\.$/,
        );
        assert.match(
          message(err, 'nl'),
          /^Administratie 007 is in gebruik door test-hold \(proces \d+ op .+, sinds \d{1,2} [a-z]+ \d{4} \d\d:\d\d\)\.$/,
        );
        await op.finish();
        // A holder whose process is gone (a pid that cannot exist) left an interrupted operation: recover first.
        const dead = await beginOperation(sys, 'crashed', 7, {});
        await sys.client.query('update locks set pid = 2147483646 where operation_id = $1', [dead.id]);
        await sys.client.query('update operations set pid = 2147483646 where id = $1', [dead.id]);
        const needed = await rejectsWithCode(beginOperation(sys, 'after-crash', 7, {}), 'RECOVERY_NEEDED');
        assert.match(
          message(needed, 'en'),
          /^Administration 007 needs recovery first: crashed \(process 2147483646 on .+\) was interrupted\.$/,
        );
        const planned = await listRecovery(t.ctx);
        assert.deepEqual(
          planned.map((i) => [i.action, i.operation?.kind]),
          [['settle', 'crashed']],
        );
        await recover(t.ctx);
        assert.deepEqual(await listRecovery(t.ctx), []);
        const op2 = await beginOperation(sys, 'after-crash', 7, {});
        await op2.finish();
      } finally {
        await sys.close();
      }
    });

    test('delete needs the number repeated, refuses while someone is connected, then removes everything', async () => {
      const rec = (await listAdministrations(t.ctx)).find((a) => a.number === '007')!;
      await refused(() => deleteAdministration(t.ctx, rec.name, undefined), 'CONFIRMATION_REQUIRED');
      await refused(() => deleteAdministration(t.ctx, '7', 8), 'CONFIRMATION_MISMATCH'); // a wrong number is a wrong answer (issue 18)
      const user = await t.engine.connect(rec.database);
      try {
        const err = await refused(() => deleteAdministration(t.ctx, '7', 7), 'ADMIN_HAS_CONNECTIONS');
        assert.match(message(err, 'nl'), /nog geopend door 1 andere verbinding/);
      } finally {
        await user.end();
      }
      await deleteAdministration(t.ctx, '7', 7);
      assert.equal(await t.engine.databaseExists(rec.database), false);
      assert.equal(
        (await listAdministrations(t.ctx)).some((a) => a.number === '007'),
        false,
      );
      await rejectsWithCode(() => showAdministration(t.ctx, '7'), 'ADMIN_NOT_FOUND');
      await rejectsWithCode(() => deleteAdministration(t.ctx, 'Bestaat niet', 1), 'ADMIN_NOT_FOUND');
    });

    test('the journal records each operation with its phases', async () => {
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        const r = await sys.client.query(
          `select kind, status, phase from operations where kind in ('admin-create', 'admin-delete') order by started_at`,
        );
        assert.ok(
          r.rows.some((row) => row.kind === 'admin-create' && row.status === 'done' && row.phase === 'schema-ready'),
        );
        assert.ok(
          r.rows.some(
            (row) => row.kind === 'admin-delete' && row.status === 'done' && row.phase === 'database-dropped',
          ),
        );
        const locks = await sys.client.query('select count(*)::int as n from locks');
        assert.equal(locks.rows[0].n, 0);
      } finally {
        await sys.close();
      }
    });
  });
}
