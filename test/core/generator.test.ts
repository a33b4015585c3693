/**
 * The generator: realistic, balanced, counted, and deterministic from its
 * seed, also across engines (PostgreSQL 18 embedded and the server).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAdministration, generatorSizes, issueDemoLicence, showAdministration } from '../../src/core/index.js';
import { AdminDb } from '../../src/core/testing.js';
import { tableDigests } from '../helpers/digest.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant', articles: ['Base'] });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];
const dataTables = ['relations', 'journal_entries', 'journal_lines', 'documents', 'attachments'];

async function digestOf(t: TestContext, ref: string): Promise<Record<string, string>> {
  const d = await showAdministration(t.ctx, ref);
  const db = await AdminDb.open(t.engine, d.database);
  try {
    const all = await tableDigests(db.client);
    return Object.fromEntries(dataTables.map((name) => [name, all[name]!]));
  } finally {
    await db.close();
  }
}

describe('generator', () => {
  const contexts: TestContext[] = [];
  before(async () => {
    for (const kind of selectedEngines()) contexts.push(testContext(await openTestEngine(kind), 'gen'));
  });
  after(async () => {
    for (const t of contexts) await t.cleanup();
  });

  test('an xs administration: counts, balance, attachments as documented', async () => {
    const t = contexts[0]!;
    const size = generatorSizes.xs;
    const events: Array<{ step: string; done: number; total: number }> = [];
    await generateAdministration(t.ctx, {
      name: 'Gen A',
      size,
      seed: 'seed-1',
      licence,
      users,
      fiscalYears: [2025, 2026],
      onProgress: (e) => events.push(e),
    });
    // Progress: each step counts up to its total, and the index build comes last.
    for (const step of ['journal', 'documents']) {
      const done = events.filter((e) => e.step === step).map((e) => e.done);
      assert.deepEqual(
        done,
        [...done].sort((a, b) => a - b),
        step,
      );
      assert.equal(done.at(-1), step === 'journal' ? size.entries : size.documents);
    }
    assert.deepEqual(events.at(-1), { step: 'indexes', done: 1, total: 1 });
    const d = await showAdministration(t.ctx, 'Gen A');
    assert.equal(d.counts.documents, size.documents);
    // Four lines per entry on average.
    assert.ok(
      d.counts.transactions > size.entries * 3.5 && d.counts.transactions < size.entries * 4.5,
      String(d.counts.transactions),
    );
    const db = await AdminDb.open(t.engine, d.database);
    try {
      const c = db.client;
      const lines = await c.query('select count(*)::int as n from journal_lines');
      assert.equal(lines.rows[0].n, d.counts.transactions, 'the counters equal the real counts');
      const unbalanced = await c.query(
        'select count(*)::int as n from (select entry_id from journal_lines group by 1 having sum(debit) <> sum(credit)) x',
      );
      assert.equal(unbalanced.rows[0].n, 0);
      const att =
        await c.query(`select d.mime_type, sum(length(a.content))::int as bytes, bool_and(d.sha256 = sha256(a.content)) as ok, bool_and(d.size_bytes = length(a.content)) as sized
                                   from documents d join attachments a on a.document_id = d.id group by 1 order by 1`);
      assert.deepEqual(
        att.rows.map((r) => r.mime_type),
        ['application/pdf', 'application/xml'],
      );
      assert.ok(
        att.rows.every((r) => r.ok && r.sized),
        'every attachment matches its recorded hash and size',
      );
      const avg = att.rows.reduce((s, r) => s + r.bytes, 0) / size.documents;
      assert.ok(avg > size.attachmentBytes * 0.8 && avg < size.attachmentBytes * 1.2, String(avg));
      // Inserting after a bulk load continues the identity sequences and keeps enforcing balance.
      await c.query('begin');
      const e = await c.query(
        `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, created_by) values ('MEM', 'X1', '2026-03-01', 2026, 'klant') returning id`,
      );
      await c.query(
        `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, 1, '1000', 5, 0), ($1, 2, '8000', 0, 5)`,
        [e.rows[0].id],
      );
      await c.query('commit');
      assert.equal((await db.counts()).transactions, d.counts.transactions + 2);
    } finally {
      await db.close();
    }
  });

  test('the same seed gives identical data, on every engine; another seed differs', async () => {
    const size = generatorSizes.xs;
    const digests = [];
    for (const t of contexts) {
      await generateAdministration(t.ctx, {
        name: 'Gen B',
        size,
        seed: 'seed-2',
        licence,
        users,
        fiscalYears: [2025, 2026],
      });
      digests.push(await digestOf(t, 'Gen B'));
    }
    for (const d of digests) assert.deepEqual(d, digests[0]);
    const t = contexts[0]!;
    await generateAdministration(t.ctx, {
      name: 'Gen C',
      size,
      seed: 'seed-3',
      licence,
      users,
      fiscalYears: [2025, 2026],
    });
    const other = await digestOf(t, 'Gen C');
    assert.notEqual(other['journal_lines'], digests[0]!['journal_lines']);
  });
});

describe('generator attachments', () => {
  test('"scans" are incompressible, also taken together: no two share bytes', async () => {
    const { attachmentContent } = await import('../../src/core/generator/generate-data.js');
    const { compress } = await import('zstd-napi');
    const input = { size: generatorSizes.s, seed: 'x', fiscalYears: [2026], userName: 'u' };
    const scans = [2, 4, 6, 8, 10, 12, 14, 16].map((id) => attachmentContent(input, id).bytes);
    const all = Buffer.concat(scans);
    assert.ok(
      compress(all, { compressionLevel: 3 }).length > all.length * 0.99,
      'random scans must not compress, even side by side',
    );
    const xml = Buffer.concat([1, 3, 5, 7].map((id) => attachmentContent(input, id).bytes));
    assert.ok(compress(xml).length < xml.length * 0.6, 'e-invoices compress');
  });
});
