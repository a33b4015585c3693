/**
 * The engine contract: every Engine must pass these tests. Each engine's
 * test file calls engineContract() with a way to open it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../../src/engines/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { dropDatabasesWithPrefix, markInvalid, uniqueName } from '../helpers/engines.js';

export function engineContract(label: string, open: () => Promise<Engine>): void {
  describe(`engine contract: ${label}`, () => {
    let engine: Engine;
    const prefix = uniqueName('contract');

    before(async () => {
      engine = await open();
    });
    after(async () => {
      await dropDatabasesWithPrefix(engine, prefix);
    });

    test('start is idempotent and status says running', async () => {
      await engine.start();
      await engine.start();
      const status = await engine.status();
      assert.equal(status.running, true);
    });

    test('describe names the engine and never contains a password', () => {
      const d = engine.describe();
      assert.equal(d.name, engine.name);
      assert.equal(d.kind, engine.kind);
      assert.doesNotMatch(JSON.stringify(d), /password/i);
    });

    test('server version and capabilities', async () => {
      const v = await engine.serverVersion();
      assert.ok(v.major >= 13, `major ${v.major}`);
      assert.equal(Math.floor(v.num / 10000), v.major);
      assert.match(v.text, /^\d+\.\d+/);
      // What the server said when a session started is the same version, asked for nothing.
      const c = await engine.connect('postgres');
      try {
        assert.deepEqual(engine.reportedVersion(c), v);
      } finally {
        await c.end();
      }
      const caps = await engine.capabilities();
      assert.equal(typeof caps.superuser, 'boolean');
      assert.ok(caps.createDb, 'the test role can create databases');
    });

    test('sessions run in UTC with application_name kluis/<pid>', async () => {
      const c = await engine.connect('postgres');
      try {
        const r = await c.query(`select current_setting('TimeZone') as tz, current_setting('application_name') as app`);
        assert.equal(r.rows[0].tz, 'UTC');
        assert.match(r.rows[0].app, /^kluis\/\d+(-\d+)?$/, 'tagged with the process, so recover can find its sessions');
      } finally {
        await c.end();
      }
    });

    test('create, list, rename and drop a database, also with quotes in its name', async () => {
      const plain = `${prefix}_a`;
      const odd = `${prefix}_b"'; drop`;
      const renamed = `${prefix}_c`;
      await engine.createDatabase(plain);
      await engine.createDatabase(odd);
      assert.ok(await engine.databaseExists(plain));
      assert.ok(await engine.databaseExists(odd));
      const all = await engine.listDatabases();
      assert.ok(all.includes(plain) && all.includes(odd));
      assert.deepEqual(all, [...all].sort());
      await engine.renameDatabase(odd, renamed);
      assert.equal(await engine.databaseExists(odd), false);
      assert.ok(await engine.databaseExists(renamed));
      await engine.dropDatabase(plain);
      await engine.dropDatabase(renamed);
      await engine.dropDatabase(renamed); // dropping a missing database is not an error
      assert.equal(await engine.databaseExists(plain), false);
    });

    test('several renames in one transaction: all happen, or none', async () => {
      const [a, b, c] = [`${prefix}_ra`, `${prefix}_rb`, `${prefix}_rc`];
      await engine.createDatabase(a);
      await engine.createDatabase(b);
      await engine.renameDatabases([
        [a, c],
        [b, a],
      ]);
      assert.deepEqual(
        [await engine.databaseState(a), await engine.databaseState(b), await engine.databaseState(c)],
        ['valid', 'missing', 'valid'],
      );
      // The second rename fails (the name is taken): the first is undone with it.
      await assert.rejects(
        engine.renameDatabases([
          [a, b],
          [c, b],
        ]),
      );
      assert.deepEqual(
        [await engine.databaseState(a), await engine.databaseState(b), await engine.databaseState(c)],
        ['valid', 'missing', 'valid'],
      );
      await engine.dropDatabase(a);
      await engine.dropDatabase(c);
    });

    test('a half-dropped (invalid) database is listed apart, never renamed, and can be dropped', async () => {
      const db = `${prefix}_half`;
      await engine.createDatabase(db);
      await markInvalid(engine, db);
      assert.equal(await engine.databaseState(db), 'invalid');
      assert.ok(await engine.databaseExists(db));
      assert.ok(!(await engine.listDatabases()).includes(db));
      assert.ok((await engine.invalidDatabases()).includes(db));
      await rejectsWithCode(engine.renameDatabases([[db, `${prefix}_whole`]]), 'DATABASE_INVALID');
      assert.equal(await engine.databaseState(`${prefix}_whole`), 'missing');
      await engine.dropDatabase(db, { force: true });
      assert.equal(await engine.databaseState(db), 'missing');
    });

    test("a database made from a template has the template's contents", async () => {
      const source = `${prefix}_src`;
      const copy = `${prefix}_copy`;
      await engine.createDatabase(source);
      const c = await engine.connect(source);
      await c.query('create table t (id int primary key, v text)');
      await c.query(`insert into t values (1, 'één')`);
      await c.end();
      await engine.createDatabase(copy, { template: source });
      const d = await engine.connect(copy);
      try {
        const r = await d.query('select v from t where id = 1');
        assert.equal(r.rows[0].v, 'één');
      } finally {
        await d.end();
      }
    });

    test('other connections are seen; drop refuses them unless forced', async () => {
      const db = `${prefix}_busy`;
      await engine.createDatabase(db);
      const holder = await engine.connect(db);
      try {
        const others = await engine.otherConnections(db);
        assert.equal(others.length, 1);
        assert.match(others[0]!.application, /^kluis\//);
        await assert.rejects(engine.dropDatabase(db));
        assert.ok(await engine.databaseExists(db));
      } finally {
        await holder.end();
      }
      await engine.dropDatabase(db, { force: true });
      assert.equal(await engine.databaseExists(db), false);
    });

    test('endSessions ends the sessions of one tag and waits until they are gone', async () => {
      const victim = await engine.connect('postgres');
      const tag = `kluis/contract-${prefix}`;
      await victim.query(`set application_name = '${tag}'`);
      const running = victim.query('select pg_sleep(30)').catch((err: Error) => err);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(await engine.endSessions(tag), 1);
      assert.ok((await running) instanceof Error, 'the sleeping statement was cut off');
      assert.equal(await engine.endSessions(tag), 0);
      await victim.end().catch(() => undefined);
    });

    test('a statement on a connection the server cut is SERVER_LOST, the first and every later one', async () => {
      const victim = await engine.connect('postgres');
      const tag = `kluis/cut-${prefix}`;
      await victim.query(`set application_name = '${tag}'`);
      assert.equal(await engine.endSessions(tag), 1);
      await rejectsWithCode(victim.query('select 1'), 'SERVER_LOST');
      await rejectsWithCode(victim.query('select 1'), 'SERVER_LOST'); // "not queryable", in the driver's words
      await victim.end().catch(() => undefined);
    });

    test('a maintenance session the server ended while it sat idle is not used again', async () => {
      const name = `${prefix}_idle`;
      await engine.createDatabase(name); // leaves the maintenance session idle for the next call
      const probe = await engine.connect('postgres');
      const at = (probe as unknown as { connectionParameters: { host: string; port: number; user: string } })
        .connectionParameters;
      await probe.end();
      // Ended from another process while this one is blocked: the news of it has not been read when
      // the next call comes, as when kluis's sessions are cut and it carries on at once (a delete did).
      const ender = spawnSync(process.execPath, ['-e', endOwnSessions], {
        env: { ...process.env, PGHOST: at.host, PGPORT: String(at.port), PGUSER: at.user, TAG: `kluis/${process.pid}` },
        encoding: 'utf8',
      });
      assert.equal(ender.status, 0, ender.stderr);
      assert.ok(Number(ender.stdout) >= 1, `sessions ended: ${ender.stdout}`);
      assert.equal(await engine.databaseState(name), 'valid');
      await engine.dropDatabase(name);
    });

    test('a statement the server refuses keeps its SQLSTATE for the caller to test', async () => {
      const client = await engine.connect('postgres');
      try {
        const err = await client.query('select * from "no such table"').catch((e: unknown) => e);
        assert.equal((err as { code?: string }).code, '42P01');
      } finally {
        await client.end();
      }
    });

    test('connecting to a missing database is a clear error', async () => {
      const err = await rejectsWithCode(engine.connect(`${prefix}_missing`), 'DATABASE_NOT_FOUND');
      assert.equal(err.params['database'], `${prefix}_missing`);
      assert.equal(err.params['server'], engine.name);
    });

    test('an aborted call is CANCELLED and does nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      await rejectsWithCode(engine.createDatabase(`${prefix}_aborted`, { signal: controller.signal }), 'CANCELLED');
      await rejectsWithCode(engine.connect('postgres', { signal: controller.signal }), 'CANCELLED');
      assert.equal(await engine.databaseExists(`${prefix}_aborted`), false);
      // Aborting while the statement runs: a database copy from a template that is in use waits, then is cut off.
      const busy = `${prefix}_tpl`;
      await engine.createDatabase(busy);
      const holder = await engine.connect(busy);
      const running = new AbortController();
      const attempt = engine.createDatabase(`${prefix}_from_tpl`, { template: busy, signal: running.signal });
      setTimeout(() => running.abort(), 200);
      await attempt.then(
        () => assert.fail('creating from a template in use should not succeed'),
        // PostgreSQL waits up to 5 s for the template's other sessions to leave; the abort at 200 ms comes first.
        (err: { code?: string }) => assert.equal(err.code, 'CANCELLED'),
      );
      await holder.end();
      // With the template free again, a statement that merely lost its client would now complete; a cancelled one must not.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await engine.databaseExists(`${prefix}_from_tpl`), false);
    });

    test('several clients at once', async () => {
      const clients = await Promise.all(Array.from({ length: 5 }, () => engine.connect('postgres')));
      try {
        const pids = await Promise.all(
          clients.map(async (c) => (await c.query('select pg_backend_pid() as p')).rows[0].p as number),
        );
        assert.equal(new Set(pids).size, 5);
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    });
  });
}

/** A script for another process: ends every session of the tag TAG and waits until they are gone; prints how many. */
const endOwnSessions = `
const { Client } = require('pg');
const ours = "(application_name = $1 or application_name like $1 || '-%') and pid <> pg_backend_pid()";
(async () => {
  const c = new Client({ database: 'postgres' });
  await c.connect();
  const ended = await c.query('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where ' + ours, [process.env.TAG]);
  while ((await c.query('select count(*)::int as n from pg_stat_activity where ' + ours, [process.env.TAG])).rows[0].n > 0)
    await new Promise((r) => setTimeout(r, 10));
  await c.end();
  process.stdout.write(String(ended.rows[0].n));
})().catch((e) => { console.error(e); process.exit(1); });
`;
