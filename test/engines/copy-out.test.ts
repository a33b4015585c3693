/**
 * CopyOutBlocks, the COPY reader that backup uses: the same bytes as
 * pg-copy-streams' copyTo (every row, in blocks whose boundaries fall
 * anywhere inside rows and protocol messages), the row count from the
 * command tag, and errors that reach the caller with the connection still
 * usable afterwards.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { CopyOutBlocks, type Engine } from '../../src/engines/index.js';
import { openTestEngine, selectedEngines, uniqueName } from '../helpers/engines.js';

function collect(parts: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(Buffer.from(chunk));
      done();
    },
  });
}

for (const kind of selectedEngines()) {
  describe(`COPY into blocks on ${kind}`, () => {
    let engine: Engine;
    let db: string;
    let client: pg.Client;
    before(async () => {
      engine = await openTestEngine(kind);
      db = uniqueName('copyout');
      await engine.createDatabase(db);
      client = await engine.connect(db);
      // Rows from a few bytes to 300 KB, so messages span socket reads and blocks.
      await client.query(`create table t (id int primary key, note text, data bytea)`);
      await client.query(
        `insert into t select i, repeat('x', i % 97), decode(repeat(md5(i::text), case when i % 50 = 0 then 9000 else (i * 7919) % 40 end), 'hex') from generate_series(1, 3000) i`,
      );
    });
    after(async () => {
      await client?.end();
      await engine.dropDatabase(db, { force: true });
    });

    for (const blockSize of [7, 4096, 1 << 20]) {
      test(`the same bytes as copyTo, in blocks of ${blockSize}`, async () => {
        const sql = 'copy t to stdout (format binary)';
        const expected: Buffer[] = [];
        await pipeline(client.query(copyTo(sql)), collect(expected));
        const got: Buffer[] = [];
        const copy = client.query(new CopyOutBlocks(sql, () => Buffer.alloc(blockSize)));
        await pipeline(copy, collect(got));
        assert.equal(await copy.rowCount, 3000);
        assert.ok(Buffer.concat(got).equals(Buffer.concat(expected)), 'identical bytes');
        assert.ok(
          got.slice(0, -1).every((b) => b.length === blockSize),
          'every block but the last is full',
        );
        assert.ok(got.at(-1)!.length <= blockSize && got.at(-1)!.length > 0);
      });
    }

    test('an error reaches the caller and the connection stays usable', async () => {
      const copy = client.query(
        new CopyOutBlocks('copy no_such_table to stdout (format binary)', () => Buffer.alloc(1024)),
      );
      await assert.rejects(pipeline(copy, collect([])), /no_such_table/);
      await assert.rejects(copy.rowCount, /no_such_table/);
      assert.equal((await client.query('select count(*)::int as n from t')).rows[0].n, 3000);
    });

    test('an empty table gives no blocks and zero rows', async () => {
      await client.query('create table empty (id int)');
      const got: Buffer[] = [];
      const copy = client.query(new CopyOutBlocks('copy empty to stdout', () => Buffer.alloc(1024)));
      await pipeline(copy, collect(got));
      assert.equal(await copy.rowCount, 0);
      assert.equal(got.length, 0);
    });
  });
}
