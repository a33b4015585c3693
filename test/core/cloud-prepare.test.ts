/**
 * Cloud prepare against a database migrated the way a DBA would: pg_dump of
 * an administration, pg_restore --no-owner into another database as a
 * non-superuser role, sequences set back behind the data; kluis then
 * connects as yet another non-superuser role (a member of the first, as on
 * managed servers) and makes it ready.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createBackup,
  createContext,
  generateAdministration,
  issueDemoLicence,
  type KluisContext,
  prepareCloudDatabase,
  restoreBackup,
  showAdministration,
} from '../../src/core/index.js';
import { AdminDb } from '../../src/core/testing.js';
import { ServerEngine } from '../../src/engines/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import {
  dropDatabasesWithPrefix,
  environmentHasServerTools,
  openTestEngine,
  selectedEngines,
  type TestContext,
  testContext,
  uniqueName,
} from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];

describe('cloud prepare of a database a DBA migrated', {
  skip: !selectedEngines().includes('server') || !environmentHasServerTools(),
}, () => {
  let source: TestContext;
  let app: KluisContext;
  const migrator = uniqueName('mig');
  const appRole = uniqueName('app');
  const outsider = uniqueName('out');
  const target = uniqueName('cloud');
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-cloud-'));
  let admin: ServerEngine;

  before(async () => {
    admin = (await openTestEngine('server')) as ServerEngine;
    source = testContext(admin, 'csrc');
    await generateAdministration(source.ctx, {
      name: 'Bakkerij Jansen',
      number: 12,
      size: { entries: 300, documents: 5, attachmentBytes: 2048 },
      seed: 'cloud',
      licence,
      users,
    });
    const c = await admin.connect('postgres');
    try {
      await c.query(`create role ${migrator} login createdb nosuperuser`);
      await c.query(`create role ${appRole} login createdb nosuperuser`);
      await c.query(`grant ${migrator} to ${appRole}`);
      await c.query(`create role ${outsider} login createdb nosuperuser`);
      await c.query(`create database ${target} owner ${migrator}`);
    } finally {
      await c.end();
    }
    const s = admin.settings;
    const env = { ...process.env, PGHOST: s.host, PGPORT: String(s.port), PGSSLMODE: 'disable' };
    const dump = join(scratch, 'adm.dump');
    const d = spawnSync(
      'pg_dump',
      ['-Fc', '-f', dump, '-U', s.user, '-d', (await showAdministration(source.ctx, '12')).database],
      { env },
    );
    assert.equal(d.status, 0, d.stderr?.toString());
    const r = spawnSync('pg_restore', ['--no-owner', '-U', migrator, '-d', target, dump], { env });
    assert.equal(r.status, 0, r.stderr?.toString());
    // The migration left the sequences behind the data.
    const m = new ServerEngine({
      name: 'mig',
      settings: { host: s.host, port: s.port, user: migrator, sslmode: 'disable' },
      env: {},
    });
    const mc = await m.connect(target);
    await mc.query(
      `select setval(pg_get_serial_sequence('journal_entries', 'id'), 1, false), setval(pg_get_serial_sequence('journal_lines', 'id'), 1, false)`,
    );
    await mc.end();
    const engine = new ServerEngine({
      name: 'cloud',
      settings: { host: s.host, port: s.port, user: appRole, sslmode: 'disable' },
      env: {},
    });
    app = createContext({
      home: mkdtempSync(join(tmpdir(), 'kluis-cloud-home-')),
      engine,
      systemDatabase: uniqueName('csys'),
    });
  });

  after(async () => {
    await dropDatabasesWithPrefix(admin, app.systemDatabase);
    await source.cleanup();
    const c = await admin.connect('postgres');
    try {
      await c.query(`drop database if exists ${target} with (force)`);
      for (const r of [outsider, appRole, migrator]) await c.query(`drop role if exists ${r}`);
    } finally {
      await c.end();
    }
    rmSync(scratch, { recursive: true, force: true });
    rmSync(app.home, { recursive: true, force: true });
  });

  test('prepare takes ownership, moves sequences on, checks, registers — and a second run changes nothing', async () => {
    const report = await prepareCloudDatabase(app, { database: target });
    assert.equal(report.role, appRole);
    assert.equal(report.administration.number, '012');
    assert.ok(
      report.actions.some((a) => /taken over by role/.test(a.en)),
      JSON.stringify(report.actions),
    );
    assert.ok(
      report.actions.some((a) => /sequences moved past the data: journal_entries.id, journal_lines.id/.test(a.en)),
      JSON.stringify(report.actions),
    );
    assert.ok(report.actions.some((a) => /registered as administration 012/.test(a.en)));
    assert.deepEqual(report.problems, []);
    const again = await prepareCloudDatabase(app, { database: target });
    assert.deepEqual(again.actions, [], 'running it twice changes nothing the second time');
  });

  test('kluis then opens it, new entries get fresh ids, and backup and restore work', async () => {
    const shown = await showAdministration(app, '12');
    assert.equal(shown.name, 'Bakkerij Jansen');
    const db = await AdminDb.open(app.engine, target);
    try {
      const max = (await db.client.query('select max(id)::int as m from journal_entries')).rows[0].m as number;
      await db.client.query('begin');
      const e = await db.client.query(
        `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, created_by) values ('MEM', 'CLOUD-1', '2026-01-02', 2026, 'klant') returning id`,
      );
      await db.client.query(
        `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, 1, '1000', 1, 0), ($1, 2, '8000', 0, 1)`,
        [e.rows[0].id],
      );
      await db.client.query('commit');
      assert.ok(e.rows[0].id > max, 'a fresh id after the data');
    } finally {
      await db.close();
    }
    const b = await createBackup(app, { adm: '12', output: join(scratch, 'cloud.ebu') });
    await restoreBackup(app, { source: createReadStream(b.location), path: b.location, to: 'Terug uit de cloud' });
    assert.equal(
      (await showAdministration(app, 'Terug uit de cloud')).counts.transactions,
      shown.counts.transactions + 2,
    );
  });

  test('a database that is no kluis administration, and one of a newer schema, are refused clearly', async () => {
    const err = await rejectsWithCode(prepareCloudDatabase(app, { database: 'postgres' }), 'NOT_AN_ADMINISTRATION');
    assert.equal(message(err, 'en'), 'Database "postgres" is not a kluis administration.');
    const db = await AdminDb.open(app.engine, target);
    await db.client.query(`insert into kluis_schema_migrations (version, name) values (99, 'future')`);
    await db.close();
    await rejectsWithCode(prepareCloudDatabase(app, { database: target }), 'SCHEMA_TOO_NEW');
    const fix = await app.engine.connect(target);
    await fix.query('delete from kluis_schema_migrations where version = 99');
    await fix.end();
    await rejectsWithCode(prepareCloudDatabase(app, { database: 'bestaat_niet_xyz' }), 'DATABASE_NOT_FOUND');
  });

  test('a role that does not own the objects, and cannot take them over, is told so — not that it lacks CREATEDB (issue 18, defect 13)', async () => {
    const s = admin.settings;
    const engine = new ServerEngine({
      name: 'cloud',
      settings: { host: s.host, port: s.port, user: outsider, sslmode: 'disable' },
      env: {},
    });
    const ctx = createContext({ home: app.home, engine, systemDatabase: app.systemDatabase });
    const err = await rejectsWithCode(prepareCloudDatabase(ctx, { database: target }), 'CLOUD_NOT_OWNER');
    assert.match(
      message(err, 'en'),
      new RegExp(
        `^Role ${outsider} cannot take over \\d+ object\\(s\\) in the database, for example: .* belongs to role ${appRole} and ${outsider} cannot take it over; ask the administrator to run: ALTER `,
      ),
    );
    assert.match(message(err, 'nl'), new RegExp(`is van rol ${appRole} en ${outsider} kan dat niet overnemen`));
    assert.doesNotMatch(message(err, 'en') + err.definition.hints?.map((h) => h.en).join(' '), /CREATEDB/);
  });
});
