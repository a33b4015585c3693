/**
 * An administration's users, managed (core/users/manage-users.ts) against
 * the real database on every engine: each rule refuses with its code and
 * changes nothing (users and audit log alike), each change that goes
 * through leaves one audit row naming who made it and never a password,
 * a web actor must be an active administrator, and a change holds the
 * administration's lock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  changeUser,
  createAdministration,
  importClientLicence,
  issueDemoLicence,
  listUsers,
  type UserActor,
  type UserChange,
} from '../../src/core/index.js';
import { AdminDb, beginOperation, SystemDb, verifyPassword } from '../../src/core/testing.js';
import type { ErrorCode } from '../../src/errors/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const password = 'een-goed-wachtwoord';
const cli: UserActor = { name: 'beheer', via: 'cli' };
/** Eva is the licence's registered user; the licence allows three active users. */
const licence = issueDemoLicence({ holder: 'Kantoor B.V.', registeredUser: 'eva', articles: ['Base'], maxUsers: 3 });

interface AuditRow {
  user_name: string;
  action: string;
  object: string;
  details: Record<string, unknown>;
}

for (const kind of selectedEngines()) {
  describe(`users of an administration on ${kind}`, () => {
    let t: TestContext;
    let database: string;

    const withDb = async <T>(fn: (db: AdminDb) => Promise<T>): Promise<T> => {
      const db = await AdminDb.open(t.engine, database);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    };
    /** The users (with their hashes) and the audit log's user rows: what a refusal must leave as it was. */
    const state = () =>
      withDb(async (db) => ({
        users: await db.users(),
        audit: (
          await db.client.query<AuditRow>(
            "select user_name, action, object, details from audit_log where action like 'user.%' order by id",
          )
        ).rows,
      }));
    const change = (c: UserChange, actor: UserActor = cli) => changeUser(t.ctx, '5', c, actor);
    const refused = async (c: UserChange, code: ErrorCode, actor: UserActor = cli) => {
      const before = await state();
      const err = await rejectsWithCode(() => change(c, actor), code);
      assert.deepEqual(await state(), before, `${code} must change nothing`);
      return err;
    };
    const users = async () =>
      (await listUsers(t.ctx, '5')).users.map((u) => `${u.userName}:${u.role}:${u.active ? 'active' : 'inactive'}`);

    before(async () => {
      t = testContext(await openTestEngine(kind), 'usr');
      const record = await createAdministration(t.ctx, {
        name: 'Garage Smit',
        number: 5,
        licence,
        users: [{ userName: 'eva', fullName: 'Eva de Boer', role: 'administrator', password }],
      });
      database = record.databaseName;
    });
    after(async () => {
      await t.cleanup();
    });

    test('add: a new active user with a password that signs in, and one audit row naming who and what', async () => {
      const r = await change({ kind: 'add', userName: 'bram', fullName: 'Bram Jansen', role: 'bookkeeper', password });
      assert.deepEqual(r, { adm: '005', user: 'bram', change: 'add', changed: true });
      const list = await listUsers(t.ctx, 'Garage Smit');
      assert.deepEqual(
        list.users.find((u) => u.userName === 'bram'),
        {
          userName: 'bram',
          fullName: 'Bram Jansen',
          role: 'bookkeeper',
          active: true,
          origin: 'own',
        },
      );
      assert.deepEqual([list.activeUsers, list.maxUsers, list.registered], [2, 3, ['eva']]);
      const { users: all, audit } = await state();
      assert.ok(await verifyPassword(password, all.find((u) => u.userName === 'bram')!.passwordHash));
      assert.deepEqual(audit, [
        {
          user_name: 'beheer',
          action: 'user.added',
          object: 'bram',
          details: { via: 'cli', role: 'bookkeeper', fullName: 'Bram Jansen' },
        },
      ]);
      assert.doesNotMatch(JSON.stringify(audit), new RegExp(`${password}|scrypt`));
    });

    test('add refuses a user who exists, a bad name and a short password, changing nothing', async () => {
      const exists = await refused(
        { kind: 'add', userName: 'bram', fullName: '', role: 'viewer', password },
        'USER_EXISTS',
      );
      assert.equal(message(exists, 'nl'), 'Gebruiker "bram" bestaat al in administratie 005.');
      await refused({ kind: 'add', userName: 'Bram!', fullName: '', role: 'viewer', password }, 'USER_NAME_INVALID');
      await refused(
        { kind: 'add', userName: 'cora', fullName: '', role: 'viewer', password: 'kort' },
        'PASSWORD_TOO_SHORT',
      );
      await refused({ kind: 'deactivate', userName: 'niemand' }, 'USER_NOT_FOUND');
      // A name that would act on the terminal of whoever lists the users, or one too long, is not kept or repeated.
      for (const fullName of ['Cora \u001b[2J', 'C'.repeat(101)]) {
        const err = await refused(
          { kind: 'add', userName: 'cora', fullName, role: 'viewer', password },
          'USER_FULL_NAME_INVALID',
        );
        assert.equal(
          message(err, 'en'),
          'The name of user "cora" is at most 100 characters long, without control characters.',
        );
      }
    });

    test("the licence's maximum counts active users only: deactivating one frees a place", async () => {
      await change({ kind: 'add', userName: 'cora', fullName: 'Cora', role: 'viewer', password });
      const full = await refused(
        { kind: 'add', userName: 'dirk', fullName: '', role: 'viewer', password },
        'USER_LIMIT_REACHED',
      );
      assert.equal(
        message(full, 'en'),
        `Administration 005 already has 3 active users, the maximum of licence ${licence.licence.number}.`,
      );
      assert.deepEqual(await change({ kind: 'deactivate', userName: 'cora' }), {
        adm: '005',
        user: 'cora',
        change: 'deactivate',
        changed: true,
      });
      await change({ kind: 'add', userName: 'dirk', fullName: 'Dirk', role: 'viewer', password });
      await refused({ kind: 'activate', userName: 'cora' }, 'USER_LIMIT_REACHED');
      // Deactivating an inactive user changes nothing and writes nothing.
      const before = await state();
      assert.equal((await change({ kind: 'deactivate', userName: 'cora' })).changed, false);
      assert.deepEqual(await state(), before);
      assert.deepEqual(await users(), [
        'bram:bookkeeper:active',
        'cora:viewer:inactive',
        'dirk:viewer:active',
        'eva:administrator:active',
      ]);
    });

    test("the licence's registered user stays and stays active", async () => {
      const err = await refused({ kind: 'deactivate', userName: 'eva' }, 'USER_REGISTERED_STAYS');
      assert.equal(
        message(err, 'nl'),
        `Gebruiker "eva" is de geregistreerde gebruiker van licentie ${licence.licence.number} en blijft daarom bestaan en actief in administratie 005.`,
      );
      await refused({ kind: 'remove', userName: 'eva' }, 'USER_REGISTERED_STAYS');
    });

    test('the last active administrator cannot be removed, deactivated or demoted; an inactive one does not count', async () => {
      await change({ kind: 'role', userName: 'bram', role: 'administrator' });
      await change({ kind: 'role', userName: 'cora', role: 'administrator' }); // inactive: no administrator in practice
      await change({ kind: 'role', userName: 'eva', role: 'bookkeeper' });
      const err = await refused({ kind: 'deactivate', userName: 'bram' }, 'USER_LAST_ADMINISTRATOR');
      assert.equal(
        message(err, 'en'),
        'User "bram" is the last active administrator of administration 005, and one always remains.',
      );
      await refused({ kind: 'remove', userName: 'bram' }, 'USER_LAST_ADMINISTRATOR');
      await refused({ kind: 'role', userName: 'bram', role: 'accountant' }, 'USER_LAST_ADMINISTRATOR');
      // With a second active administrator the first may go.
      await change({ kind: 'role', userName: 'eva', role: 'administrator' });
      await change({ kind: 'role', userName: 'bram', role: 'viewer' });
      await change({ kind: 'remove', userName: 'cora' });
      const { audit } = await state();
      assert.deepEqual(
        audit.slice(-6).map((a) => [a.action, a.object, a.details['from'] ?? null, a.details['role'] ?? null]),
        [
          ['user.role-changed', 'bram', 'bookkeeper', 'administrator'],
          ['user.role-changed', 'cora', 'viewer', 'administrator'],
          ['user.role-changed', 'eva', 'administrator', 'bookkeeper'],
          ['user.role-changed', 'eva', 'bookkeeper', 'administrator'],
          ['user.role-changed', 'bram', 'administrator', 'viewer'],
          ['user.removed', 'cora', null, null],
        ],
      );
    });

    test('a new password replaces the old one', async () => {
      await change({ kind: 'password', userName: 'dirk', password: 'een-ander-wachtwoord' });
      const dirk = (await state()).users.find((u) => u.userName === 'dirk')!;
      assert.ok(await verifyPassword('een-ander-wachtwoord', dirk.passwordHash));
      assert.equal(await verifyPassword(password, dirk.passwordHash), false);
    });

    test('a person signed in to the web manages users only as an active administrator, and is named in the log', async () => {
      const dirk: UserActor = { name: 'dirk', via: 'web' };
      const err = await rejectsWithCode(() => listUsers(t.ctx, '5', dirk), 'USER_NOT_ADMINISTRATOR');
      assert.equal(
        message(err, 'en'),
        'Only an active administrator of administration 005 manages its users, and "dirk" is not one.',
      );
      await refused({ kind: 'deactivate', userName: 'bram' }, 'USER_NOT_ADMINISTRATOR', dirk);
      const eva: UserActor = { name: 'eva', via: 'web' };
      assert.equal((await listUsers(t.ctx, '5', eva)).users.length, 3);
      await change({ kind: 'deactivate', userName: 'bram' }, eva);
      assert.deepEqual((await state()).audit.at(-1), {
        user_name: 'eva',
        action: 'user.deactivated',
        object: 'bram',
        details: { via: 'web' },
      });
    });

    test("a change holds the administration's lock: refused while another operation holds it, journaled when done", async () => {
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        const op = await beginOperation(sys, 'test-hold', 5, {});
        await refused({ kind: 'activate', userName: 'bram' }, 'ADMIN_IN_USE');
        await op.finish();
        await change({ kind: 'activate', userName: 'bram' });
        const r = await sys.client.query(
          "select status, plan from operations where kind = 'user-change' order by started_at desc limit 1",
        );
        assert.deepEqual(r.rows[0], { status: 'done', plan: { change: 'activate', user: 'bram' } });
      } finally {
        await sys.close();
      }
    });

    test('two changes at once never both take the last place', async () => {
      await change({ kind: 'remove', userName: 'dirk' });
      assert.equal((await listUsers(t.ctx, '5')).activeUsers, 2);
      const results = await Promise.allSettled(
        ['fien', 'gijs'].map((userName) => change({ kind: 'add', userName, fullName: '', role: 'viewer', password })),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results));
      for (const r of results)
        if (r.status === 'rejected')
          assert.ok(['ADMIN_IN_USE', 'USER_LIMIT_REACHED'].includes(r.reason.code), r.reason);
      assert.equal((await listUsers(t.ctx, '5')).activeUsers, 3);
    });

    test("a client licence's registered user stays too (the hand-back carries that user)", async () => {
      const client = issueDemoLicence({ holder: 'Garage Smit', registeredUser: 'smit', articles: ['Base'] });
      const added = (await listUsers(t.ctx, '5')).users.find((u) => u.userName === 'fien' || u.userName === 'gijs')!;
      await change({ kind: 'remove', userName: added.userName });
      await change({ kind: 'add', userName: 'smit', fullName: 'Jan Smit', role: 'administrator', password });
      await importClientLicence(t.ctx, '5', client);
      assert.deepEqual((await listUsers(t.ctx, '5')).registered, ['eva', 'smit']);
      await refused({ kind: 'deactivate', userName: 'smit' }, 'USER_REGISTERED_STAYS');
    });
  });
}
