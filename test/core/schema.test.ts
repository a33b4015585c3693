/**
 * Migrations of the system and administration schemas, and the rules the
 * administration schema enforces itself (balance, counters).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import {
  adminMigrations,
  currentVersion,
  latestVersion,
  migrate,
  SystemDb,
  systemMigrations,
} from '../../src/core/testing.js';
import type { Engine } from '../../src/engines/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { dropDatabasesWithPrefix, openTestEngine, selectedEngines, uniqueName } from '../helpers/engines.js';

for (const kind of selectedEngines()) {
  describe(`schemas on ${kind}`, () => {
    let engine: Engine;
    const prefix = uniqueName('schema');
    let n = 0;
    const fresh = async (): Promise<pg.Client> => {
      const name = `${prefix}_${++n}`;
      await engine.createDatabase(name);
      return engine.connect(name);
    };

    before(async () => {
      engine = await openTestEngine(kind);
    });
    after(async () => {
      await dropDatabasesWithPrefix(engine, prefix);
    });

    test('the administration schema migrates from nothing; running again changes nothing', async () => {
      const c = await fresh();
      try {
        assert.equal(await currentVersion(c), 0);
        const first = await migrate(c, adminMigrations, 'x');
        assert.deepEqual(
          first.applied,
          adminMigrations.map((m) => m.version),
        );
        assert.equal(await currentVersion(c), latestVersion(adminMigrations));
        const second = await migrate(c, adminMigrations, 'x');
        assert.deepEqual(second.applied, []);
        const fks = await c.query(`select count(*)::int as n from pg_constraint where contype = 'f'`);
        // Six between the books' tables (version 1), six for periods, opening balances and VAT codes (version 4).
        assert.equal(fks.rows[0].n, 12);
      } finally {
        await c.end();
      }
    });

    test('two processes migrating at once apply each migration once', async () => {
      const a = await fresh();
      const b = await engine.connect(a.database!);
      try {
        const [ra, rb] = await Promise.all([migrate(a, adminMigrations, 'x'), migrate(b, adminMigrations, 'x')]);
        assert.deepEqual(
          [...ra.applied, ...rb.applied].sort(),
          adminMigrations.map((m) => m.version),
        );
      } finally {
        await a.end();
        await b.end();
      }
    });

    test('a database from a newer kluis is refused, not downgraded', async () => {
      const c = await fresh();
      try {
        await migrate(c, adminMigrations, 'x');
        await c.query(`insert into kluis_schema_migrations (version, name) values (999, 'future')`);
        const err = await rejectsWithCode(migrate(c, adminMigrations, 'future-db'), 'SCHEMA_TOO_NEW');
        assert.equal(err.params['found'], 999);
      } finally {
        await c.end();
      }
    });

    test('the system database is created once and migrated', async () => {
      const name = `${prefix}_sys`;
      const [a, b] = await Promise.all([SystemDb.open(engine, name), SystemDb.open(engine, name)]);
      try {
        assert.equal(await currentVersion(a.client), latestVersion(systemMigrations));
        assert.equal(await a.nextFreeNumber(), 1);
      } finally {
        await a.close();
        await b.close();
      }
    });

    describe('administration rules', () => {
      let c: pg.Client;
      before(async () => {
        c = await fresh();
        await migrate(c, adminMigrations, 'x');
        await c.query(`insert into journals values ('MEM', 'Memoriaal', 'general')`);
        await c.query(
          `insert into accounts values ('1000', 'Kas', 'balance', 'D'), ('8000', 'Omzet', 'profit_loss', 'C')`,
        );
      });
      after(async () => {
        await c.end();
      });

      const entry = async (id: number, lines: Array<[string, number, number]>) => {
        await c.query('begin');
        try {
          await c.query(
            `insert into journal_entries (id, journal_code, entry_number, entry_date, fiscal_year, created_by) values ($1, 'MEM', $2, '2026-01-01', 2026, 't')`,
            [id, String(id)],
          );
          for (const [i, [account, debit, credit]] of lines.entries()) {
            await c.query(
              'insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, $2, $3, $4, $5)',
              [id, i + 1, account, debit, credit],
            );
          }
          await c.query('commit');
        } catch (err) {
          await c.query('rollback');
          throw err;
        }
      };

      test('a balanced entry commits and the counters follow inserts and deletes', async () => {
        await entry(1, [
          ['1000', 121, 0],
          ['8000', 0, 100],
          ['8000', 0, 21],
        ]);
        let r = await c.query(`select value::int from counters where name = 'transactions'`);
        assert.equal(r.rows[0].value, 3);
        await c.query('delete from journal_entries where id = 1');
        r = await c.query(`select value::int from counters where name = 'transactions'`);
        assert.equal(r.rows[0].value, 0);
      });

      test('an entry whose debits and credits differ is refused at commit', async () => {
        await assert.rejects(
          entry(2, [
            ['1000', 100, 0],
            ['8000', 0, 99.99],
          ]),
          /does not balance/,
        );
        const r = await c.query('select count(*)::int as n from journal_entries where id = 2');
        assert.equal(r.rows[0].n, 0);
      });

      test('a line with both a debit and a credit, or a negative amount, is refused', async () => {
        await assert.rejects(entry(3, [['1000', 10, 10]]), /check constraint/);
        await assert.rejects(
          entry(4, [
            ['1000', -10, 0],
            ['8000', -10, 0],
          ]),
          /check constraint/,
        );
      });

      test('a line on an account that does not exist is refused', async () => {
        await assert.rejects(
          entry(5, [
            ['9999', 10, 0],
            ['8000', 0, 10],
          ]),
          /foreign key/,
        );
      });
    });
  });
}
