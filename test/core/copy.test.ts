/**
 * Copy: a complete copy with a new identity, by template or as a streamed
 * snapshot, on each engine and across engines; while users write; over an
 * existing number only with confirmation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  copyAdministration,
  generateAdministration,
  issueDemoLicence,
  operations,
  type ProgressEvent,
  ProgressMeter,
  showAdministration,
} from '../../src/core/index.js';
import { AdminDb } from '../../src/core/testing.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { tableDigests } from '../helpers/digest.js';
import { type EngineName, openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];

async function digest(t: TestContext, ref: string): Promise<Record<string, string>> {
  const db = await AdminDb.open(t.engine, (await showAdministration(t.ctx, ref)).database);
  try {
    const all = await tableDigests(db.client);
    delete all['settings']; // number, name and identity differ by design
    return all;
  } finally {
    await db.close();
  }
}

const contexts = new Map<EngineName, TestContext>();
before(async () => {
  for (const kind of selectedEngines()) {
    const t = testContext(await openTestEngine(kind), 'copy');
    contexts.set(kind, t);
    await generateAdministration(t.ctx, {
      name: 'Origineel',
      number: 1,
      size: { entries: 300, documents: 8, attachmentBytes: 2048 },
      seed: 'copy',
      licence,
      users,
    });
  }
});
after(async () => {
  for (const t of contexts.values()) await t.cleanup();
});

for (const kind of selectedEngines()) {
  describe(`copy on ${kind}`, () => {
    const t = () => contexts.get(kind)!;

    test('by template when nobody is connected: identical content, new identity, number and name', async () => {
      const events: ProgressEvent[] = [];
      const r = await copyAdministration(t().ctx, { adm: 'Origineel', to: 'Kopie', onProgress: (e) => events.push(e) });
      assert.equal(r.method, 'template');
      assert.equal(r.number, 2);
      // The server's file copy reports too: the data, then the finish, ending at 100%.
      const meter = new ProgressMeter(operations.copy.phases, operations.copy.summary);
      const percents = events.map((e) => meter.view(e).percent);
      assert.deepEqual(
        events.map((e) => e.step),
        ['restore', 'finish', 'finish', 'finish', 'finish'],
      );
      assert.deepEqual(percents, [0, 75, 83, 91, 100]);
      const copy = await showAdministration(t().ctx, 'Kopie');
      const original = await showAdministration(t().ctx, '1');
      assert.notEqual(copy.identity, original.identity);
      assert.equal(copy.identity, r.identity);
      assert.deepEqual(await digest(t(), 'Kopie'), await digest(t(), '1'));
      const db = await AdminDb.open(t().engine, copy.database);
      try {
        const s = await db.settings();
        assert.deepEqual([s.number, s.name, s.identity], [2, 'Kopie', r.identity]);
      } finally {
        await db.close();
      }
    });

    test('as a streamed snapshot while a user is connected and writing', async () => {
      const writer = await t().engine.connect((await showAdministration(t().ctx, '1')).database);
      let stop = false;
      const booking = (async () => {
        for (let i = 0; !stop; i++) {
          await writer.query('begin');
          const e = await writer.query(
            `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, created_by) values ('MEM', $1, '2026-06-01', 2026, 'klant') returning id`,
            [`C${i}`],
          );
          await writer.query(
            `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, 1, '1000', 7, 0), ($1, 2, '8000', 0, 7)`,
            [e.rows[0].id],
          );
          await writer.query('commit');
        }
      })();
      try {
        const r = await copyAdministration(t().ctx, { adm: '1', to: 'Tijdens werk' });
        assert.equal(r.method, 'stream', 'a template copy is impossible while someone is connected');
        const copy = await showAdministration(t().ctx, 'Tijdens werk');
        const db = await AdminDb.open(t().engine, copy.database);
        try {
          const lines = (await db.client.query('select count(*)::int as n from journal_lines')).rows[0].n;
          assert.equal(copy.counts.transactions, lines, 'the copy is one consistent snapshot');
          const unbalanced = (
            await db.client.query(
              'select count(*)::int as n from (select entry_id from journal_lines group by 1 having sum(debit) <> sum(credit)) x',
            )
          ).rows[0].n;
          assert.equal(unbalanced, 0);
        } finally {
          await db.close();
        }
      } finally {
        stop = true;
        await booking;
        await writer.end();
      }
    });

    test('over an existing number only with confirmation; never over itself', async () => {
      const err = await rejectsWithCode(copyAdministration(t().ctx, { adm: '1', to: '2' }), 'CONFIRMATION_REQUIRED');
      assert.match(
        message(err, 'en'),
        /^Copying over administration 002 "Kopie" \(which will be lost\) needs confirmation\.$/,
      );
      await rejectsWithCode(copyAdministration(t().ctx, { adm: '1', to: '2', replace: 3 }), 'CONFIRMATION_MISMATCH'); // a wrong number is a wrong answer (issue 18)
      const before = (await showAdministration(t().ctx, '2')).identity;
      const r = await copyAdministration(t().ctx, { adm: '1', to: '2', replace: 2, streamed: true });
      assert.equal(r.method, 'stream');
      const after = await showAdministration(t().ctx, '2');
      assert.notEqual(after.identity, before);
      assert.equal(after.name, 'Kopie', 'the number keeps its name');
      assert.deepEqual(await digest(t(), '2'), await digest(t(), '1'));
      const itself = await rejectsWithCode(
        copyAdministration(t().ctx, { adm: '1', to: '1', replace: 1 }),
        'COPY_ONTO_ITSELF',
      );
      assert.equal(message(itself, 'en'), 'Administration 001 cannot be copied over itself.');
    });

    test('renumbering is copying to the new number', async () => {
      const r = await copyAdministration(t().ctx, { adm: 'Origineel', to: '77' });
      assert.equal(r.number, 77);
      assert.equal((await showAdministration(t().ctx, '77')).name, 'Origineel (077)');
    });
  });
}

describe('copy across engines', { skip: selectedEngines().length < 2 }, () => {
  test('embedded → server and server → embedded stream identical content', async () => {
    const embedded = contexts.get('embedded')!;
    const server = contexts.get('server')!;
    for (const [from, to, name] of [
      [embedded, server, 'Van embedded'],
      [server, embedded, 'Van server'],
    ] as const) {
      const r = await copyAdministration(from.ctx, { adm: '1', to: name, target: to.ctx });
      assert.equal(r.method, 'stream');
      assert.deepEqual(await digest(to, name), await digest(from, '1'), name);
      assert.notEqual(
        (await showAdministration(to.ctx, name)).identity,
        (await showAdministration(from.ctx, '1')).identity,
      );
    }
  });
});
